"""The web dashboard: a FastAPI app over the store and the core."""
