from pathlib import Path

import pytest

from lydiard.errors import InputError
from lydiard.settings import Settings, load_settings


def test_defaults_come_from_the_user_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    settings = load_settings({"XDG_DATA_HOME": str(tmp_path / "data")})
    assert settings.data_dir == tmp_path / "data" / "lydiard"
    assert settings.database_url == f"sqlite:///{tmp_path / 'data' / 'lydiard' / 'lydiard.db'}"
    assert (settings.athlete, settings.auto_upgrade, settings.config_file) == ("me", True, None)
    assert settings.jobs >= 1


def test_environment_beats_config_file_beats_defaults(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(
        'athlete = "jim"\ndata_dir = "/srv/lydiard"\njobs = 3\nauto_upgrade = false\n'
    )
    env = {"LYDIARD_CONFIG": str(config), "LYDIARD_ATHLETE": "kilian"}
    settings = load_settings(env)
    assert settings.athlete == "kilian"
    assert settings.data_dir == Path("/srv/lydiard")
    assert settings.database_url == "sqlite:////srv/lydiard/lydiard.db"
    assert (settings.jobs, settings.auto_upgrade, settings.config_file) == (3, False, config)
    env = {
        "LYDIARD_DATA_DIR": str(tmp_path),
        "LYDIARD_DATABASE_URL": "postgresql://x@h/db",
        "LYDIARD_JOBS": "2",
        "LYDIARD_AUTO_UPGRADE": "yes",
    }
    settings = load_settings(env, config_file=config)
    assert settings.data_dir == tmp_path
    assert settings.database_url == "postgresql://x@h/db"
    assert (settings.jobs, settings.auto_upgrade) == (2, True)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"LYDIARD_JOBS": "0"}, "LYDIARD_JOBS: expected a whole number of workers >= 1, got '0'"),
        ({"LYDIARD_JOBS": "two"}, "LYDIARD_JOBS"),
        ({"LYDIARD_AUTO_UPGRADE": "maybe"}, "LYDIARD_AUTO_UPGRADE: expected true or false"),
        ({"LYDIARD_ATHLETE": "   "}, "athlete name must not be empty"),
        ({"LYDIARD_CONFIG": "/nonexistent/lydiard.toml"}, "config file not found"),
    ],
)
def test_bad_settings_name_the_variable(env, message):
    with pytest.raises(InputError, match=message):
        load_settings(env)


def test_bad_config_files_are_named(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("athlete = \n")
    with pytest.raises(InputError, match=r"bad\.toml: not valid TOML"):
        load_settings({}, config_file=bad)
    unknown = tmp_path / "unknown.toml"
    unknown.write_text('atlete = "jim"\n')
    with pytest.raises(InputError, match="unknown setting 'atlete'"):
        load_settings({}, config_file=unknown)
    wrong = tmp_path / "wrong.toml"
    wrong.write_text("jobs = -1\n")
    with pytest.raises(InputError, match=r"wrong\.toml: jobs"):
        load_settings({}, config_file=wrong)


def test_settings_for_a_data_dir(tmp_path):
    settings = Settings.for_data_dir(tmp_path, athlete="jim")
    assert settings.database_url == f"sqlite:///{tmp_path / 'lydiard.db'}"
    assert settings.athlete == "jim"
