"""Hostile JSON and the model's invariants (issue 13): any document gives a Plan that keeps every
invariant of the model, or a DataError naming where each fault is, in time linear in its size; and
any printed unit name, even one that looks like a stand-in's id, gives a plan."""

from __future__ import annotations

import copy
import datetime as dt
import faulthandler
import functools
import hashlib
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govtasks
from govtasks import Certainty, Clause, Deadline, Item, Plan, Unit, UnitKind, UnitRegistry
from govtasks.units import lookup_key, unregistered
from tests import strategies

# -- helpers ------------------------------------------------------------------------------------


@contextmanager
def hang_detector(seconds: float = 120) -> Iterator[None]:
    """Dump every thread's stack and end the run if a case takes far longer than any should:
    a linear reader takes milliseconds here. A detector of hangs, not a timing assertion."""
    faulthandler.dump_traceback_later(seconds, exit=True)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


@functools.cache
def bundled_text() -> str:
    return govtasks.to_json(govtasks.load())


def bundled() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(bundled_text())
    return data


def data_error(document: str | bytes, read: Any = govtasks.from_json) -> govtasks.DataError:
    with hang_detector(), pytest.raises(govtasks.DataError) as caught:
        read(document)
    error = caught.value
    assert error.problems
    assert all(" @ $" in problem for problem in error.problems), error.problems
    str(error).encode("utf-8")  # a message can always be printed: no lone surrogate leaks into it
    return error


def only_problem(document: str | bytes, read: Any = govtasks.from_json) -> str:
    (problem,) = data_error(document, read).problems
    return problem


def edited(path: tuple[str | int, ...], value: object) -> str:
    """The bundled plan's JSON with the value at ``path`` replaced."""
    data = bundled()
    target: Any = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return json.dumps(data, ensure_ascii=False)


def works(plan: Plan) -> None:
    """Everything a caller may do with a plan works on it."""
    repr(plan)
    plan._repr_html_()
    for item in plan.items:
        str(item)
        repr(item)
        item._repr_html_()
    for unit in plan.units:
        str(unit)
        repr(unit)
        unit._repr_html_()
    govtasks.validate(plan)
    text = govtasks.to_json(plan)
    text.encode("utf-8")
    assert govtasks.from_json(text) == plan
    with suppress(govtasks.RenderError):
        govtasks.render(plan)
    for item in plan.items:
        for assignment in item.assignments:
            assert plan.units.by_id(assignment.unit.id) == assignment.unit


def attempt(read: Any, document: str | bytes) -> Any:
    """What ``read`` makes of ``document``, or the DataError it raises; any other exception escapes."""
    with hang_detector():
        try:
            return read(document)
        except govtasks.DataError as error:
            return error


def is_data_error(outcome: object, source: str = "plan JSON") -> bool:
    if not isinstance(outcome, govtasks.DataError):
        return False
    assert outcome.source == source
    assert outcome.problems
    assert all(" @ $" in problem for problem in outcome.problems), outcome.problems
    str(outcome).encode("utf-8")
    return True


def plan_or_data_error(document: str | bytes) -> None:
    outcome = attempt(govtasks.from_json, document)
    if not is_data_error(outcome):
        works(outcome)


# -- item 7: the JSON reader ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "document",
    ['{"a":' * 100_000, "[" * 100_000, "[" * 100_000 + "]" * 100_000, '{"units": ' + "[" * 50_000 + "]" * 50_000 + "}"],
    ids=["open objects", "open arrays", "closed arrays", "under units"],
)
@pytest.mark.parametrize("read", [govtasks.from_json, govtasks.units_from_json], ids=["plan", "units"])
def test_deep_nesting_is_a_data_error(document: str, read: Any) -> None:
    for form in (document, document.encode()):
        assert "nested more than 64 levels deep" in only_problem(form, read)


def test_nesting_a_plan_never_needs_is_refused_by_type() -> None:
    problem = only_problem(edited(("title",), json.loads("[" * 100 + "]" * 100)))
    assert problem == "expected str, got list @ $.title"


def test_a_string_that_never_closes_after_deep_nesting_is_scanned_once() -> None:
    document = "[" * 5_000 + '"' + '\\"' * 200_000
    assert "nested more than 64 levels deep" in only_problem(document)


