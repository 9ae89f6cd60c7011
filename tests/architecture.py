"""The architecture checks of tests/test_architecture.py: each reads the project's Python files with
`ast` (no imports, no Django) and returns its findings as readable lines, empty when all is well."""

import ast
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Lower layers first: a module may import its own layer and the ones before it.
APPS = ("trygg", "actors", "lagesbild", "cycles")
PACKAGES = (*APPS, "bench", "tests")  # the tests too: no private names, no file over MAX_LINES
SKIPPED_DIRS = {"migrations", ".venv", ".tools", "__pycache__"}
MAX_LINES = 600
LAYER_SUFFIX = re.compile(r"^(models|forms|admin|urls|services|demo|views)_\w+$")


@dataclass
class Import:
    target: str  # the project module imported
    line: int
    name: str | None = None  # x in `from … import x` (a name in target, or target's last part)


@dataclass
class Module:
    name: str
    path: Path  # relative to the root
    tree: ast.Module
    lines: int
    imports: list[Import] = field(default_factory=list)


def load(root: Path = ROOT, packages=PACKAGES) -> dict[str, Module]:
    """Every module of the packages under root, by dotted name, with its imports of project modules."""
    modules = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            rel = path.relative_to(root)
            if SKIPPED_DIRS & set(rel.parts):
                continue
            parts = rel.with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            text = path.read_text(encoding="utf-8")
            modules[name] = Module(name, rel, ast.parse(text, str(rel)), len(text.splitlines()))
    for module in modules.values():
        module.imports = list(_imports(module, modules))
    return modules


def _imports(module: Module, modules: dict[str, Module]):
    """Every import statement of the module, wherever it stands, resolved to project modules."""
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if target := _known(alias.name, modules):
                    yield Import(target, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.name.split(".")
                if module.path.name != "__init__.py":
                    package = package[:-1]
                package = package[: len(package) - node.level + 1]
                base = ".".join([*package, base] if base else package)
            for alias in node.names:  # `from . import x`: x may be a submodule
                if f"{base}.{alias.name}" in modules:
                    yield Import(f"{base}.{alias.name}", node.lineno, alias.name)
                elif target := _known(base, modules):
                    yield Import(target, node.lineno, alias.name)


def _known(dotted: str, modules) -> str | None:
    """The project module that `dotted` names, or its nearest enclosing one (None outside the project)."""
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in modules:
            return ".".join(parts[:end])
    return None


def import_cycles(modules: dict[str, Module]) -> list[str]:
    """One chain `a (file:line) -> b (file:line) -> a` for each module caught in an import cycle."""
    graph = {name: {} for name in modules}
    for module in modules.values():
        for imp in module.imports:
            if imp.target != module.name:
                graph[module.name].setdefault(imp.target, imp.line)
    chains = set()
    for component in _strongly_connected(graph):
        for start in sorted(component):
            chains.add(_rotate(_shortest_cycle(graph, start, component)))
    return [
        " -> ".join(f"{a} ({modules[a].path}:{graph[a][b]})" for a, b in itertools.pairwise(chain))
        + f" -> {chain[-1]}"
        for chain in sorted(chains)
    ]


def _strongly_connected(graph):
    """Tarjan's algorithm: the components of more than one module."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(component)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _shortest_cycle(graph, start, component):
    """Breadth-first from start back to start, inside the component: [start, …, start]."""
    paths, queue = {start: [start]}, [start]
    for v in queue:
        for w in sorted(graph[v]):
            if w == start:
                return [*paths[v], start]
            if w in component and w not in paths:
                paths[w] = [*paths[v], w]
                queue.append(w)
    raise AssertionError(f"{start} is in a component without a cycle")


def _rotate(cycle):
    """The same cycle always starts at its smallest name, so that each is reported once."""
    ring = cycle[:-1]
    i = ring.index(min(ring))
    ring = ring[i:] + ring[:i]
    return (*ring, ring[0])


def _layer(name: str) -> int | None:
    top = name.split(".")[0]
    return APPS.index(top) if top in APPS else None


def import_direction(modules: dict[str, Module]) -> list[str]:
    """Imports against trygg ← actors ← lagesbild ← cycles (settings and the root URLconf name every app)."""
    problems = []
    for module in modules.values():
        own = _layer(module.name)
        if own is None or module.name.startswith("trygg.settings") or module.name == "trygg.urls":
            continue
        for imp in module.imports:
            if (theirs := _layer(imp.target)) is not None and theirs > own:
                problems.append(f"{module.path}:{imp.line}: {module.name} imports {imp.target}")
    return problems


def private_imports(modules: dict[str, Module]) -> list[str]:
    """`from x import _name`, x a project module; dunder names are public."""
    problems = []
    for module in modules.values():
        for imp in module.imports:
            name = imp.name or ""
            if name.startswith("_") and not (name.startswith("__") and name.endswith("__")):
                source = imp.target.removesuffix(f".{name}")  # `from pkg import _module` too
                problems.append(f"{module.path}:{imp.line}: imports {name} from {source}")
    return problems


def long_files(modules: dict[str, Module], limit: int = MAX_LINES) -> list[str]:
    return [f"{m.path}: {m.lines} lines" for m in modules.values() if m.lines > limit]


def layer_suffix_modules(modules: dict[str, Module]) -> list[str]:
    """models_x.py beside models.py: a layer that outgrows one module becomes a package instead."""
    return [
        f"{m.path}: {m.name.rsplit('.', 1)[-1]} is named for its layer; make the layer a package"
        for m in modules.values()
        if _layer(m.name) is not None and LAYER_SUFFIX.match(m.name.rsplit(".", 1)[-1])
    ]


def late_imports(modules: dict[str, Module]) -> list[str]:
    """Module-level imports below the first top-level def or class, except under `if TYPE_CHECKING:`."""
    problems = []
    for module in modules.values():
        body = module.tree.body
        first = next((i for i, n in enumerate(body) if isinstance(n, _DEFINITIONS)), len(body))
        for statement in body[first:]:
            for node in _module_level(statement):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    problems.append(f"{module.path}:{node.lineno}: import below the first def/class")
    return problems


_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _module_level(node):
    """The node and what it holds, leaving out function and class bodies and TYPE_CHECKING blocks."""
    if isinstance(node, _DEFINITIONS):
        return
    if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
        yield from (n for child in node.orelse for n in _module_level(child))
        return
    yield node
    for child in ast.iter_child_nodes(node):
        yield from _module_level(child)
