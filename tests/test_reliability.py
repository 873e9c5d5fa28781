"""Nothing lost, nothing changed: rendering round trips, every character accounted for,
every input form and encoding, and the integrity of the bundled data."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govtasks
from govtasks import Role, bundled, render, without_positions
from govtasks._text import int_to_cn
from tests.conftest import edit_line

# -- rendering ----------------------------------------------------------------


def test_bundled_plan_renders_and_parses_back(plan: govtasks.Plan) -> None:
    text = render(plan)
    again = govtasks.parse(text, units=plan.units)
    assert without_positions(again) == without_positions(plan)
    assert render(again) == text  # rendering is a fixed point


def test_single_line_items_render_as_printed(plan: govtasks.Plan, source: str) -> None:
    rendered = render(plan).splitlines()
    for number in (2, 3, 8, 16, 18, 20, 21):
        assert source.split("\n")[plan.task(number).first_line - 1] in rendered


def test_every_non_blank_character_is_accounted_for(plan: govtasks.Plan, source: str) -> None:
    """Read in order, the source's characters are exactly the rendered fields, markup and residue,
    and each piece of residue stands in the source at the line and column recorded."""
    lines = source.split("\n")
    for residue in plan.residue:
        start = residue.column - 1
        assert lines[residue.line - 1][start : start + len(residue.text)] == residue.text
    rendered = render(plan)
    assert re.sub(r"\s", "", rendered) == re.sub(r"\s", "", source)
    assert len(re.sub(r"\s", "", source)) == 3359
    (task_7,) = [line for line in rendered.splitlines() if line.startswith("7.")]
    assert task_7.endswith(")武汉汽车网")  # put back where it stood, after task 7's list


# Texts a document can hold: Chinese characters and inner punctuation, never a marker.
# Characters the reader takes as structure are left out: deadline words (要于前将经报送), the 及 that joins
# two unit names, the 等 that ends an open list, and the role words and leaders' titles (牵头, 配合, 市长).
_HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5).filter(
    lambda c: c not in "要于前将经报送及等牵配参协负责长记任"
)
_plain = st.text(_HAN, min_size=1, max_size=8)
_sentence = st.builds(lambda a, b: f"{a},{b}。", _plain, _plain)


@st.composite
def renderable_plans(draw: st.DrawFn) -> govtasks.Plan:
    """Plans whose every field the text format can carry, as the parser reads them: two parts,
    targets (一)… in the first, areas (一)… in the second holding tasks and "——" themes."""
    names = draw(st.lists(_plain, min_size=1, max_size=5, unique=True))
    registry = govtasks.UnitRegistry(units=tuple(govtasks.units.unregistered("市" + name) for name in names))
    divisions: list[govtasks.Division] = []
    items: list[govtasks.Item] = []

    def assignments() -> tuple[govtasks.Assignment, ...]:
        made = []
        for role in Role:
            count = draw(st.integers(1 if role is Role.LEAD else 0, 4))
            group = 1
            for position in range(1, count + 1):
                group += position > 1 and draw(st.booleans())
                unit = draw(st.sampled_from(registry.units))
                made.append(
                    govtasks.Assignment(
                        unit=unit,
                        role=role,
                        position=position,
                        group=group,
                        printed=unit.name,
                        label=role.value,
                        basis=govtasks.RoleBasis.PRINTED,
                        convention_line=None,
                    )
                )
        return tuple(made)

    def division(kind: govtasks.DivisionKind, parent: int | None, number: int | None, marker: str, **more: Any) -> int:
        fields = {"declared": None, "declared_areas": None, **more}
        fields.setdefault("title", draw(_plain))
        divisions.append(
            govtasks.Division(
                id=len(divisions) + 1,
                kind=kind,
                parent=parent,
                number=number,
                marker=marker,
                line=1,
                leaders=(),
                **fields,
            )
        )
        return len(divisions)

    def item(kind: govtasks.ItemKind, number: int, marker: str, where: int) -> None:
        items.append(
            govtasks.Item(
                id=len(items) + 1,
                kind=kind,
                number=number,
                marker=marker,
                division=where,
                text=draw(_sentence),
                assignments=assignments(),
                leaders=(),
                due=None,
                source=None,
                details=(),
                open_ended=False,
                complete=True,
                first_line=1,
                last_line=1,
            )
        )

    PART, AREA, THEME = govtasks.DivisionKind.PART, govtasks.DivisionKind.AREA, govtasks.DivisionKind.THEME
    # The reader tells the targets' part by its title (主要预期目标), and the work's by its lacking one.
    targets = division(PART, None, 1, "一、", title=draw(_plain) + "主要预期目标", declared=draw(st.integers(0, 99)))
    for ordinal in range(1, draw(st.integers(1, 4)) + 1):  # headings alone do not read as a plan
        item(govtasks.ItemKind.TARGET, ordinal, f"({int_to_cn(ordinal)})", targets)
    work_title = draw(_plain.filter(lambda t: "目标" not in t)) + "重点工作"
    work = division(PART, None, 2, "二、", title=work_title, declared=draw(st.integers(0, 999)))
    numbers = iter(range(1, 1000))
    for ordinal in range(1, draw(st.integers(0, 3)) + 1):
        area = division(AREA, work, ordinal, f"({int_to_cn(ordinal)})")
        themes = draw(st.lists(st.integers(0, 3), max_size=3))  # tasks in each "——" theme
        direct = draw(st.integers(0 if sum(themes) else 1, 2))  # a heading with nothing after it reads as an item
        for _ in range(direct):  # tasks straight under the area, before any theme
            number = next(numbers)
            item(govtasks.ItemKind.TASK, number, f"{number}.", area)
        for count in themes:
            theme = division(THEME, area, None, "——")
            for _ in range(count):
                number = next(numbers)
                item(govtasks.ItemKind.TASK, number, f"{number}.", theme)
    has_notice = draw(st.booleans())
    date = st.dates()
    notice = (
        govtasks.Notice(
            doc_number=f"武政办〔{draw(st.integers(1990, 2099))}〕{draw(st.integers(1, 99))}号",
            preamble=draw(_sentence),
            clauses=tuple(
                govtasks.Clause(ordinal=i, text=draw(_sentence), first_line=1, last_line=1)
                for i in range(1, draw(st.integers(1, 4)) + 1)
            ),
            deadlines=(),
            signed_by=draw(_plain),
            signed_on=draw(date),
        )
        if has_notice
        else None
    )
    optional = st.none() | _plain
    return govtasks.Plan(
        source_sha256=None,
        layout=govtasks.Layout.PARENTHESIS,
        info=govtasks.DocumentInfo(
            title=draw(_plain) + "的通知" if has_notice else None,  # a notice's title ends as titles do
            issuer=draw(optional),
            doc_number=draw(optional),
            promulgated=draw(st.none() | date),
            released=draw(st.none() | date),
            written=draw(st.none() | date),
            index_number=None,
            effective=draw(st.none() | date),
            level=draw(optional),
            status=draw(optional),
            topic=draw(optional),
            addressees=tuple(draw(st.lists(_plain, min_size=1, max_size=3))) if has_notice else (),
        ),
        notice=notice,
        title=draw(_plain) + "责任分解方案",  # a bare numeral (一) would read as a marker
        declared_items=None,
        declared_areas=None,
        divisions=tuple(divisions),
        items=tuple(items),
        conventions=(),
        residue=(),
        units=registry,
    )


@settings(max_examples=150)
@given(renderable_plans())
def test_any_renderable_plan_survives_render_then_parse(plan: govtasks.Plan) -> None:
    assert without_positions(govtasks.parse(render(plan), units=plan.units)) == without_positions(plan)


_WIDTHS = {"(": "（", ")": "）", ":": "：", ";": "；", ",": "，"}


@given(
    groups=st.lists(st.lists(st.sampled_from(["市发展改革委", "市水务局", "市商务局", "黄陂区人民政府",
                                               "各区人民政府〈含开发区、风景区管委会〉"]), min_size=1, max_size=3),
                    min_size=1, max_size=3),
    wide=st.sets(st.sampled_from(sorted(_WIDTHS))),
    spaces=st.booleans(),
)  # fmt: skip
def test_unit_lists_survive_every_separator_and_width(groups: list[list[str]], wide: set[str], spaces: bool) -> None:
    gap = "\u3000" if spaces else ""
    listed = ",".join("、".join(gap + name for name in group) for group in groups)
    parenthesis = f"(牵头单位:市水务局;责任单位:{listed})"
    parenthesis = "".join(_WIDTHS[c] if c in wide else c for c in parenthesis)
    text = f"一、目标(共0项)\n二、重点工作(共1项)\n(一)方面\n1.加强饮用水水源地保护。{parenthesis}\n"
    task = govtasks.parse(text).task(1)
    assert [u.name for u in task.leads] == ["市水务局"]
    assert [a.printed.strip("\u3000") for a in task.assignments[1:]] == [n for g in groups for n in g]
    assert [a.group for a in task.assignments[1:]] == [i for i, g in enumerate(groups, start=1) for _ in g]
    assert [a.position for a in task.assignments[1:]] == list(range(1, sum(map(len, groups)) + 1))


# -- input forms and encodings ---------------------------------------------------


def test_bytes_paths_and_text_parse_alike(plan: govtasks.Plan, source: str, tmp_path: Path) -> None:
    raw = source.encode("utf-8")
    path = tmp_path / "plan.txt"
    path.write_bytes(raw)
    assert govtasks.parse(raw) == plan
    assert govtasks.parse(path) == plan
    with pytest.raises(govtasks.ParseError, match="expected a responsibility plan"):
        govtasks.parse(str(path))  # a str is text, never the name of a file to read


def test_utf8_bom_crlf_and_cr(plan: govtasks.Plan, source: str) -> None:
    bom = b"\xef\xbb\xbf" + source.replace("\n", "\r\n").encode("utf-8")
    parsed = govtasks.parse(bom)
    assert without_positions(parsed) == without_positions(plan)
    assert parsed.task(14).first_line == plan.task(14).first_line
    assert parsed.source_sha256 == __import__("hashlib").sha256(bom).hexdigest()
    assert govtasks.parse("\ufeff" + source.replace("\n", "\r")).tasks == plan.tasks


@pytest.mark.parametrize("encoding", ["gb18030", "gbk"])
def test_gb_encoded_bytes(plan: govtasks.Plan, source: str, encoding: str) -> None:
    text = source.replace("∙", "·")  # ∙ (U+2219) has no GBK code; the attribute lines accept ·
    parsed = govtasks.parse(text.encode(encoding))
    assert parsed.tasks == plan.tasks
    assert parsed.info == plan.info


def test_undecodable_bytes_name_the_encoding_problem() -> None:
    with pytest.raises(govtasks.ParseError) as caught:
        govtasks.parse("一、目标(共4项)\n第二行".encode() + b"\xff\xff")
    error = caught.value
    assert (error.line, error.column) == (2, 10)
    assert "neither UTF-8" in error.message
    assert "GB18030" in error.message


def test_ideographic_spaces_inside_names_and_lines(source: str) -> None:
    text = edit_line(source, 59, "市发展改革委;", "市发展\u3000改革委 ;")
    text = edit_line(text, 59, "20.争创", "\u3000\u300020.争创")
    task = govtasks.parse(text).task(20)
    assert task.leads[0].id == "development-reform"
    assert task.assignments[0].printed == "市发展\u3000改革委"


# -- integrity of the bundled data -------------------------------------------------


def test_manifest_lists_every_bundled_file_and_verifies() -> None:
    checked = govtasks.verify()
    assert "000_8660fcbe30035db3.txt" in checked
    assert "wuhan-2020.json" in checked
    assert "units.json" in checked
    assert "datapackage/datapackage.json" in checked
    committed = bundled.data_file(bundled.MANIFEST_FILE).read_text(encoding="utf-8")
    assert committed == bundled.manifest_text(), "run: python scripts/regenerate_data.py"


def test_verify_names_a_changed_file(monkeypatch: pytest.MonkeyPatch) -> None:
    real = bundled._data_path

    class Changed:
        def __init__(self, path: object) -> None:
            self.path = path

        def read_bytes(self) -> bytes:
            return b"changed"

    monkeypatch.setattr(bundled, "_data_path", lambda name: Changed(name) if name == "units.json" else real(name))
    with pytest.raises(govtasks.IntegrityError) as caught:
        govtasks.verify()
    assert caught.value.problems == ("units.json: its sha256 differs from the manifest's",)


def test_frozen_everywhere(plan: govtasks.Plan) -> None:
    objects: list[attrs.AttrsInstance] = [
        plan, plan.info, plan.targets[0], plan.sections[0], plan.themes[0], plan.divisions[0], plan.task(1),
        plan.task(1).assignments[0], plan.residue[0], plan.deadlines[0], plan.units, plan.units.units[0],
    ]  # fmt: skip
    assert plan.notice is not None
    objects.append(plan.notice)
    for obj in objects:
        field = attrs.fields(type(obj))[0].name
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(obj, field, None)


def test_lone_surrogate_is_refused_with_its_place() -> None:
    with pytest.raises(govtasks.ParseError) as caught:
        govtasks.parse("一、目标(共0项)\n二、工作(共1项)\n(一)方面\n1.任务\ud800。(牵头单位:市水务局)")
    assert (caught.value.line, caught.value.column) == (4, 5)
    assert "U+D800" in caught.value.message


def test_no_reader_touches_the_garbage_collector(source: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The collector is one switch for the whole process: library code never turns it off or on."""
    import gc

    touched: list[str] = []
    for name in ("disable", "enable", "freeze", "collect", "set_threshold"):
        monkeypatch.setattr(gc, name, lambda *args, name=name: touched.append(name))
    plan = govtasks.parse(source)
    with pytest.raises(govtasks.ParseError):
        govtasks.parse("")
    assert govtasks.from_json(govtasks.to_json(plan)) == plan
    govtasks.export(plan, tmp_path / "package")
    assert govtasks.read_datapackage(tmp_path / "package") == plan
    govtasks.validate(plan)
    plan.workload()
    assert touched == []


