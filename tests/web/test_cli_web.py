"""``lydiard user`` and ``lydiard serve`` (without starting a server)."""

from __future__ import annotations

import io
import json

import pytest

from lydiard.cli import main
from lydiard.settings import load_settings
from lydiard.store import open_store


@pytest.fixture(autouse=True)
def data_dir(fresh_data_dir):
    return fresh_data_dir


def run(capsys, monkeypatch, *argv, stdin: str = ""):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, " ".join(out.split()), " ".join(err.split())


def test_users_roles_and_coach_links(capsys, monkeypatch):
    code, out, _ = run(
        capsys, monkeypatch, "user", "add", "ann", "--password-stdin", stdin="long enough\n"
    )
    assert (code, out) == (0, "user ann: athlete (athlete ann)")
    code, out, _ = run(
        capsys,
        monkeypatch,
        "user",
        "add",
        "coach",
        "--role",
        "coach",
        "--password-stdin",
        stdin="long enough\n",
    )
    assert out == "user coach: coach"
    assert run(capsys, monkeypatch, "user", "link", "coach", "ann")[1] == "coach now coaches ann"
    code, out, _ = run(capsys, monkeypatch, "user", "list", "--json")
    users = json.loads(out)
    assert users == [
        {"username": "ann", "role": "athlete", "athlete": "ann", "squad": [], "disabled": False},
        {
            "username": "coach",
            "role": "coach",
            "athlete": None,
            "squad": ["ann"],
            "disabled": False,
        },
    ]
    with open_store(load_settings()) as store:
        assert store.users.authenticate("ann", "long enough") is not None
        token, _ = store.web_sessions.create(store.users.get("ann").id, lifetime_s=60)
    code, out, _ = run(
        capsys, monkeypatch, "user", "passwd", "ann", "--password-stdin", stdin="another one\n"
    )
    assert out == "password of ann changed; 1 session(s) ended"
    with open_store(load_settings()) as store:
        assert store.users.authenticate("ann", "long enough") is None
        assert store.web_sessions.get(token) is None
    assert run(capsys, monkeypatch, "user", "disable", "ann")[1] == "ann disabled"


def test_user_input_errors(capsys, monkeypatch):
    code, _, err = run(
        capsys, monkeypatch, "user", "add", "ann", "--password-stdin", stdin="short\n"
    )
    assert code == 3
    assert "at least 8 characters" in err
    code, _, err = run(
        capsys,
        monkeypatch,
        "user",
        "add",
        "x y",
        "--role",
        "boss",
        "--password-stdin",
        stdin="long enough\n",
    )
    assert code == 3
    code, _, err = run(capsys, monkeypatch, "user", "link", "nobody", "ann")
    assert code == 4


def test_serve_refuses_accounts_mode_without_users(capsys, monkeypatch):
    code, _, err = run(capsys, monkeypatch, "serve", "--host", "0.0.0.0", "--port", "8765")
    assert code == 3
    assert "lydiard user add" in err
    code, _, err = run(capsys, monkeypatch, "serve", "--host", "10.1.2.3", "--no-accounts")
    assert code == 3
    assert "requires accounts" in err
    code, _, err = run(capsys, monkeypatch, "serve", "--ssl-certfile", "c.pem")
    assert code == 3
    assert "go together" in err