@pytest.mark.parametrize("digits", [20, 30, 5_000, 100_000])
def test_huge_integers_are_refused_where_they_stand(digits: int) -> None:
    document = bundled_text().replace('"number": 5,', f'"number": {"9" * digits},', 1)
    problem = only_problem(document)
    assert problem.endswith("@ $.items[8].number")
    if digits > 4_300:  # longer than Python converts by default: refused as read, without converting it
        assert problem == f"an integer of {digits} digits is out of range @ $.items[8].number"
    else:  # read (at a bounded cost), then refused by the model, or as read where Python's bound is lifted
        assert "must be a whole number from 1 to 1000000000" in problem or "is out of range" in problem
    assert "extra fields found (a) @ $" in data_error('{"a": ' + "9" * 5_000 + "}").problems  # no ValueError
    assert only_problem("[" + "-" + "9" * 5_000 + "]", govtasks.units_from_json) == (
        "an integer of 5000 digits is out of range @ $[0]"
    )


def test_integers_within_int64_but_beyond_the_model_are_refused_by_the_model() -> None:
    problem = only_problem(bundled_text().replace('"number": 5,', f'"number": {2**63 - 1},', 1))
    assert problem == (
        f"invalid value: number must be a whole number from 1 to 1000000000, not {2**63 - 1} @ $.items[8].number"
    )


@pytest.mark.parametrize(
    "document",
    [
        b"\xff\xfe{",
        b"\xfe\xff\x00{",
        '{"a": 1}'.encode("utf-16"),
        '{"a": 1}'.encode("utf-32"),
        b'{"title": "\xc3"}',
        b'{"title": "\xed\xa0\x80"}',  # a surrogate, encoded: not UTF-8
        b"\x80",
    ],
)
def test_bytes_must_be_utf8(document: bytes) -> None:
    assert only_problem(document).startswith("not UTF-8: ")
    assert only_problem(document, govtasks.units_from_json).startswith("not UTF-8: ")


def test_a_utf8_byte_order_mark_is_ignored() -> None:
    plan = govtasks.load()
    assert govtasks.from_json(b"\xef\xbb\xbf" + bundled_text().encode()) == plan
    assert govtasks.from_json("\ufeff" + bundled_text()) == plan
    assert govtasks.from_json(bundled_text().encode()) == plan


def test_other_types_than_text_are_a_caller_error() -> None:
    with pytest.raises(TypeError, match="expected JSON as str or bytes"):
        govtasks.from_json(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("find", "replace", "path"),
    [
        ('"layout": "parenthesis",', '"layout": "parenthesis", "layout": "table",', "$"),
        ('"number": 5,', '"number": 5, "number": 5,', "$.items[8]"),
        ('"id": "development-reform",', '"id": "development-reform", "id": "x",', "$.units[0]"),
        ('"date": "2020-02-03",', '"date": "2020-02-03", "date": "2020-02-03",', "$.notice.deadlines[0]"),
    ],
)
def test_a_key_twice_is_refused_with_its_path(find: str, replace: str, path: str) -> None:
    assert find in bundled_text()
    key = find.split('"')[1]
    problem = only_problem(bundled_text().replace(find, replace, 1))
    assert problem == f"the key '{key}' appears twice in one object @ {path}"


def test_a_key_twice_in_a_unit_list() -> None:
    assert only_problem('[{"id": "a", "id": "b"}]', govtasks.units_from_json) == (
        "the key 'id' appears twice in one object @ $[0]"
    )
    assert only_problem('{"a": 1, "a": 1}') == "the key 'a' appears twice in one object @ $"


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(token: str) -> None:
    problem = only_problem(bundled_text().replace('"number": 5,', f'"number": {token},', 1))
    assert problem == f"{token} is not a JSON number @ $.items[8].number"
    assert only_problem(f"[{token}]", govtasks.units_from_json) == f"{token} is not a JSON number @ $[0]"
    assert only_problem(token) == f"{token} is not a JSON number @ $"