def test_render_refuses_a_plan_the_format_cannot_carry(plan: govtasks.Plan) -> None:
    task_20 = plan.task(20)
    odd = attrs.evolve(task_20, text="5%的增长。")  # "20.5%…" would read as task 20 running on
    changed = attrs.evolve(plan, items=tuple(odd if i is task_20 else i for i in plan.items))
    with pytest.raises(govtasks.RenderError, match=r"plan\.items\[23\]\.number \(20, read back as None\)"):
        render(changed)
    heading = attrs.evolve(plan, residue=(govtasks.Residue(text="——一个主题", line=1, column=1),))
    with pytest.raises(govtasks.RenderError, match=r"plan\.divisions \(length 8, read back as 9\)"):
        render(heading)


_CONVENTION = govtasks.Convention(
    kind=govtasks.ConventionKind.FIRST_LISTED_LEADS, text="列第一位者为牵头单位", line=1, column=1
)


@pytest.mark.parametrize(
    ("changed", "where"),
    [
        (lambda plan: attrs.evolve(plan, declared_items=25), "plan.declared_items"),
        (lambda plan: attrs.evolve(plan, conventions=(_CONVENTION,)), "plan.conventions"),
    ],
)
def test_render_refuses_what_the_text_has_no_place_for(
    plan: govtasks.Plan, changed: Callable[[govtasks.Plan], govtasks.Plan], where: str
) -> None:
    with pytest.raises(govtasks.RenderError, match=re.escape(where)):
        render(changed(plan))


def test_labels_are_written_as_printed(plan: govtasks.Plan) -> None:
    """A co-unit list headed 配合单位 instead of 责任单位 is written so, and reads back so."""
    task_20 = plan.task(20)
    relabelled = tuple(
        attrs.evolve(a, label="配合单位") if a.role is Role.RESPONSIBLE else a for a in task_20.assignments
    )
    changed = attrs.evolve(
        plan, items=tuple(attrs.evolve(i, assignments=relabelled) if i is task_20 else i for i in plan.items)
    )
    assert str(changed.task(20)).endswith("(牵头单位:市发展改革委;配合单位:市交通运输局)")
    again = govtasks.parse(render(changed), units=plan.units)
    assert [(a.role, a.label) for a in again.task(20).assignments] == [
        (Role.LEAD, "牵头单位"),
        (Role.RESPONSIBLE, "配合单位"),
    ]
