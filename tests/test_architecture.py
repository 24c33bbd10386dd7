"""The code's shape, enforced: the import rules (import-linter's contracts in
pyproject.toml), no import cycle between modules (imports inside functions
included), no private name imported from another module, a handful of
modules loose at the top of ``eoi``, and only public APIs of Django."""

import ast
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("eoi", "strategy", "leicester_sl")


def python_files():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_the_import_contracts_hold():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def strongly_connected(edges: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iteratively: the groups of modules that import
    each other, directly or through others."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups = []
    for start in edges:
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(group)
    return groups


def test_strongly_connected_finds_a_cycle():
    assert strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]
    assert strongly_connected({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_itself_through_others():
    graph = grimp.build_graph(*PACKAGES)
    edges = {module: graph.find_modules_directly_imported_by(module) for module in graph.modules}
    assert strongly_connected(edges) == []


def test_no_private_name_is_imported_from_another_module():
    found = []
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                parts = (node.module or "").split(".")
                names = [alias.name for alias in node.names]
                private = [
                    n for n in [*parts, *names] if n.startswith("_") and not n.startswith("__")
                ]
                if private:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {private}")
    assert found == []


def test_a_handful_of_modules_stand_loose_in_eoi():
    loose = sorted(path.name for path in (ROOT / "eoi").glob("*.py"))
    assert len(loose) <= 6, loose


def test_no_private_method_of_django_is_overridden_and_no_statement_is_hand_built():
    found = []
    for path in python_files():
        text = path.read_text(encoding="utf-8")
        for marker in (
            "def _do_insert",
            "def _do_update",
            "_update_initial_state",
            "leicester_sl.statements",
        ):
            if marker in text:
                found.append(f"{path.relative_to(ROOT)}: {marker}")
        for number, line in enumerate(text.splitlines(), 1):
            if "cursor.execute(" in line:
                # Each must say, just above, which database feature the ORM lacks.
                above = "\n".join(text.splitlines()[max(0, number - 6) : number - 1])
                if "#" not in above:
                    found.append(f"{path.relative_to(ROOT)}:{number} raw SQL without its reason")
    assert found == []
