"""Settings under extra.commons and reading mkdocs.yml without MkDocs: defaults, types and suggestions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from learning_commons.model import Period
from learning_commons.problems import CommonsError
from learning_commons.settings import Settings, read_settings
from learning_commons.siteconfig import read_site_config

ROOT = Path(__file__).resolve().parent.parent


def messages(raw: Any) -> list[str]:
    return [str(problem) for problem in read_settings(raw)[1]]


def test_no_settings_means_the_defaults() -> None:
    assert read_settings(None) == (Settings(), [])
    assert read_settings({}) == (Settings(), [])


def test_valid_settings_are_converted() -> None:
    settings, problems = read_settings(
        {
            "history": False,
            "timezone": "Europe/Berlin",
            "recent_days": 30,
            "bots": ["ci-bot", "renovate@example.org"],
            "review_every": {"lesson": "2 Years", "playbook": "6 months", "page": "1 year"},
            "tags_file": "vocabulary/tags.yaml",
        }
    )
    assert problems == []
    assert (settings.history, settings.timezone, settings.recent_days) == (False, "Europe/Berlin", 30)
    assert settings.bots == ("ci-bot", "renovate@example.org")
    assert settings.review_every == {
        "lesson": Period(2, "years"),
        "playbook": Period(6, "months"),
        "page": Period(1, "years"),
    }
    assert settings.tags_file == "vocabulary/tags.yaml"


def test_unknown_setting_suggests_the_closest() -> None:
    assert messages({"histroy": False}) == [
        "mkdocs.yml: unknown setting 'extra.commons.histroy' — did you mean 'history'?"
    ]


def test_unknown_setting_without_a_close_one_lists_them_all() -> None:
    assert messages({"colour": "teal"}) == [
        "mkdocs.yml: unknown setting 'extra.commons.colour' — valid settings: history, search, timezone, recent_days, "
        "home_recent, bulk_commit_pages, small_edit_lines, bots, teams, person_pages_from, max_page_bytes, "
        "tags_file, review_every, review_soon_days, warn_overdue_actions, pulse_months, nav_section_limit, "
        "migration_until"
    ]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"history": "yes"}, "setting 'extra.commons.history' must be true or false"),
        ({"history": 1}, "setting 'extra.commons.history' must be true or false"),
        ({"recent_days": "90"}, "setting 'extra.commons.recent_days' must be a whole number from 1 to 3660"),
        ({"recent_days": True}, "setting 'extra.commons.recent_days' must be a whole number from 1 to 3660"),
        ({"recent_days": 0}, "setting 'extra.commons.recent_days' must be a whole number from 1 to 3660"),
        ({"recent_days": 9.5}, "setting 'extra.commons.recent_days' must be a whole number from 1 to 3660"),
        (
            {"max_page_bytes": 10},
            "setting 'extra.commons.max_page_bytes' must be a whole number from 1000 to 50000000",
        ),
        ({"pulse_months": 2}, "setting 'extra.commons.pulse_months' must be a whole number from 3 to 60"),
        ({"pulse_months": 61}, "setting 'extra.commons.pulse_months' must be a whole number from 3 to 60"),
        ({"bots": "dependabot"}, "setting 'extra.commons.bots' must be a list of names"),
        ({"bots": ["ok", 3]}, "setting 'extra.commons.bots' must be a list of names"),
        (
            {"timezone": ""},
            "setting 'extra.commons.timezone' must be text — use a name from the tz database, e.g. 'Europe/Berlin'",
        ),
        (
            {"timezone": 1},
            "setting 'extra.commons.timezone' must be text — use a name from the tz database, e.g. 'Europe/Berlin'",
        ),
        (
            {"tags_file": "../../etc/passwd.yml"},
            "setting 'extra.commons.tags_file' is '../../etc/passwd.yml': "
            "it must be a .yml file inside docs/, like 'tags.yml'",
        ),
        (
            {"tags_file": "/etc/tags.yml"},
            "setting 'extra.commons.tags_file' is '/etc/tags.yml': "
            "it must be a .yml file inside docs/, like 'tags.yml'",
        ),
        (
            {"tags_file": "tags.md"},
            "setting 'extra.commons.tags_file' is 'tags.md': "
            "it must be a .yml file inside docs/, like 'tags.yml'",
        ),
        (
            {"review_every": "6 months"},
            "setting 'extra.commons.review_every' must map page types "
            "(playbook, lesson, workshop, page) to periods like '6 months'",
        ),
        (
            {"review_every": {"playbooks": "6 months"}},
            "setting 'extra.commons.review_every' names an unknown "
            "page type 'playbooks' (use playbook, lesson, workshop, page)",
        ),
        (
            {"review_every": {"playbook": "0 months"}},
            "setting 'extra.commons.review_every' has '0 months' for playbook, not a period like '6 months'",
        ),
        (
            {"review_every": {"playbook": "6 monthss"}},
            "setting 'extra.commons.review_every' has '6 monthss' for playbook, not a period like '6 months'",
        ),
        (
            {"review_every": {"playbook": 6}},
            "setting 'extra.commons.review_every' has '6' for playbook, not a period like '6 months'",
        ),
    ],
)
def test_wrong_types_and_values(raw: dict[str, Any], message: str) -> None:
    settings, problems = read_settings(raw)
    assert [str(problem) for problem in problems] == [f"mkdocs.yml: {message}"]
    assert settings == Settings()  # the default stands in


@pytest.mark.parametrize(
    "zone", ["Mars/Olympus_Mons", "America", "../../etc/passwd", "/etc/localtime", "utc\0"]
)
def test_bad_timezone(zone: str) -> None:
    assert messages({"timezone": zone}) == [
        f"mkdocs.yml: setting 'extra.commons.timezone' names an unknown time zone '{zone}' — "
        "use a name from the tz database, e.g. 'Europe/Berlin'"
    ]


def test_settings_that_are_not_a_mapping() -> None:
    assert messages(["history", False]) == ["mkdocs.yml: 'extra.commons' must be a mapping of settings"]


def test_every_problem_is_reported_and_good_values_kept() -> None:
    settings, problems = read_settings({"history": False, "recent_days": -1, "timzone": "UTC"}, "site.yml")
    assert [str(problem) for problem in problems] == [
        "site.yml: setting 'extra.commons.recent_days' must be a whole number from 1 to 3660",
        "site.yml: unknown setting 'extra.commons.timzone' — did you mean 'timezone'?",
    ]
    assert settings == Settings(history=False)


# -- mkdocs.yml without MkDocs ------------------------------------------------------------------------


def test_the_real_config() -> None:
    config = read_site_config(ROOT / "mkdocs.yml")
    assert config.docs_dir == ROOT / "docs"
    assert config.site_name == "Learning Commons"
    assert config.site_url.startswith("https://")
    settings, problems = read_settings(config.raw_settings)
    assert problems == []
    assert settings.history is True


def test_config_with_python_and_env_tags(tmp_path: Path) -> None:
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(
        "site_name: Test\ndocs_dir: content\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "site_url: !ENV [SITE_URL, 'https://example.org/']\n"
        "extra:\n  commons:\n    history: false\n",
        encoding="utf-8",
    )
    config = read_site_config(config_file)
    assert config.docs_dir == tmp_path / "content"
    assert config.site_url == ""  # tags are not evaluated: the scripts need no URL
    assert config.raw_settings == {"history": False}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "{path}: cannot read (No such file or directory) — run from the wiki's folder"),
        (b"- a\n- b\n", "{path}: must be a mapping of settings"),
        (b"site_name: caf\xe9\n", "{path}: not UTF-8 text (invalid continuation byte) — save it as UTF-8"),
    ],
)
def test_bad_config_is_a_commons_error(tmp_path: Path, content: bytes | None, message: str) -> None:
    config_file = tmp_path / "mkdocs.yml"
    if content is not None:
        config_file.write_bytes(content)
    with pytest.raises(CommonsError) as raised:
        read_site_config(config_file)
    assert str(raised.value) == message.format(path=config_file)


def test_config_that_is_not_yaml(tmp_path: Path) -> None:
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text("site_name: [unclosed\n", encoding="utf-8")
    with pytest.raises(CommonsError) as raised:
        read_site_config(config_file)
    assert str(raised.value) == (
        f"{config_file}:2: not valid YAML (expected ',' or ']', but got '<stream end>' while parsing a flow sequence)"
    )
