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


def module_level_imports(path: Path) -> set[str]:
    """The govtasks modules ``path`` imports when it is imported: not inside functions or classes, nor
    under ``if TYPE_CHECKING``."""
    found: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("govtasks"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("govtasks")}
    return {name for name in found if name in MODULES}


GRAPH = {name: module_level_imports(path) - {name} for name, path in MODULES.items()}


def page_layers() -> dict[str, int]:
    """Module (or package) → layer, as the page's table gives them."""
    table = PAGE.read_text(encoding="utf-8").split("## Layers", 1)[1]
    layers: dict[str, int] = {}
    for layer, cell in re.findall(r"^\| (\d+) \| (.+) \|$", table, flags=re.M):
        for name in re.findall(r"`([\w.]+)`", cell):
            layers["govtasks" if name == "govtasks" else f"govtasks.{name}"] = int(layer)
    return layers


LAYERS = page_layers()


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


def test_the_reader_sees_a_planted_upward_import(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text("from govtasks.cli import main\nif TYPE_CHECKING:\n    from govtasks.dataset import x\n")
    assert module_level_imports(planted) == {"govtasks.cli"}
    assert layer_of("govtasks.cli") > layer_of("govtasks.model")
