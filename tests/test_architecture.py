"""The architecture page's layers are the code's: no module imports one above its layer at module
level, and no module-level import cycle exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "govtasks"
PAGE = ROOT / "docs" / "architecture.md"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(("govtasks", *parts)).removesuffix(".__init__")


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imported_by(node: ast.AST) -> set[str]:
    """The govtasks modules one statement imports: ``from govtasks import query`` imports
    ``govtasks.query``, not the package above it."""
    if isinstance(node, ast.Import):
        names = {alias.name for alias in node.names}
    elif isinstance(node, ast.ImportFrom) and node.module:
        submodules = {f"{node.module}.{alias.name}" for alias in node.names} & set(MODULES)
        names = submodules or {node.module}
    else:
        return set()
    return {name for name in names if name in MODULES}


def module_level_imports(path: Path) -> set[str]:
    """The govtasks modules ``path`` imports when it is imported: not inside functions or classes, nor
    under ``if TYPE_CHECKING``."""
    found: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        found |= imported_by(node)
    return found


def deferred_imports(path: Path) -> set[str]:
    """The govtasks modules ``path`` imports only when a function or method of it runs."""
    found: set[str] = set()
    for top in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(top, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            for node in ast.walk(top):
                found |= imported_by(node)
    return found


GRAPH = {name: module_level_imports(path) - {name} for name, path in MODULES.items()}
DEFERRED = {name: deferred_imports(path) - {name} for name, path in MODULES.items()}


def page_layers() -> dict[str, int]:
    """Module (or package) → layer, as the page's table gives them."""
    table = PAGE.read_text(encoding="utf-8").split("## Layers", 1)[1]
    layers: dict[str, int] = {}
    for layer, cell in re.findall(r"^\| (\d+) \| (.+) \|$", table, flags=re.M):
        for name in re.findall(r"`([\w.]+)`", cell):
            layers["govtasks" if name == "govtasks" else f"govtasks.{name}"] = int(layer)
    return layers


LAYERS = page_layers()


def page_doors() -> set[tuple[str, str]]:
    """(module, module it imports from a layer above), as the page's doors table gives them."""
    table = PAGE.read_text(encoding="utf-8").split("## Doors", 1)[1].split("\n## ", 1)[0]
    doors: set[tuple[str, str]] = set()
    for source, targets in re.findall(r"^\| `([\w.]+)` \| (.+?) \|", table, flags=re.M):
        doors |= {(f"govtasks.{source}", f"govtasks.{name}") for name in re.findall(r"`([\w.]+)`", targets)}
    return doors


def layer_name(module: str) -> str:
    """The name a module goes by in the layers table: its own, else its package's."""
    name = module
    while name not in LAYERS:
        name = name.rsplit(".", 1)[0]
    return name


def layer_of(module: str) -> int:
    """A module's layer: its own row, else its package's (``govtasks.text.reader`` is ``text``'s)."""
    name = module
    while name not in LAYERS:
        assert "." in name, f"{module} is in no layer of docs/architecture.md"
        name = name.rsplit(".", 1)[0]
    return LAYERS[name]


def test_every_module_has_a_layer() -> None:
    assert len(LAYERS) >= 20
    for module in MODULES:
        layer_of(module)
    assert set(LAYERS) <= set(MODULES), "the page names a module that does not exist"


def test_no_import_reaches_up_a_layer() -> None:
    upward = [
        (module, imported)
        for module, imports in GRAPH.items()
        for imported in imports
        if layer_of(imported) > layer_of(module)
    ]
    assert upward == []


def test_no_module_level_import_cycle() -> None:
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for imported in sorted(GRAPH[module]):
            assert state.get(imported) != 1, " → ".join([*path[path.index(imported) :], imported])
            if imported not in state:
                visit(imported, [*path, imported])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])


def test_every_deferred_upward_import_is_a_documented_door() -> None:
    """An import inside a function may reach up a layer only where the page's doors table says so."""
    upward = {
        (layer_name(module), layer_name(imported))
        for module, imports in DEFERRED.items()
        for imported in imports
        if layer_of(imported) > layer_of(module)
    }
    assert upward == page_doors()


def test_the_core_has_one_door_up() -> None:
    """The data classes reach up only through the model's door (Plan's convenience methods, and an
    item's printed form), and only to the modules those name."""
    core = {door for door in page_doors() if door[0] in {"govtasks.model", "govtasks.units"}}
    assert {source for source, _ in core} <= {"govtasks.model"}
    assert {target for _, target in core} <= {"govtasks.query", "govtasks.tables", "govtasks.text"}


def test_every_module_has_a_concern_on_the_page() -> None:
    """The page's table of concerns names every module and package, so the file list reads as the design."""
    text = PAGE.read_text(encoding="utf-8")
    named = set(re.findall(r"`([\w]+)(?:\.py|/)`", text.split("| module | concern |", 1)[1].split("\n\n", 1)[0]))
    top = {module.split(".")[1] for module in MODULES if module.count(".") >= 1} - {"__main__"}
    assert top - named == set()


def test_the_reader_sees_a_planted_upward_import(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text("from govtasks.cli import main\nif TYPE_CHECKING:\n    from govtasks.dataset import x\n")
    assert module_level_imports(planted) == {"govtasks.cli"}
    assert deferred_imports(planted) == set()
    planted.write_text("def f():\n    from govtasks import cli\n")
    assert deferred_imports(planted) == {"govtasks.cli"}
    assert layer_of("govtasks.cli") > layer_of("govtasks.model")
