"""Pages that arrived in the docs folder from elsewhere in the repository, and the log that follows them.

The log of the docs folder (``-- .``) cannot see where a file moved in from: the move looks like an
addition, and the page would start its life on the day of the move, credited to the mover. So for the
commits that add pages, one more git process lists their renames over the whole repository; when some
came from outside the docs folder, one last log reads the docs folder together with the folders they
came from (or the files themselves, when few), and replaces the first one, so the pages' history from
before the move is replayed too.
Two processes more at most, whatever the number of pages or commits.

A file that had itself been moved into those folders from a third place is followed back to that move,
not beyond it (a third pass would follow it, for a cost every build would pay).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from posixpath import dirname

from .commitlog import Commit
from .gitlog import RepoState, read_log, read_renames

# Up to this many pages moved in are followed by their own paths (a README.md moved to docs/index.md
# must not make every build read the history of a whole code repository); more by their folders, and
# past this many folders (git compares every path with each) by the whole repository.
_MAX_FILES = 100
_MAX_FOLDERS = 50


def read_commits(
    docs_dir_log: tuple[Commit, ...], state: RepoState, is_page: Callable[[str], bool]
) -> tuple[Commit, ...]:
    """The commits to replay: ``docs_dir_log`` (the log of the docs folder), or a log that also reads
    the folders pages were moved in from."""
    prefix = state.prefix
    adding = [
        commit.sha
        for commit in docs_dir_log
        if len(commit.parents) == 1 and any(c.status == "A" and is_page(c.path) for c in commit.changes)
    ]
    if not adding or not prefix or state.head is None:  # a docs folder at the root holds everything
        return docs_dir_log
    moved_in = {
        change.old_path
        for commit in read_renames(state.toplevel, adding)
        for change in commit.changes
        if change.old_path is not None
        and change.path.startswith(prefix)
        and not change.old_path.startswith(prefix)
        and is_page(change.path)
    }
    if not moved_in:
        return docs_dir_log
    return read_log(state.toplevel, state.head, [prefix.rstrip("/"), *source_paths(moved_in)])


def source_paths(paths: Collection[str]) -> list[str]:
    """Pathspecs for ``paths`` (repository-relative): themselves when few, else the fewest folders that
    hold them, ``["."]`` for the whole repository."""
    if len(paths) <= _MAX_FILES:
        return sorted(paths)
    folders = sorted({dirname(path) for path in paths})
    if "" in folders or len(folders) > _MAX_FOLDERS:
        return ["."]
    kept: list[str] = []
    for folder in folders:  # sorted, so the folders that hold a folder come before it
        if not any(folder.startswith(f"{outer}/") for outer in kept):
            kept.append(folder)
    return kept