@pytest.mark.parametrize("value", ["5.0", "5e0", "1e400", "-0.0"])
def test_floats_are_not_integers(value: str) -> None:
    problem = only_problem(bundled_text().replace('"number": 5,', f'"number": {value},', 1))
    assert problem == "expected int, got float @ $.items[8].number"


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "\\ud800x", "\\ud800\\u0041", "x\\udc00"])
def test_lone_surrogate_escapes_are_refused_with_their_path(escape: str) -> None:
    document = bundled_text().replace('"text": "', f'"text": "{escape}', 1)
    problem = only_problem(document)
    assert "lone surrogate" in problem
    assert problem.endswith("@ $.notice.clauses[0].text")
    assert "lone surrogate" in only_problem(document.encode())


def test_lone_surrogates_in_text_keys_and_unit_json_are_refused() -> None:
    document = bundled_text().replace('"text": "', '"text": "\ud800', 1)  # a str holding one, not an escape
    assert only_problem(document).endswith("@ $.notice.clauses[0].text")
    renamed = data_error(bundled_text().replace('"title": ', '"ti\\ud800tle": ', 1)).problems
    assert "extra fields found ('ti\\ud800tle') @ $.info" in renamed
    units = govtasks.units_to_json(govtasks.load_units()).replace('"name": "', '"name": "\\udc00', 1)
    assert "lone surrogate" in only_problem(units, govtasks.units_from_json)


def test_a_surrogate_pair_escape_is_a_character() -> None:
    document = bundled_text().replace('"text": "', '"text": "\\ud83d\\ude00', 1)
    plan = govtasks.from_json(document)
    assert plan.notice is not None
    assert plan.notice.clauses[0].text.startswith("😀")
    works(plan)


@pytest.mark.parametrize("date", ["2020-02-30", "20200203", "2020-W06-1", "2020-02-03T00:00", "２０２０-02-03", ""])
def test_dates_are_written_yyyy_mm_dd(date: str) -> None:
    problem = only_problem(edited(("notice", "deadlines", 0, "date"), date))
    assert problem.endswith("@ $.notice.deadlines[0].date")


# -- item 8: the model's invariants, whichever way a plan is made --------------------------------


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        (("notice", "clauses", 0, "ordinal"), 0, "$.notice.clauses[0].ordinal"),
        (("notice", "clauses", 0, "ordinal"), -1, "$.notice.clauses[0].ordinal"),
        (("notice", "clauses", 0, "ordinal"), 1000, "$.notice.clauses[0].ordinal"),
        (("notice", "clauses", 0, "last_line"), 1, "$.notice.clauses[0].last_line"),
        (("notice", "deadlines", 0, "clause"), 9, "$.notice.deadlines[0].clause"),
        (("notice", "deadlines", 0, "line"), 0, "$.notice.deadlines[0].line"),
        (("divisions", 0, "number"), 1000, "$.divisions[0].number"),
        (("divisions", 2, "number"), 1000, "$.divisions[2].number"),
        (("divisions", 0, "number"), 0, "$.divisions[0].number"),
        (("divisions", 3, "parent"), 5, "$.divisions[3].parent"),
        (("divisions", 3, "kind"), "chapter", "$.divisions[3].kind"),
        (("items", 5, "number"), -3, "$.items[5].number"),
        (("items", 5, "number"), 0, "$.items[5].number"),
        (("items", 5, "first_line"), -1, "$.items[5].first_line"),
        (("items", 5, "division"), 99, "$.items[5].division"),
        (("items", 5, "text"), "\ud800", "$.items[5].text"),
        (("items", 5, "marker"), "", "$.items[5].marker"),
        (("items", 5, "marker"), " 6.", "$.items[5].marker"),
        (("items", 5, "assignments", 0, "position"), 0, "$.items[5].assignments[0].position"),
        (("items", 5, "assignments", 0, "position"), 2, "$.items[5].assignments[0].position"),
        (("items", 5, "assignments", 0, "printed"), "", "$.items[5].assignments[0].printed"),
        (("residue", 0, "line"), -1, "$.residue[0].line"),
        (("residue", 0, "column"), 0, "$.residue[0].column"),
        (("residue", 0, "text"), "", "$.residue[0].text"),
        (("info", "addressees", 0), "\udfff", "$.info.addressees[0]"),
        (("info", "title"), "x\ud800", "$.info.title"),
        (("source_sha256",), "xyz", "$.source_sha256"),
        (("source_sha256",), "A" * 64, "$.source_sha256"),
        (("units", 0, "name"), "\ud800", "$.units[0].name"),
        (("units", 0, "id"), "unregistered-0123456789", "$.units[0].id"),
        (("units", 0, "id"), "development reform", "$.units[0].id"),
        (("units", 18, "parent"), "traffic-police", "$.units[18].parent"),
    ],
)
def test_what_the_model_refuses_is_a_data_error_at_its_path(
    path: tuple[str | int, ...], value: object, where: str
) -> None:
    problem = only_problem(edited(path, value))
    assert problem.endswith(f"@ {where}"), problem


