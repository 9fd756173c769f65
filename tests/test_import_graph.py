"""The import graph: ingest's modules form a DAG, and the packages import one way only.

ontology <- ingest; ontology <- queries <- viz; api on top (README.md). Read from the source with
``ast``, so an import inside a function counts as one at module level (a local import does not break a
cycle, it hides it); imports under ``if TYPE_CHECKING:`` (annotations only, never run) do not count.
That only api/settings.py reads ``CCHC_KG_*`` variables is tested in tests/test_settings.py.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# What each package may import (besides itself and third-party code).
ALLOWED = {
    "ontology": set(),
    "ingest": {"ontology"},
    "queries": {"ontology"},
    "viz": {"ontology", "queries"},
}

# The one cycle left, by design: the reader registry (readers/source.py) registers the built-in readers on
# first use, inside ``_register_defaults``, and each of them imports ``SourceText`` from it.
REGISTRY_EDGES = {
    ("ingest.readers.source", f"ingest.readers.{name}") for name in ("docx", "html", "office", "pdf", "text")
}


def module_name(path: Path, root: Path) -> str:
    """``ingest/readers/pdf.py`` -> ``ingest.readers.pdf``; a package's ``__init__.py`` -> the package."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _run_time_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node of ``tree`` except the bodies of ``if TYPE_CHECKING:`` blocks."""
    nodes, pending = [], [tree]
    while pending:
        node = pending.pop()
        nodes.append(node)
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
            pending.extend(node.orelse)
        else:
            pending.extend(ast.iter_child_nodes(node))
    return nodes


def imported_names(path: Path, root: Path) -> set[str]:
    """Every module name ``path`` imports when run (``from a.b import c`` gives ``a.b`` and ``a.b.c``)."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    names: set[str] = set()
    for node in _run_time_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    """Module -> the modules of the same package it imports."""
    paths = {module_name(path, root): path for path in sorted((root / package).rglob("*.py"))}
    return {
        name: {other for other in imported_names(path, root) if other in paths and other != name}
        for name, path in paths.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_ingest_modules_form_a_dag() -> None:
    graph = import_graph(ROOT, "ingest")
    # the graph is really read: the reading order of README's pipeline is in it
    assert {"ingest.recognise", "ingest.inline", "ingest.finders"} <= graph["ingest.tables"]
    assert {"ingest.builder", "ingest.columns"} <= graph["ingest.recognise"]
    assert "ingest.mapping" in graph["ingest.pipeline"]
    for source, target in REGISTRY_EDGES & {(s, t) for s, targets in graph.items() for t in targets}:
        graph[source].discard(target)
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle_through_a_local_import(tmp_path: Path) -> None:
    """A cycle hidden in a function (the old ``tables`` <-> ``inline`` one) is still a cycle; an
    annotation-only import is not."""
    files = {
        "__init__.py": "",
        "a.py": "from pkg.b import f\n",
        "b.py": "def f():\n    from pkg import c\n",
        "c.py": "from . import a\n",
        "d.py": "import pkg.a\nimport pkg.e\n",
        "e.py": "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    import pkg.d\n",
    }
    (tmp_path / "pkg").mkdir()
    for name, text in files.items():
        (tmp_path / "pkg" / name).write_text(text)
    assert cycles(import_graph(tmp_path, "pkg")) == [["pkg.a", "pkg.b", "pkg.c"]]
    (tmp_path / "pkg" / "e.py").write_text("import pkg.d\n")
    assert cycles(import_graph(tmp_path, "pkg")) == [["pkg.a", "pkg.b", "pkg.c"], ["pkg.d", "pkg.e"]]


def test_packages_import_one_way() -> None:
    """ingest and queries never import each other; ontology imports none of the others; viz imports
    neither api nor ingest."""
    wrong: dict[str, set[str]] = defaultdict(set)
    for package, allowed in ALLOWED.items():
        for path in sorted((ROOT / package).rglob("*.py")):
            for name in imported_names(path, ROOT):
                top = name.partition(".")[0]
                if top in {"api", "bench", "tests", *ALLOWED} and top not in {package, *allowed}:
                    wrong[str(path.relative_to(ROOT))].add(top)
    assert dict(wrong) == {}
