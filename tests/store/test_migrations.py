"""Migrations build the schema the models describe, on SQLite and PostgreSQL."""

import sqlite3

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from lydiard.errors import InputError, StoreError
from lydiard.store import SchemaState, connect, head_revision, open_store
from lydiard.store import migrate as migrate_module
from lydiard.store.engine import make_engine
from lydiard.store.migrate import alembic_config, schema_status, upgrade
from lydiard.store.schema import Base


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'fresh' / 'lydiard.db'}"
    return request.getfixturevalue("pg_schema")


@pytest.fixture
def engine(empty_url):
    engine = make_engine(empty_url)
    yield engine
    engine.dispose()


def test_upgrade_builds_the_schema_the_models_describe(engine):
    assert schema_status(engine).state is SchemaState.EMPTY
    status = upgrade(engine)
    assert (status.state, status.current) == (SchemaState.CURRENT, head_revision())
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    # The `alembic check` test: autogenerate finds nothing to change.
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    # And the migration can be undone and redone.
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "base")
    assert not set(Base.metadata.tables) & set(inspect(engine).get_table_names())
    assert upgrade(engine).state is SchemaState.CURRENT


def test_sqlite_uses_write_ahead_logging_and_foreign_keys(tmp_path):
    path = tmp_path / "lydiard.db"
    store = open_store(f"sqlite:///{path}")
    with store.db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    info = store.info()
    assert info.path == path
    assert info.size_bytes > 0
    assert info.counts["activities"] == 0
    store.close()


def test_newer_and_foreign_databases_are_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'lydiard.db'}"
    open_store(url).close()
    with sqlite3.connect(tmp_path / "lydiard.db") as db:
        db.execute("UPDATE alembic_version SET version_num = 'zz99'")
    with pytest.raises(StoreError, match="newer than this lydiard"):
        open_store(url)
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE stuff (x INTEGER)")
    with pytest.raises(StoreError, match="no lydiard schema revision"):
        open_store(f"sqlite:///{foreign}")


def test_a_schema_behind_is_upgraded_or_refused_as_settings_say(tmp_path, monkeypatch):
    path = tmp_path / "lydiard.db"
    url = f"sqlite:///{path}"
    open_store(url).close()
    # Pretend this lydiard ships a newer revision than the database has.
    monkeypatch.setattr(migrate_module, "head_revision", lambda: "9999")
    with pytest.raises(StoreError, match="run `lydiard db upgrade`"):
        open_store(url, auto_upgrade=False)
    assert connect(url).status().state is SchemaState.BEHIND
    open_store(url, auto_upgrade=True).close()
    # An existing SQLite file is copied before migrating.
    assert (tmp_path / "lydiard.db.before-9999").is_file()


def test_missing_tables_say_what_to_do(tmp_path):
    store = connect(f"sqlite:///{tmp_path / 'blank.db'}")
    with pytest.raises(StoreError, match="lydiard db upgrade"):
        store.activities.count()
    store.close()


def test_bad_urls_and_unreachable_servers(tmp_path):
    with pytest.raises(InputError, match="supports sqlite"):
        connect("mysql://root@localhost/x")
    with pytest.raises(InputError, match="cannot be read"):
        connect("not a url")
    with pytest.raises(StoreError, match="cannot reach") as info:
        open_store("postgresql://lydiard:s3cret@127.0.0.1:1/lydiard")
    assert "s3cret" not in str(info.value)
    assert "postgresql+psycopg://lydiard:***@127.0.0.1:1/lydiard" in str(info.value)
    blocked = tmp_path / "file"
    blocked.write_text("x")
    with pytest.raises(StoreError, match="cannot create the data folder"):
        connect(f"sqlite:///{blocked / 'sub' / 'lydiard.db'}")
