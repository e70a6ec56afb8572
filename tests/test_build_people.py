"""People and what was learned, in real builds of a throwaway repository: who is credited where, and what
"recently learned" and its feed tell a reader."""

from __future__ import annotations

from pathlib import Path

import pytest
from gitrepo import GitRepo, epoch
from sitebuild import BuildResult, run_build, write_project
from test_build_history import ADA, BEA, article, header_facts, isolated

pytestmark = pytest.mark.build

NOW = "2026-04-01T12:00:00Z"
TAGS = "feedback:\n  description: Giving and receiving feedback that helps people grow.\n"


def playbook(title: str, owner: str = "", body: str = "Body.\n") -> str:
    who = f"owner: {owner}\n" if owner else ""
    return (
        f"---\ntitle: {title}\nsummary: A playbook written by the tests, long enough to be valid.\n"
        f"tags: [feedback]\n{who}---\n\n{body}"
    )


def build(repo: GitRepo, config: Path) -> BuildResult:
    built = run_build(config, env=isolated(repo, SOURCE_DATE_EPOCH=str(epoch(NOW))))
    assert built.returncode == 0, built.log
    return built


@pytest.fixture(scope="module")
def credited(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """Ada writes a playbook with Bea (Co-authored-by); Ruth owns it and never commits."""
    repo = GitRepo(tmp_path_factory.mktemp("people") / "repo")
    config = write_project(
        repo.root,
        {"playbooks/pairing.md": playbook("Pair on it", owner="ruth adeyemi")},
        tags=TAGS,
        commons={"person_pages_from": 1},
    )
    repo.write(".gitignore", "site/\n")
    repo.commit(
        "Add the pairing playbook\n\nCo-authored-by: Bea Ortiz <bea@example.org>", date="2026-03-02T10:00:00Z"
    )
    return build(repo, config)


def test_a_co_author_is_credited_on_the_page_and_on_contributors(credited: BuildResult) -> None:
    assert "By Ada Lovelace and Bea Ortiz" in header_facts(credited, "playbooks/pairing/")
    names = [
        section.one("h2").text() for section in article(credited, "contributors/").all("section", "lc-person")
    ]
    assert names == [ADA[0], BEA[0], "ruth adeyemi"]
    bea = article(credited, "contributors/bea-ortiz/")
    assert bea.one("ul", "lc-person__pages").links() == [("Pair on it", "../../playbooks/pairing/")]


def test_an_owner_who_never_committed_appears_with_their_pages(credited: BuildResult) -> None:
    ruth = article(credited, "contributors/ruth-adeyemi/")
    assert ruth.one("p", "lc-person__stats").text() == "1 page owned"
    assert ruth.one("ul", "lc-person__pages").links() == [("Pair on it", "../../playbooks/pairing/")]