def test_parents_never_loop() -> None:
    data = bundled()
    place = next(i for i, unit in enumerate(data["units"]) if unit["id"] == "public-security")
    data["units"][place].update(parent="traffic-police", parent_basis="x", parent_certainty="probable")  # its child
    problem = only_problem(json.dumps(data, ensure_ascii=False))
    first = min(place, next(i for i, unit in enumerate(data["units"]) if unit["id"] == "traffic-police"))
    assert "is its own parent, through" in problem
    assert problem.endswith(f"@ $.units[{first}].parent")


def test_an_assignment_by_convention_needs_a_stated_convention() -> None:
    data = bundled()
    data["items"][5]["assignments"][0].update(basis="convention", convention_line=3)
    problem = only_problem(json.dumps(data, ensure_ascii=False))
    assert problem == (
        "invalid value: item 6: no convention is stated on line 3 @ $.items[5].assignments[0].convention_line"
    )


def test_a_stand_in_must_carry_the_id_its_name_gives() -> None:
    data = bundled()
    stand_in = json.loads(govtasks.units_to_json(UnitRegistry(units=(unregistered("市港航局"),))))[0]
    data["units"].append({**stand_in, "name": "市航道局"})
    assert only_problem(json.dumps(data, ensure_ascii=False)).endswith("@ $.units[55].id")
    data["units"][-1] = {**stand_in, "id": stand_in["id"][:23]}  # govtasks 0.2 wrote 10 digits: still read
    assert govtasks.from_json(json.dumps(data, ensure_ascii=False)).units.by_id(stand_in["id"][:23]) is not None


def test_the_model_checks_every_way_in() -> None:
    with pytest.raises(ValueError, match="ordinal must be a whole number from 1 to 999"):
        Clause(ordinal=0, text="", first_line=1, last_line=1)
    with pytest.raises(TypeError, match="date must be a date, not datetime"):
        Deadline(date=dt.datetime(2020, 1, 1), due="x", submitter="y", recipient=None, clause=1, line=1)
    plan = govtasks.load()
    item = plan.items[0]
    with pytest.raises(TypeError, match="open_ended must be a bool, not int"):
        Item(**{**_fields(item), "open_ended": 1})
    with pytest.raises(TypeError, match="kind must be a ItemKind, not str"):
        Item(**{**_fields(item), "kind": "task"})
    with pytest.raises(TypeError, match="assignments must hold Assignments, not tuple"):
        Item(**{**_fields(item), "assignments": (("unit",),)})
    with pytest.raises(ValueError, match="lone surrogate"):
        Item(**{**_fields(item), "due": "\udc00"})
    stranger = unregistered("市外局")
    foreign = Item(
        **{**_fields(item), "assignments": (govtasks.Assignment(**{**_fields(item.assignments[0]), "unit": stranger}),)}
    )
    with pytest.raises(ValueError, match="is not the plan's unit of that id"):
        Plan(**{**_fields(plan), "items": (foreign, *plan.items[1:])})


def _fields(record: Any) -> dict[str, Any]:
    import attrs

    return {f.name: getattr(record, f.name) for f in attrs.fields(type(record)) if f.init}


