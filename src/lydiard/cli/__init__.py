"""The ``lydiard`` command line: a Typer app, one module per command group.

Every module in this package that defines commands registers them on :data:`app` when
imported; :func:`main` imports them all, runs the app and turns lydiard's errors into
one line on stderr and a meaningful exit code.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import typer
from rich.markup import escape

from lydiard.cli.app import app, console_err
from lydiard.errors import ExitCode, LydiardError

__all__ = ["app", "load_commands", "main"]


def load_commands() -> None:
    """Import every command module of this package so their commands register."""
    for info in pkgutil.iter_modules(__path__):
        if info.name not in {"app", "output"}:
            importlib.import_module(f"{__name__}.{info.name}")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return the process exit code.

    Args:
        argv: arguments without the program name; ``sys.argv[1:]`` when None.
    """
    load_commands()
    try:
        # Without standalone mode, click returns the code of a `typer.Exit(code)`.
        result = app(args=argv, prog_name="lydiard", standalone_mode=False)
    except LydiardError as exc:
        console_err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        console_err.print("interrupted")
        return 130
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        return 130
    except typer.TyperException as exc:  # usage errors: unknown command, bad option
        show = getattr(exc, "show", None)
        if callable(show):
            show(file=sys.stderr)
        else:
            console_err.print(f"error: {exc}")
        return int(getattr(exc, "exit_code", ExitCode.USAGE))
    return result if isinstance(result, int) else int(ExitCode.OK)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
