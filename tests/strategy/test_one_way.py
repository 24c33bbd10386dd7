"""One-way apps: the strategy knows nothing of offers (``eoi`` depends on
``strategy``, never the other way), and its modules stay small."""

import ast
from pathlib import Path

from django.conf import settings

STRATEGY = Path(settings.BASE_DIR) / "strategy"
SMALL = 400


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", ""))
            in ("import_module", "__import__", "import_string")
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.add(str(node.args[0].value))
    return found


def test_no_module_of_strategy_imports_eoi():
    offending = {
        str(path.relative_to(STRATEGY)): sorted(
            name for name in imported_modules(path) if name == "eoi" or name.startswith("eoi.")
        )
        for path in STRATEGY.rglob("*.py")
    }
    assert {path: names for path, names in offending.items() if names} == {}


def test_the_check_sees_an_import_of_eoi(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from eoi.models import Offer\nimport eoi.triage.statuses\n"
        "from importlib import import_module\nimport_module('eoi.triage.services')\n"
    )
    assert imported_modules(sample) >= {"eoi.models", "eoi.triage.statuses", "eoi.triage.services"}


def test_no_module_of_strategy_or_eoi_progress_is_over_400_lines():
    progress = Path(settings.BASE_DIR) / "eoi" / "progress"
    long = {
        str(path.relative_to(settings.BASE_DIR)): len(path.read_text().splitlines())
        for folder in (STRATEGY, progress)
        for path in folder.rglob("*.py")
        if "migrations" not in path.parts
    }
    assert {path: lines for path, lines in long.items() if lines > SMALL} == {}
