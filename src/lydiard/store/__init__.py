"""The store: database schema, repository, samples codec and migrations."""
