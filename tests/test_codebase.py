"""House rules of the code itself: the core never imports MkDocs, and lint and types stay clean."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "hooks" / "learning_commons"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_the_core_never_imports_mkdocs_or_material() -> None:
    offenders = {
        path.relative_to(ROOT).as_posix(): sorted(
            name for name in imported_modules(path) if name.split(".")[0] in {"mkdocs", "material"}
        )
        for path in sorted(CORE.rglob("*.py"))
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_scripts_never_import_mkdocs() -> None:
    for path in sorted((ROOT / "scripts").glob("*.py")):
        assert not any(name.split(".")[0] == "mkdocs" for name in imported_modules(path)), path


def test_one_thin_adapter_is_the_only_hook() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["hooks"] == ["hooks/mkdocs_adapter.py"]
    assert sorted(path.name for path in (ROOT / "hooks").glob("*.py")) == ["mkdocs_adapter.py"]


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)


def test_ruff_lint_and_format_are_clean() -> None:
    lint = run(sys.executable, "-m", "ruff", "check", "hooks", "scripts", "tests")
    assert lint.returncode == 0, lint.stdout + lint.stderr
    style = run(sys.executable, "-m", "ruff", "format", "--check", "hooks", "scripts", "tests")
    assert style.returncode == 0, style.stdout + style.stderr


def test_mypy_strict_on_the_core_is_clean() -> None:
    result = run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout + result.stderr
