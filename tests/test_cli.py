from lydiard import __version__
from lydiard.cli import main


def test_version_command(capsys):
    assert main(["version"]) == 0
    assert __version__ in capsys.readouterr().out


def test_unknown_command_is_a_usage_error(capsys):
    assert main(["no-such-command"]) == 2
    assert "No such command" in capsys.readouterr().err


def test_exit_codes_from_commands_are_kept():
    import typer

    from lydiard.cli.app import app

    @app.command("exit-seven", hidden=True)
    def _exit_seven() -> None:
        raise typer.Exit(7)

    assert main(["exit-seven"]) == 7
