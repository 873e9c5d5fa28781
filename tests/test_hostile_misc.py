"""Issue 13, hostile input beyond the text: many unknown unit names, deep nesting, callers reaching
into the query index, the garbage collector across threads, and bundled data edited with its manifest.

No test here measures time: each asserts the fact that keeps the work bounded or the state safe
(``benchmarks/run.py`` measures validate's scaling).
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import functools
import gc
import shutil
import threading
import types
import weakref
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import attrs
import pytest

import govtasks
from govtasks import Role, bundled, query
from govtasks.query import index_of
from govtasks.units import UnitRegistry

# -- validate: many unregistered names (issue 13, item 3) -------------------------------------

NAMES = 16_000


def unregistered_plan_text(names: Sequence[str]) -> str:
    """A plan in the parenthesis layout whose task ``i`` is led by ``names[i - 1]``."""
    return "一、任务\n" + "".join(f"{i}. 做事{i}(牵头单位:{name})\n" for i, name in enumerate(names, start=1))


@pytest.fixture(scope="module")
def crowded() -> govtasks.Plan:
    """The issue's repro: 16,000 distinct unregistered names (validate once took 138 s), every tenth
    a near miss of a registered name, read against the Wuhan registry."""
    names = [f"市交通运输局{i}号" if i % 10 == 0 else f"某单位{i}号" for i in range(1, NAMES + 1)]
    return govtasks.parse(unregistered_plan_text(names), govtasks.load_units())


class Comparisons:
    """Every call of difflib.get_close_matches: the query and how many names it was compared with."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[str, int]] = []
        real = difflib.get_close_matches

        def counted(word: str, possibilities: Sequence[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
            self.calls.append((word, len(possibilities)))
            return real(word, possibilities, n, cutoff)

        monkeypatch.setattr(difflib, "get_close_matches", counted)


def test_validate_compares_each_distinct_unknown_name_with_a_few_registered_names(
    crowded: govtasks.Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    comparisons = Comparisons(monkeypatch)
    report = govtasks.validate(crowded)
    unregistered = [f for f in report.findings if f.code == "unregistered-unit"]
    assert len(unregistered) == NAMES
    assert unregistered[0].message == "某单位1号 is not in the unit registry"
    assert unregistered[9].message == "市交通运输局10号 is not in the unit registry; close: 市交通运输局"
    assert unregistered[9].item == "task 10"
    # One comparison per distinct name, each against at most 2 × 5 candidates, never the whole registry.
    assert len(comparisons.calls) == NAMES
    assert max(size for _, size in comparisons.calls) <= 10


def test_a_name_printed_many_times_is_looked_up_once(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = govtasks.parse(unregistered_plan_text(["市交通运输厅"] * 50 + ["某单位"] * 50), govtasks.load_units())
    comparisons = Comparisons(monkeypatch)
    report = govtasks.validate(plan)
    assert [f.message for f in report.findings if f.code == "unregistered-unit"] == (
        ["市交通运输厅 is not in the unit registry; close: 市交通运输局"] * 50
        + ["某单位 is not in the unit registry"] * 50
    )
    assert sorted(word for word, _ in comparisons.calls) == ["市交通运输厅", "某单位"]


def test_the_registry_indexes_its_names_once(crowded: govtasks.Plan) -> None:
    registry = crowded.units
    assert registry.suggestions("市交通运输厅") == ("市交通运输局",)
    table = registry._close_names
    assert registry.suggestions("市水务厅") == ("市水务局", "市商务局")
    assert registry._close_names is table
    assert set(table.keys) == set(govtasks.load_units()._close_names.keys)  # none of the 16,000 stand-ins


@pytest.mark.parametrize(
    ("printed", "first"),
    [
        ("市交通局", "市交通运输局"),  # a word dropped
        ("市发委", "市发展改革委"),  # two dropped: shares single characters, not pairs, with the name
        ("武汉市发展和改革委员会办公室", "市发展改革委"),  # a full name, lengthened
        ("Wuhan Municipal Development and Reform Comission", "市发展改革委"),  # an English name, misspelt
        ("市公 安局", "市公安局"),  # a space inside is no difference at all: this is the unit itself
    ],
)
def test_suggestions_still_find_the_close_name(plan: govtasks.Plan, printed: str, first: str) -> None:
    found = plan.units.get(printed)
    close = (found.name,) if found is not None else plan.units.suggestions(printed)
    assert close[0] == first


def test_a_name_too_long_to_be_close_is_not_compared(plan: govtasks.Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    """difflib's ratio is 2M/(a+b): beyond three times the longest registered name it is below the cutoff."""
    comparisons = Comparisons(monkeypatch)
    longest = max(len(key) for key in plan.units._close_names.keys)
    assert plan.units.suggestions("市" * (3 * longest + 1)) == ()
    with pytest.raises(govtasks.UnitNotFound) as caught:
        plan.tasks_for("市财政局" * 250_000)
    assert caught.value.suggestions == ()
    assert comparisons.calls == []


def test_unit_not_found_compares_a_few_names_however_many_stand_ins(
    crowded: govtasks.Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    comparisons = Comparisons(monkeypatch)
    with pytest.raises(govtasks.UnitNotFound) as caught:
        crowded.tasks_for("市交通运输厅")
    assert caught.value.suggestions == ("市交通运输局",)
    assert [size <= 10 for _, size in comparisons.calls] == [True]


def test_an_empty_registry_suggests_nothing() -> None:
    assert UnitRegistry(units=()).suggestions("市财政局") == ()


# -- deep nesting: validate and the query index ------------------------------------------------------

DEPTH = 400


def nested(plan: govtasks.Plan, title: Callable[[int], str], declared: Callable[[int], int | None]) -> govtasks.Plan:
    """The bundled plan with task 21 moved into ``DEPTH`` themes nested in theme 8, the ``k``-th (from 1)
    titled ``title(k)`` and declaring ``declared(k)`` tasks; theme 8 holds tasks 15–21."""
    base = len(plan.divisions)
    chain = [
        attrs.evolve(plan.divisions[-1], id=base + k, parent=base + k - 1, title=title(k), declared=declared(k))
        for k in range(1, DEPTH + 1)
    ]
    chain[0] = attrs.evolve(chain[0], parent=plan.divisions[-1].id)
    items = (*plan.items[:-1], attrs.evolve(plan.items[-1], division=base + DEPTH))
    return attrs.evolve(plan, divisions=plan.divisions + tuple(chain), items=items)


def test_counts_declared_at_every_depth_of_a_deep_nesting(plan: govtasks.Plan) -> None:
    """Each nested theme declares the one task it holds, but for one declaring none and one three: counts
    are summed up the nesting, however deep."""
    deep = nested(plan, lambda k: f"层{k}", lambda k: {100: 0, 300: 3}.get(k, 1))
    counted = [
        (f.code, f.item, f.message)
        for f in govtasks.validate(deep).findings
        if f.code.startswith("task") and f.item != "tasks"
    ]
    assert counted == [
        ("task-count", "tasks in theme 层100", "1 tasks present, 0 declared"),
        ("tasks-incomplete", "tasks in theme 层300", "1 of 3 tasks present; the source ends after task 21"),
    ]


def test_a_deep_nesting_of_one_title_is_counted_and_told_apart(plan: govtasks.Plan) -> None:
    """400 nested themes all titled 层: each is labelled by up to 8 headings above it, then by its place
    (labelling by every heading above cost a pass per level, each longer: minutes at a few thousand)."""
    deep = nested(plan, lambda k: "层", lambda k: None)
    counted = deep.counts("theme")
    labels = list(counted)[4:]  # after the bundled plan's four themes
    assert len(labels) == len(set(labels)) == DEPTH
    assert labels[0] == "—— 提高资源配置能力 / 层"
    assert labels[-1] == "—— 层 / " * 8 + f"层 (division {len(plan.divisions) + DEPTH})"
    assert counted["提高资源配置能力"] == 7
    assert {counted[label] for label in labels} == {1}
    assert [t.number for t in deep.filter(theme="层")] == [21]
    assert [t.number for t in deep.filter(theme="提高资源配置能力")] == [15, 16, 17, 18, 19, 20, 21]


# -- queries: no shared state a caller can change (issue 17) ---------------------------------------

_LEAVES = (str, int, float, bytes, type(None), dt.date, enum.Enum, type, types.FunctionType)


def mutable_state(root: object) -> Iterator[str]:
    """The type of every mutable container reachable from ``root``: dicts behind a mappingproxy and the
    slots of frozen attrs instances count as immutable, anything else that can change is reported."""
    seen: set[int] = set()
    pending = [root]
    while pending:
        obj = pending.pop()
        if id(obj) in seen or isinstance(obj, _LEAVES):
            continue
        seen.add(id(obj))
        if isinstance(obj, types.MappingProxyType):
            pending.extend(obj.keys())
            pending.extend(obj.values())
        elif isinstance(obj, (tuple, frozenset)):
            pending.extend(obj)
        elif attrs.has(type(obj)) and _frozen(obj):
            pending.extend(gc.get_referents(obj))
        else:
            yield type(obj).__name__


def _frozen(obj: object) -> bool:
    try:
        obj._probe = None  # type: ignore[attr-defined]
    except attrs.exceptions.FrozenInstanceError:
        return True
    except AttributeError:
        return False
    delattr(obj, "_probe")
    return False


def ask_everything(plan: govtasks.Plan) -> None:
    plan.tasks_for("市发展改革委", role=Role.LEAD)
    plan.tasks_for("江岸区人民政府", expand=True)
    plan.targets_for("市生态环境局")
    plan.workload()
    plan.workload(include_targets=True)
    for by in ("section", "theme", "unit_kind"):
        plan.counts(by)
    plan.search("金融 风险")
    plan.filter(section=1, unit="市地方金融工作局")
    plan.co_assignments()
    govtasks.validate(plan)


def test_nothing_reachable_from_a_queried_plan_can_be_changed(source: str) -> None:
    plan = govtasks.parse(source)
    ask_everything(plan)
    assert list(mutable_state(plan)) == []
    assert list(mutable_state(index_of(plan))) == []


def test_the_walk_finds_mutable_state() -> None:
    """The check above can fail: a dict in a frozen instance is found."""
    assert list(mutable_state((types.MappingProxyType({"a": ({"b": 1},)}),))) == ["dict"]


def test_the_index_refuses_changes(plan: govtasks.Plan) -> None:
    expected = plan.tasks_for("市发展改革委", role=Role.LEAD)
    index = index_of(plan)
    key = ("development-reform", Role.LEAD)
    with pytest.raises(TypeError):
        index.tasks_of[key] = ()  # type: ignore[index]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        index.tasks_of = {}  # type: ignore[misc]
    with pytest.raises(AttributeError):
        index._answers.clear()  # type: ignore[attr-defined]  # the repro: the answer cache was a plain dict
    assert plan.tasks_for("市发展改革委", role=Role.LEAD) == expected
    assert [t.number for t in expected] == [15, 20]


def test_an_index_lives_no_longer_than_its_plan(source: str) -> None:
    plan = govtasks.parse(source)
    plan.tasks_for("江岸区人民政府", expand=True)
    key, gone = id(plan), weakref.ref(plan)
    assert key in query._kept_for._kept
    del plan
    gc.collect()
    assert gone() is None
    assert key not in query._kept_for._kept


def test_threads_asking_first_share_one_index(source: str, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = govtasks.parse(source)
    built: list[govtasks.Plan] = []
    real = query.build_index

    def counting(p: govtasks.Plan) -> query.PlanIndex:
        built.append(p)
        return real(p)

    monkeypatch.setattr(query, "build_index", counting)
    start = threading.Barrier(8)

    def ask(_: int) -> query.PlanIndex:
        start.wait()
        return index_of(plan)

    with ThreadPoolExecutor(max_workers=8) as pool:
        indexes = list(pool.map(ask, range(8)))
    assert len(built) == 1
    assert all(index is indexes[0] for index in indexes)


# -- bundled data edited together with its manifest ---------------------------------------------------


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the package's data folder that the loaders read instead; the real loaded plan is kept."""
    copy = tmp_path / "data"
    shutil.copytree(Path(str(bundled._data_root())), copy)
    monkeypatch.setattr(bundled, "_data_root", lambda: copy)
    monkeypatch.setattr(bundled, "_load_once", functools.cache(bundled._load_once.__wrapped__))
    monkeypatch.setattr(bundled, "_load_units_once", functools.cache(bundled._load_units_once.__wrapped__))
    return copy


def edit(path: Path, old: bytes, new: bytes) -> None:
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))


def regenerate_manifest(copy: Path) -> None:
    """What an editor would do to hide an edit: write the manifest the edited files call for."""
    (copy / bundled.MANIFEST_FILE).write_text(bundled.manifest_text(), encoding="utf-8", newline="\n")


def problems(action: Callable[[], object]) -> tuple[str, ...]:
    with pytest.raises(govtasks.IntegrityError) as caught:
        action()
    return caught.value.problems


NOT_PINNED = "MANIFEST.sha256: its sha256 is not the one this version of govtasks pins"


def test_an_unedited_copy_loads(data_copy: Path, plan: govtasks.Plan) -> None:
    assert len(govtasks.verify()) == 20
    assert govtasks.load() == plan
    assert govtasks.load() is not plan  # read from the copy


def test_an_edited_plan_json_is_refused(data_copy: Path) -> None:
    edit(data_copy / bundled.PLAN_FILE, "市发展改革委".encode(), "市财政局".encode())
    assert problems(govtasks.verify) == ("wuhan-2020.json: its sha256 differs from the manifest's",)
    assert problems(govtasks.load) == ("wuhan-2020.json: its sha256 differs from the manifest's",)


def test_an_edit_hidden_by_a_regenerated_manifest_is_refused(data_copy: Path) -> None:
    """The issue's repro: edit wuhan-2020.json, regenerate MANIFEST.sha256; verify() passed and load() served it."""
    edit(data_copy / bundled.PLAN_FILE, "市发展改革委".encode(), "市财政局".encode())
    regenerate_manifest(data_copy)
    assert problems(govtasks.verify) == (NOT_PINNED,)
    assert problems(govtasks.load) == (NOT_PINNED,)


@pytest.mark.parametrize(
    ("name", "serve"),
    [(bundled.UNITS_FILE, govtasks.load_units), (bundled.SOURCE_FILE, govtasks.source_text)],
)
def test_every_file_served_is_checked(data_copy: Path, name: str, serve: Callable[[], object]) -> None:
    edit(data_copy / name, "市发展改革委".encode(), "市财政局".encode())
    assert problems(serve) == (f"{name}: its sha256 differs from the manifest's",)
    regenerate_manifest(data_copy)
    assert problems(serve) == (NOT_PINNED,)