def test_a_registry_refuses_what_would_make_lookups_ambiguous() -> None:
    def unit(ident: str, name: str, **extra: Any) -> Unit:
        fields: dict[str, Any] = {
            "id": ident, "name": name, "full_name": None, "full_name_basis": None, "full_name_certainty": None,
            "name_en": None, "name_en_status": None, "name_en_basis": None, "kind": UnitKind.MUNICIPAL_DEPARTMENT,
            "parent": None, "aliases": (), "members": (), "note": None, "kind_basis": "rule: test",
            "kind_certainty": Certainty.PROBABLE, "parent_basis": None, "parent_certainty": None, "relations": (),
            "note_certainty": None,
        }  # fmt: skip
        return Unit(**{**fields, **extra})

    HELD: dict[str, Any] = {"parent_basis": "rule: test", "parent_certainty": Certainty.PROBABLE}
    with pytest.raises(ValueError, match="two units have the id 'a'"):
        UnitRegistry(units=(unit("a", "市甲局"), unit("a", "市乙局")))
    one = unit("a", "市甲局")
    with pytest.raises(ValueError, match="two units have the id 'a'"):
        UnitRegistry(units=(one, one))
    with pytest.raises(ValueError, match="its own parent"):
        UnitRegistry(units=(unit("a", "市甲局", parent="b", **HELD), unit("b", "市乙局", parent="a", **HELD)))
    with pytest.raises(ValueError, match="its own parent"):
        UnitRegistry(units=(unit("a", "市甲局", parent="a", **HELD),))
    with pytest.raises(ValueError, match="exactly when the unit is an unregistered stand-in"):
        unit(unregistered("市甲局").id, "市甲局")
    with pytest.raises(ValueError, match="exactly when the unit is an unregistered stand-in"):
        unit("a", "市甲局", kind=UnitKind.UNREGISTERED)


# -- item 6: any printed name gives a plan ---------------------------------------------------------


def old_id(name: str) -> str:
    """A stand-in's id as govtasks 0.2 made it: ten hex digits, which two names could share."""
    return "unregistered-" + hashlib.sha256(lookup_key(name).encode()).hexdigest()[:10]


COLLIDING = ("市108816局", "市1888812局")
"""Two names whose 0.2 stand-in ids were the same (found by a birthday search)."""


def listed(*names: str) -> str:
    return "一、任务\n1. 甲(牵头单位:" + "、".join(names) + ")\n"


