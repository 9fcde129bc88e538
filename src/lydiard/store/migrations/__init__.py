"""Alembic migration scripts of the lydiard store."""
