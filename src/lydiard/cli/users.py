"""``lydiard user``: web logins (argon2id passwords), roles, and coaches' athletes."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from lydiard.cli.app import app, console
from lydiard.cli.output import print_json
from lydiard.cli.store_access import open_cli_store, read_settings
from lydiard.errors import InputError

user_app = typer.Typer(
    help="Web logins: add users (athlete, coach, admin), link coaches to athletes.",
    no_args_is_help=True,
)
app.add_typer(user_app, name="user")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    if not password:
        raise InputError("password: empty")
    return password


@user_app.command("add")
def add(
    username: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[str, typer.Option("--role", help="athlete, coach or admin.")] = "athlete",
    athlete: Annotated[
        str | None,
        typer.Option(
            "--athlete", help="The athlete profile of an athlete user (default: the login name)."
        ),
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Create a login. An athlete user gets (or is tied to) an athlete profile."""
    password = _password(password_stdin)
    settings = read_settings()
    with open_cli_store(settings) as store:
        athlete_id = None
        if role == "athlete" or athlete is not None:
            athlete_id = store.athletes.ensure(athlete or username).id
        user = store.users.create(username, password, role, athlete_id=athlete_id)
    tied = f" (athlete {athlete or username})" if athlete_id is not None else ""
    console.print(f"user {user.username}: {user.role.value}{tied}")


@user_app.command("list")
def list_users(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List logins with their roles and athletes."""
    settings = read_settings()
    with open_cli_store(settings) as store:
        users = store.users.list()
        names = {a.id: a.name for a in store.athletes.list()}
        squads = {u.id: store.users.athletes_of(u.id) for u in users if u.role.value == "coach"}
    if as_json:
        print_json(
            [
                {
                    "username": u.username,
                    "role": u.role.value,
                    "athlete": names.get(u.athlete_id) if u.athlete_id else None,
                    "squad": [names[i] for i in squads.get(u.id, [])],
                    "disabled": u.disabled,
                }
                for u in users
            ]
        )
        return
    table = Table("User", "Role", "Athlete", "Squad", "")
    for u in users:
        table.add_row(
            u.username,
            u.role.value,
            names.get(u.athlete_id, "") if u.athlete_id else "",
            ", ".join(names[i] for i in squads.get(u.id, [])),
            "disabled" if u.disabled else "",
        )
    console.print(table)


@user_app.command("link")
def link(
    coach: Annotated[str, typer.Argument(help="The coach's login name.")],
    athlete: Annotated[str, typer.Argument(help="The athlete's name.")],
) -> None:
    """Let a coach see and change an athlete's data."""
    settings = read_settings()
    with open_cli_store(settings) as store:
        store.users.link_coach(coach, store.athletes.get(athlete).id)
    console.print(f"{coach} now coaches {athlete}")


@user_app.command("unlink")
def unlink(
    coach: Annotated[str, typer.Argument(help="The coach's login name.")],
    athlete: Annotated[str, typer.Argument(help="The athlete's name.")],
) -> None:
    """Take away a coach's access to an athlete."""
    settings = read_settings()
    with open_cli_store(settings) as store:
        store.users.unlink_coach(coach, store.athletes.get(athlete).id)
    console.print(f"{coach} no longer coaches {athlete}")


@user_app.command("passwd")
def passwd(
    username: Annotated[str, typer.Argument(help="Login name.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Change a password (and log the user out everywhere)."""
    password = _password(password_stdin)
    settings = read_settings()
    with open_cli_store(settings) as store:
        user = store.users.get(username)
        store.users.set_password(user.id, password)
        ended = store.web_sessions.delete_for_user(user.id)
    console.print(f"password of {username} changed; {ended} session(s) ended")


@user_app.command("disable")
def disable(
    username: Annotated[str, typer.Argument(help="Login name.")],
    enable: Annotated[bool, typer.Option("--enable", help="Enable it again.")] = False,
) -> None:
    """Stop a login from working (and end its sessions), or enable it again."""
    settings = read_settings()
    with open_cli_store(settings) as store:
        user = store.users.get(username)
        store.users.set_disabled(user.id, not enable)
        if not enable:
            store.web_sessions.delete_for_user(user.id)
    console.print(f"{username} {'enabled' if enable else 'disabled'}")