def stand_in_cases() -> list[tuple[str, ...]]:
    other = unregistered("乙单位").id
    return [
        ("unregistered-b0d6517c99",),
        (unregistered("unregistered-x").id, "unregistered-x"),
        ("乙单位", other),
        (other, "乙单位"),
        (other.upper(), "乙单位"),
        (other.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789abcdef-"}), "乙单位"),  # full width
        ("乙单位", old_id("乙单位")),
        COLLIDING,
        (old_id(COLLIDING[0]), *COLLIDING),
        ("development-reform", "市发展改革委", "unregistered-" + "0" * 32),
    ]


def test_the_colliding_names_did_collide() -> None:
    assert old_id(COLLIDING[0]) == old_id(COLLIDING[1])


@pytest.mark.parametrize("names", stand_in_cases())
@pytest.mark.parametrize("registry", ["none", "wuhan"])
def test_any_printed_name_gives_a_plan(names: tuple[str, ...], registry: str) -> None:
    units = govtasks.load_units() if registry == "wuhan" else None
    plan = govtasks.parse(listed(*names), units=units)
    (item,) = plan.items
    assert [a.printed for a in item.assignments] == list(names)
    for assignment in item.assignments:
        assert plan.units.get(assignment.printed) is assignment.unit  # a printed name finds what it named
        assert plan.units.by_id(assignment.unit.id) is assignment.unit
    assert len({a.unit.id for a in item.assignments}) == len({lookup_key(n) for n in names}) or registry == "wuhan"
    works(plan)


def test_a_registry_given_by_the_caller_may_name_a_unit_like_a_stand_in() -> None:
    tricky = unregistered("市港航局").id
    registry = UnitRegistry(units=(_registered("port", tricky),))
    plan = govtasks.parse(listed(tricky, "市港航局"), units=registry)
    first, second = plan.items[0].assignments
    assert first.unit is registry.units[0]
    assert second.unit.kind is UnitKind.UNREGISTERED
    assert second.unit.id == tricky
    assert plan.units.get(tricky) is registry.units[0]  # the name beats the stand-in's id
    works(plan)


def _registered(ident: str, name: str) -> Unit:
    return Unit(
        id=ident, name=name, full_name=None, full_name_basis=None, full_name_certainty=None, name_en=None,
        name_en_status=None, name_en_basis=None, kind=UnitKind.MUNICIPAL_DEPARTMENT, kind_basis="rule: test",
        kind_certainty=Certainty.PROBABLE, parent=None, parent_basis=None, parent_certainty=None, aliases=(),
        members=(), relations=(), note=None, note_certainty=None,
    )  # fmt: skip


_NAME_CHARACTERS = st.sampled_from("市区县局委办甲乙丙丁港航")


@st.composite
def printed_names(draw: st.DrawFn) -> list[str]:
    """Names, and names that look like the stand-in ids of other names (as they are, upper case, or
    their 0.2 form)."""
    bases = draw(st.lists(st.text(_NAME_CHARACTERS, min_size=1, max_size=6), min_size=1, max_size=4))
    looks = [
        draw(st.sampled_from([unregistered(b).id, unregistered(b).id.upper(), old_id(b), unregistered(b).id[:20]]))
        for b in bases
    ]
    return draw(st.permutations(bases + looks))[: draw(st.integers(1, 8))]


@given(printed_names(), st.booleans())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_mix_of_names_and_stand_in_ids_gives_a_plan(names: list[str], wuhan: bool) -> None:
    with hang_detector():
        plan = govtasks.parse(listed(*names), units=govtasks.load_units() if wuhan else None)
    for item in plan.items:
        for assignment in item.assignments:
            assert plan.units.get(assignment.printed) is assignment.unit
    works(plan)


# -- the property: mutated documents --------------------------------------------------------------


class Obj(list[tuple[str, Any]]):
    """A JSON object as its pairs, so that a key can appear twice."""


class Raw(str):
    """JSON text written as it is: tokens json.dumps will not write."""


def emit(value: Any) -> str:
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, Obj):
        return "{" + ",".join(f"{json.dumps(k, ensure_ascii=False)}:{emit(v)}" for k, v in value) + "}"
    if isinstance(value, list):
        return "[" + ",".join(emit(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


HOSTILE: list[Any] = [
    None, True, False, 0, -1, 1, 2, 999, 1000, 10**9 + 1, 2**63, Raw("9" * 30), Raw("-" + "9" * 5_000),
    Raw("NaN"), Raw("Infinity"), Raw("-Infinity"), 1.5, Raw("1e400"), Raw("5.0"), "", " ", "x", " x ",
    "2020-02-30", "2020-02-03", "parenthesis", "牵头单位", "convention", "development-reform",
    Raw('"\\ud800"'), Raw('"a\\udc00"'), "\U0001f600", Raw('"\\ud83d\\ude00"'), "0" * 64, "unregistered-0",
    [], Obj(), [1], ["x"], Raw("[" * 200 + "]" * 200), Raw('{"a":' * 3_000 + "1" + "}" * 3_000),
    Raw("[" * 100_000), Raw('"' + "字" * 100_000 + '"'),
]  # fmt: skip
OPERATIONS = ("replace", "delete", "duplicate", "rename", "swap")


def slots(value: Any, found: list[tuple[Any, int]]) -> list[tuple[Any, int]]:
    """Every (container, index) of ``value``, the containers themselves included."""
    if isinstance(value, list) and not isinstance(value, Raw):
        for index, inner in enumerate(value):
            found.append((value, index))
            slots(inner[1] if isinstance(value, Obj) else inner, found)
    return found


def mutate(text: str, edits: list[tuple[int, str, int, int]]) -> str:
    root = Obj([("$", json.loads(text, object_pairs_hook=Obj))])
    for where, operation, pick, other in edits:
        places = slots(root[0][1], [(root, 0)])
        container, index = places[where % len(places)]
        value = HOSTILE[pick % len(HOSTILE)]
        if operation == "swap":
            donor, at = places[other % len(places)]
            value = copy.deepcopy(donor[at][1] if isinstance(donor, Obj) else donor[at])
        if isinstance(container, Obj):
            key, old = container[index]
            if operation == "delete" and container is not root:
                del container[index]
            elif operation == "duplicate":
                container.insert(index + 1, (key, old if other % 2 else value))
            elif operation == "rename":
                container[index] = (key + "\ud800" if other % 3 == 0 else key[:-1], old)
            else:
                container[index] = (key, value)
        elif operation == "delete":
            del container[index]
        elif operation == "duplicate":
            container.insert(index + 1, container[index] if other % 2 else value)
        else:
            container[index] = value
    return emit(root[0][1])


edits = st.lists(
    st.tuples(st.integers(0, 10**6), st.sampled_from(OPERATIONS), st.integers(0, 10**3), st.integers(0, 10**6)),
    min_size=1,
    max_size=3,
)
byte_edits = st.lists(
    st.tuples(st.integers(0, 10**7), st.sampled_from(("replace", "insert", "delete")), st.integers(0, 255)),
    min_size=1,
    max_size=4,
)


def edit_bytes(data: bytes, changes: list[tuple[int, str, int]]) -> bytes:
    buffer = bytearray(data)
    for where, operation, byte in changes:
        at = where % (len(buffer) + 1)
        if operation == "insert":
            buffer[at:at] = bytes([byte])
        elif operation == "delete":
            del buffer[at : at + 1]
        else:
            buffer[at : at + 1] = bytes([byte])
    return bytes(buffer)


documents = st.one_of(st.just("bundled"), strategies.plans().map(govtasks.to_json))

_SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


def _text(document: str) -> str:
    return bundled_text() if document == "bundled" else document


@given(documents, edits, st.booleans())
@_SETTINGS
def test_mutated_documents_give_a_sound_plan_or_a_data_error(document: str, changes: Any, as_bytes: bool) -> None:
    text = mutate(_text(document), changes)
    plan_or_data_error(text.encode("utf-8", "surrogatepass") if as_bytes else text)


@given(documents, byte_edits)
@_SETTINGS
def test_byte_edits_give_a_sound_plan_or_a_data_error(document: str, changes: Any) -> None:
    plan_or_data_error(edit_bytes(_text(document).encode(), changes))


@given(edits)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_mutated_unit_lists_give_a_registry_or_a_data_error(changes: Any) -> None:
    text = mutate(govtasks.units_to_json(govtasks.load_units()), changes)
    registry = attempt(govtasks.units_from_json, text)
    if is_data_error(registry, "unit JSON"):
        return
    assert govtasks.units_from_json(govtasks.units_to_json(registry)) == registry
    for unit in registry:
        assert registry.by_id(unit.id) is unit
        repr(unit)
        unit._repr_html_()


@pytest.mark.parametrize("limit", [0, 100_000])
def test_integers_stay_bounded_where_python_converts_any_length(limit: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where a program lifts Python's bound on int() (quadratic in the digits), the reader bounds them itself."""
    monkeypatch.setattr(sys, "get_int_max_str_digits", lambda: limit)
    for digits in (30, 200_000):
        document = bundled_text().replace('"number": 5,', f'"number": {"9" * digits},', 1)
        assert only_problem(document) == f"an integer of {digits} digits is out of range @ $.items[8].number"


def test_every_field_of_every_model_class_is_checked() -> None:
    import attrs

    from govtasks import model, units

    classes = [
        c
        for module in (model, units)
        for c in vars(module).values()
        if isinstance(c, type) and attrs.has(c) and c.__module__ == module.__name__ and not c.__name__.startswith("_")
    ]
    assert len(classes) == 18  # Coverage joined the model (issue 17)
    for cls in classes:
        unchecked = [f.name for f in attrs.fields(cls) if f.init and f.validator is None]
        assert not unchecked, f"{cls.__name__}: {unchecked}"


@pytest.mark.parametrize("bug", [RuntimeError("a bug"), KeyError("a bug"), TypeError("a bug")])
def test_a_bug_in_the_model_is_raised_not_reported_as_a_fault_of_the_document(
    bug: Exception, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Item) -> None:
        raise bug

    monkeypatch.setattr(Item, "__attrs_post_init__", broken)
    with pytest.raises(type(bug), match="a bug"):
        govtasks.from_json(bundled_text())
