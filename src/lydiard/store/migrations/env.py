"""Alembic environment: runs on the connection :mod:`lydiard.store.migrate` hands over."""

from __future__ import annotations

from alembic import context

from lydiard.store.schema import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
