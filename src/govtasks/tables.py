"""A plan as flat tables, both ways: one definition per table serves every tabular output and the reading back.

Each :class:`Table` names its typed, described columns, its primary key and its
foreign keys, yields its rows from a plan, and reads them back into the parts of a
plan they hold. DataFrames, the exported CSV and Parquet files, the Frictionless
``datapackage.json`` and the data dictionary are all made from these definitions, and
:func:`plan_from_rows` makes the plan again from the rows (what
:func:`govtasks.read_datapackage` does once it has typed the cells). Headers are ASCII
snake_case so that Stata and R read them as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import frozen

from govtasks.columns import Column, ColumnType, Row, code
from govtasks.errors import DataError
from govtasks.frames import as_columns, pandas_frame, polars_frame
from govtasks.model import (
    Assignment,
    Clause,
    Convention,
    ConventionKind,
    Deadline,
    Detail,
    Division,
    DivisionKind,
    DocumentInfo,
    Item,
    ItemKind,
    Layout,
    Leader,
    Notice,
    Plan,
    Residue,
    Role,
    RoleBasis,
)
from govtasks.units import (
    Alias,
    Certainty,
    Membership,
    NameStatus,
    Relation,
    RelationKind,
    Unit,
    UnitKind,
    UnitRegistry,
)

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl


@frozen(kw_only=True)
class ForeignKey:
    """Columns of this table that name a row of another table."""

    fields: tuple[str, ...]
    table: str
    reference: tuple[str, ...]


T = TypeVar("T")


@frozen(kw_only=True)
class Record:
    """A row read back: its typed cells by column name, and where it stands, so that a fault found
    later (a repeated key, an orphan, a value the model refuses) names its file, row and column."""

    file: str
    number: int
    """The row's place in its file, the header being row 1."""
    cells: dict[str, Any]

    def __getitem__(self, column: str) -> Any:
        return self.cells[column]

    def key(self, columns: Iterable[str]) -> tuple[Any, ...]:
        return tuple(self.cells[column] for column in columns)

    def at(self, *columns: str) -> str:
        """The row's place: file, row and column(s)."""
        named = f", column {columns[0]}" if len(columns) == 1 else f", columns {', '.join(columns)}"
        return f"{self.file}, row {self.number}" + (named if columns else "")

    def build(self, make: Callable[..., T], /, **fields: Any) -> T:
        """``make(**fields)``, a model class's refusal (a ValueError) reported at this row."""
        return _made(self.at(), make, **fields)


Records = Sequence[Record]
Read = Callable[[str], Any]
"""What another table's reader made of its rows, by table name: how a reader reaches the tables its
rows hold (its child tables) or name (assignments name units). Each table is read once."""
Reader = Callable[[Records, Read], Any]


@frozen(kw_only=True)
class Table:
    """A named table: its columns and keys, the function that yields its rows from a plan, and the one
    that reads them back."""

    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    make: Callable[[Plan], Iterator[Row]]
    """The rows as the model holds them, enum members and all."""
    from_rows: Reader | None = None
    """What the table's rows, read back as :attr:`make` yields them, make: the plan's part they hold.
    A child table's reader (unit_aliases, unit_relations, collective_members, division_leaders,
    leaders, details, assignments) gives its parent's reader the children of each parent, by the
    parent's id; document's reads every other table and makes the plan. None for a table that holds
    no part of a plan (a table of many plans, or a dataset's files table)."""

    @property
    def names(self) -> tuple[str, ...]:
        """The column names, in order: the header."""
        return tuple(column.name for column in self.columns)

    @property
    def file(self) -> str:
        """The CSV file that holds the table in an export or a data package; rows read back name it."""
        return f"{self.name}.csv"

    def rows(self, plan: Plan) -> Iterator[Row]:
        """The table's rows from ``plan``, enum members written as their codes."""
        for row in self.make(plan):
            yield tuple(code(value) if isinstance(value, Enum) else value for value in row)


def _column(type_: ColumnType) -> Callable[..., Column]:
    def make(name: str, description: str, *, required: bool = True, enum: type[Enum] | None = None) -> Column:
        return Column(name=name, type=type_, required=required, description=description, enum=enum)

    return make


_int, _str, _date, _bool = _column("integer"), _column("string"), _column("date"), _column("boolean")


def _fk(fields: tuple[str, ...], table: str, reference: tuple[str, ...] | None = None) -> ForeignKey:
    return ForeignKey(fields=fields, table=table, reference=reference or fields)


# -- rows ---------------------------------------------------------------------


def _document_rows(plan: Plan) -> Iterator[Row]:
    info, notice = plan.info, plan.notice
    yield (
        plan.source_sha256,
        plan.layout,
        info.title,
        info.issuer,
        info.doc_number,
        info.promulgated,
        info.released,
        info.written,
        info.effective,
        info.index_number,
        info.level,
        info.status,
        info.topic,
        notice is not None,
        notice.doc_number if notice else None,
        notice.preamble if notice else None,
        notice.signed_by if notice else None,
        notice.signed_on if notice else None,
        plan.title,
        plan.declared_items,
        plan.declared_areas,
        plan.targets_title,
        plan.declared_targets,
        plan.work_title,
        plan.declared_sections,
        plan.declared_tasks,
    )


def _unit_rows(plan: Plan) -> Iterator[Row]:
    for u in plan.units:
        yield (
            u.id,
            u.name,
            u.kind,
            u.full_name,
            u.full_name_certainty,
            u.full_name_basis,
            u.name_en,
            u.name_en_status,
            u.name_en_basis,
            u.kind_certainty,
            u.kind_basis,
            u.parent,
            u.parent_certainty,
            u.parent_basis,
            u.note,
            u.note_certainty,
        )


def _clause_rows(plan: Plan) -> Iterator[Row]:
    clauses = plan.notice.clauses if plan.notice else ()
    for position, clause in enumerate(clauses, start=1):
        yield position, clause.ordinal, clause.text, clause.first_line, clause.last_line


def _division_rows(plan: Plan) -> Iterator[Row]:
    for d in plan.divisions:
        yield d.id, d.kind, d.parent, d.number, d.marker, d.title, d.line, d.declared, d.declared_areas


def _item_rows(plan: Plan) -> Iterator[Row]:
    for i in plan.items:
        yield (
            i.id, i.kind, i.number, i.marker, i.division, i.text, i.due, i.source, i.open_ended, i.complete,
            i.first_line, i.last_line,
        )  # fmt: skip


def _assignment_rows(plan: Plan) -> Iterator[Row]:
    for item in plan.items:
        for a in item.assignments:
            yield item.id, a.role, a.position, a.unit.id, a.group, a.printed, a.label, a.basis, a.convention_line


# -- reading back ---------------------------------------------------------------


def _fault(problem: str) -> DataError:
    return DataError([problem], source="data package")


def _made(where: str, make: Callable[..., T], /, **fields: Any) -> T:
    try:
        return make(**fields)
    except ValueError as exc:
        raise _fault(f"{where}: {exc}") from None


def _grouped(records: Records, key: str, read: Callable[[Record], T]) -> dict[Any, tuple[T, ...]]:
    """A child table's rows read, grouped by the parent they name in ``key``, in row order."""
    groups: dict[Any, list[T]] = {}
    for record in records:
        groups.setdefault(record[key], []).append(read(record))
    return {parent: tuple(children) for parent, children in groups.items()}


def _read_plan(records: Records, read: Read) -> Plan:
    """The plan the document's one row and every other table hold: the document is the root of the
    tables. Its derived columns (targets_title, …) are checked against the plan afterwards."""
    if len(records) != 1:
        raise _fault(f"document.csv: expected one row, found {len(records)}")
    doc = records[0]
    units = read("units")
    return doc.build(
        Plan,
        source_sha256=doc["source_sha256"],
        layout=doc["layout"],
        info=doc.build(
            DocumentInfo,
            title=doc["title"],
            issuer=doc["issuer"],
            doc_number=doc["doc_number"],
            promulgated=doc["promulgated"],
            released=doc["released"],
            written=doc["written"],
            index_number=doc["index_number"],
            effective=doc["effective"],
            level=doc["level"],
            status=doc["status"],
            topic=doc["topic"],
            addressees=read("addressees"),
        ),
        notice=_read_notice(doc, read),
        title=doc["plan_title"],
        declared_items=doc["declared_items"],
        declared_areas=doc["declared_areas"],
        divisions=read("divisions"),
        items=read("items"),
        conventions=read("conventions"),
        residue=read("residue"),
        units=units,
    )


def _read_notice(doc: Record, read: Read) -> Notice | None:
    """The notice, where the document has one: only then are its clauses and deadlines read, so that
    those of a document without a notice are found as orphans."""
    if not doc["has_notice"]:
        return None
    return doc.build(
        Notice,
        doc_number=doc["notice_doc_number"],
        preamble=doc["preamble"],
        clauses=read("clauses"),
        deadlines=read("deadlines"),
        signed_by=doc["signed_by"],
        signed_on=doc["signed_on"],
    )


def _read_units(records: Records, read: Read) -> UnitRegistry:
    aliases, members, relations = read("unit_aliases"), read("collective_members"), read("unit_relations")
    units = tuple(
        u.build(
            Unit,
            id=u["unit_id"],
            name=u["name"],
            full_name=u["full_name"],
            full_name_basis=u["full_name_basis"],
            full_name_certainty=u["full_name_certainty"],
            name_en=u["name_en"],
            name_en_status=u["name_en_status"],
            name_en_basis=u["name_en_basis"],
            kind=u["kind"],
            kind_basis=u["kind_basis"],
            kind_certainty=u["kind_certainty"],
            parent=u["parent_id"],
            parent_basis=u["parent_basis"],
            parent_certainty=u["parent_certainty"],
            aliases=aliases.get(u["unit_id"], ()),
            members=members.get(u["unit_id"], ()),
            relations=relations.get(u["unit_id"], ()),
            note=u["note"],
            note_certainty=u["note_certainty"],
        )
        for u in records
    )
    return _made("units.csv", UnitRegistry, units=units)


def _read_divisions(records: Records, read: Read) -> tuple[Division, ...]:
    leaders = read("division_leaders")
    return tuple(
        d.build(
            Division,
            id=d["division_id"],
            kind=d["kind"],
            parent=d["parent_id"],
            number=d["number"],
            marker=d["marker"],
            title=d["title"],
            line=d["line"],
            declared=d["declared"],
            declared_areas=d["declared_areas"],
            leaders=leaders.get(d["division_id"], ()),
        )
        for d in records
    )


def _read_items(records: Records, read: Read) -> tuple[Item, ...]:
    assignments, leaders, details = read("assignments"), read("leaders"), read("details")
    return tuple(
        i.build(
            Item,
            id=i["item_id"],
            kind=i["kind"],
            number=i["number"],
            marker=i["marker"],
            division=i["division_id"],
            text=i["text"],
            assignments=assignments.get(i["item_id"], ()),
            leaders=leaders.get(i["item_id"], ()),
            due=i["due"],
            source=i["source"],
            details=details.get(i["item_id"], ()),
            open_ended=i["open_ended"],
            complete=i["complete"],
            first_line=i["first_line"],
            last_line=i["last_line"],
        )
        for i in records
    )


def _read_assignments(records: Records, read: Read) -> dict[int, tuple[Assignment, ...]]:
    units: UnitRegistry = read("units")
    return _grouped(
        records,
        "item_id",
        lambda a: a.build(
            Assignment,
            unit=units.by_id(a["unit_id"]),  # the foreign key is checked: never None
            role=a["role"],
            position=a["position"],
            group=a["group_number"],
            printed=a["printed_name"],
            label=a["label"],
            basis=a["basis"],
            convention_line=a["convention_line"],
        ),
    )


def _read_clauses(records: Records, _read: Read) -> tuple[Clause, ...]:
    return tuple(
        c.build(
            Clause, ordinal=c["clause_ordinal"], text=c["text"], first_line=c["first_line"], last_line=c["last_line"]
        )
        for c in records
    )


def _read_deadlines(records: Records, _read: Read) -> tuple[Deadline, ...]:
    return tuple(
        d.build(
            Deadline,
            date=d["date"],
            due=d["due"],
            submitter=d["submitter"],
            recipient=d["recipient"],
            clause=d["clause_ordinal"],
            line=d["line"],
        )
        for d in records
    )


# -- the tables -----------------------------------------------------------------

_LINES = (
    _int("first_line", "first line of the source text the item was printed on (1-based)"),
    _int("last_line", "last line of the source text the item was printed on"),
)
_ITEM_ID = _int("item_id", "the item, as a key into items")
_POSITION = _int("position", "1-based place in the printed list")


def _leader_table(
    name: str, owner: Column, owners: str, records: Callable[[Plan], Iterable[Division | Item]], description: str
) -> Table:
    """The leaders (责任领导) printed with an item or named by a group heading: both tables have this shape."""
    return Table(
        name=name,
        description=description,
        columns=(
            owner,
            _POSITION,
            _str("name", "the leader as printed"),
            _str("label", "the header or heading word that names the role (责任领导, 主抓)", required=False),
        ),
        primary_key=(owner.name, "position"),
        foreign_keys=(_fk((owner.name,), owners),),
        make=lambda plan: (
            (record.id, i, leader.name, leader.label)
            for record in records(plan)
            for i, leader in enumerate(record.leaders, start=1)
        ),
        from_rows=lambda rows, _read: _grouped(
            rows, owner.name, lambda r: r.build(Leader, name=r["name"], label=r["label"])
        ),
    )


_TABLES = (
    Table(
        name="document",
        description="the document as a whole: one row of facts about the text, its notice and its parts",
        columns=(
            _str("source_sha256", "sha256 of the text the plan was parsed from: the data's version", required=False),
            _str("layout", "the layout family the text was read as", enum=Layout),
            _str("title", "the notice's title", required=False),
            _str("issuer", "制定机关, issuing authority", required=False),
            _str("doc_number", "字号, document number, from the copy's header", required=False),
            _date(
                "promulgated",
                "公布日期, promulgation date, as a legal database's attribute block (or a header) gives it",
                required=False,
            ),
            _date(
                "released",
                "发布日期 / 发布时间, release date: the day a government site posted the document",
                required=False,
            ),
            _date(
                "written",
                "成文日期 / 发文日期, date written: the date the document bears, as a site's header gives it",
                required=False,
            ),
            _date("effective", "施行日期, effective date", required=False),
            _str("index_number", "索引号, the government site's index number", required=False),
            _str("level", "效力等级, legal force level", required=False),
            _str("status", "时效性, validity status", required=False),
            _str("topic", "主题分类, subject classification", required=False),
            _bool("has_notice", "whether the text carries the covering notice (通知)"),
            _str("notice_doc_number", "the document number printed under the notice's title", required=False),
            _str("preamble", "the notice's opening paragraph", required=False),
            _str("signed_by", "the office in the notice's signature (落款)", required=False),
            _date("signed_on", "the date in the notice's signature (落款), as the notice prints it", required=False),
            _str("plan_title", "the plan's own title", required=False),
            _int("declared_items", "items the text declares for the whole plan, outside any heading", required=False),
            _int("declared_areas", "areas the text declares for the whole plan, outside any heading", required=False),
            _str(
                "targets_title", "the heading of the part holding the targets (derived from divisions)", required=False
            ),
            _int("declared_targets", "targets that part declares (共N项; derived from divisions)", required=False),
            _str("work_title", "the heading of the part holding the tasks (derived from divisions)", required=False),
            _int(
                "declared_sections",
                "areas that part declares (N个方面), else the plan (derived from divisions)",
                required=False,
            ),
            _int("declared_tasks", "tasks that part declares (共N项; derived from divisions)", required=False),
        ),
        primary_key=(),
        foreign_keys=(),
        make=_document_rows,
        from_rows=_read_plan,
    ),
    Table(
        name="addressees",
        description="主送单位: the units the notice is addressed to, in printed order",
        columns=(_POSITION, _str("name", "the addressee as printed")),
        primary_key=("position",),
        foreign_keys=(),
        make=lambda plan: enumerate(plan.info.addressees, start=1),
        from_rows=lambda rows, _read: tuple(a["name"] for a in rows),
    ),
    Table(
        name="clauses",
        description="the numbered clauses (一、二、…) of the covering notice",
        columns=(
            _int("position", "1-based place among the clauses"),
            _int("clause_ordinal", "the clause's number as printed, 一 = 1"),
            _str("text", "the clause, hard wraps joined"),
            *_LINES,
        ),
        primary_key=("position",),
        foreign_keys=(),
        make=_clause_rows,
        from_rows=_read_clauses,
    ),
    Table(
        name="deadlines",
        description="what the notice says is due by a date, to whom and from whom",
        columns=(
            _int("position", "1-based place in the order the notice gives them"),
            _int("clause_ordinal", "the notice clause that sets the deadline"),
            _date("date", "the date by which it is due (…前)"),
            _str("due", "what is due, as the clause words it"),
            _str("submitter", "who submits it"),
            _str("recipient", "to whom it is submitted", required=False),
            _int("line", "the line of the source text that gives the date"),
        ),
        primary_key=("position",),
        foreign_keys=(),
        make=lambda plan: (
            (i, d.clause, d.date, d.due, d.submitter, d.recipient, d.line)
            for i, d in enumerate(plan.deadlines, start=1)
        ),
        from_rows=_read_deadlines,
    ),
    Table(
        name="conventions",
        description="the rules of reading the text states about its own lists (列第一位者为牵头单位)",
        columns=(
            _int("position", "1-based place in document order"),
            _str("kind", "which rule it is", enum=ConventionKind),
            _str("text", "the sentence that states it, as printed"),
            _int("line", "the line of the source text that states it"),
            _int("column_number", "the 1-based column where the sentence starts"),
        ),
        primary_key=("position",),
        foreign_keys=(),
        make=lambda plan: ((i, c.kind, c.text, c.line, c.column) for i, c in enumerate(plan.conventions, start=1)),
        from_rows=lambda rows, _read: tuple(
            c.build(Convention, kind=c["kind"], text=c["text"], line=c["line"], column=c["column_number"]) for c in rows
        ),
    ),
    Table(
        name="units",
        description="every unit the registry knows; all but the printed name are the project's added facts",
        columns=(
            _str("unit_id", "stable ASCII id"),
            _str("name", "the short name as printed (e.g. 市发展改革委)"),
            _str("kind", "what sort of body it is", enum=UnitKind),
            _str("full_name", "official full Chinese name as of January 2020", required=False),
            _str("full_name_certainty", "how sure the full name is", required=False, enum=Certainty),
            _str("full_name_basis", "the source or convention the full name rests on", required=False),
            _str("name_en", "English name", required=False),
            _str("name_en_status", "official, or the project's own translation", required=False, enum=NameStatus),
            _str("name_en_basis", "the source or convention the English name rests on", required=False),
            _str(
                "kind_certainty",
                "how sure the kind is (empty for a name the registry does not know)",
                required=False,
                enum=Certainty,
            ),
            _str("kind_basis", "the source, or the stated rule (rule: …), the kind rests on", required=False),
            _str("parent_id", "id of the unit this one belongs to", required=False),
            _str("parent_certainty", "how sure the parent is", required=False, enum=Certainty),
            _str("parent_basis", "the source or rule the parent rests on", required=False),
            _str("note", "a remark: it names its source, or says it is unsourced", required=False),
            _str("note_certainty", "how sure the remark is", required=False, enum=Certainty),
        ),
        primary_key=("unit_id",),
        foreign_keys=(_fk(("parent_id",), "units", ("unit_id",)),),
        make=_unit_rows,
        from_rows=_read_units,
    ),
    Table(
        name="unit_aliases",
        description="other names in use for a unit, each with where it is used",
        columns=(
            _str("unit_id", "the unit"),
            _int("position", "1-based place among the unit's aliases"),
            _str("alias", "the other name"),
            _str("basis", "where the name is used"),
            _str("certainty", "how sure it is that the name stands for the unit", enum=Certainty),
        ),
        primary_key=("unit_id", "position"),
        foreign_keys=(_fk(("unit_id",), "units"),),
        make=lambda plan: (
            (u.id, i, a.name, a.basis, a.certainty) for u in plan.units for i, a in enumerate(u.aliases, start=1)
        ),
        from_rows=lambda rows, _read: _grouped(
            rows, "unit_id", lambda a: a.build(Alias, name=a["alias"], basis=a["basis"], certainty=a["certainty"])
        ),
    ),
    Table(
        name="unit_relations",
        description="how a unit stands to another: the body that supervises it, one administration with another",
        columns=(
            _str("unit_id", "the unit"),
            _int("position", "1-based place among the unit's relations"),
            _str("kind", "supervised_by or same_administration (which holds both ways)", enum=RelationKind),
            _str("other_id", "the other unit"),
            _str("basis", "the source the relation rests on"),
            _str("certainty", "how sure the relation is", enum=Certainty),
        ),
        primary_key=("unit_id", "position"),
        foreign_keys=(_fk(("unit_id",), "units"), _fk(("other_id",), "units", ("unit_id",))),
        make=lambda plan: (
            (u.id, i, r.kind, r.unit, r.basis, r.certainty)
            for u in plan.units
            for i, r in enumerate(u.relations, start=1)
        ),
        from_rows=lambda rows, _read: _grouped(
            rows,
            "unit_id",
            lambda r: r.build(Relation, kind=r["kind"], unit=r["other_id"], basis=r["basis"], certainty=r["certainty"]),
        ),
    ),
    Table(
        name="collective_members",
        description="the units a collective name (各区人民政府〈…〉, 各开发区管委会) stands for, each with its basis",
        columns=(
            _str("collective_id", "the collective unit"),
            _int("position", "1-based place among its members"),
            _str("member_id", "the member unit"),
            _str("basis", "the source or convention the membership rests on"),
            _str("certainty", "how sure the membership is", enum=Certainty),
        ),
        primary_key=("collective_id", "position"),
        foreign_keys=(_fk(("collective_id",), "units", ("unit_id",)), _fk(("member_id",), "units", ("unit_id",))),
        make=lambda plan: (
            (u.id, i, m.unit, m.basis, m.certainty) for u in plan.units for i, m in enumerate(u.members, start=1)
        ),
        from_rows=lambda rows, _read: _grouped(
            rows,
            "collective_id",
            lambda m: m.build(Membership, unit=m["member_id"], basis=m["basis"], certainty=m["certainty"]),
        ),
    ),
    Table(
        name="divisions",
        description=(
            "the headings items sit under: parts (一、), areas (方面, (一)), themes (——), leader groups and tables, "
            "in document order"
        ),
        columns=(
            _int("division_id", "1-based place among the divisions, in document order"),
            _str("kind", "what sort of heading it is", enum=DivisionKind),
            _int("parent_id", "the enclosing division (empty at the top)", required=False),
            _int("number", "the heading's number, 一 = 1 (empty where it has none)", required=False),
            _str("marker", "the number as printed: 一、, (一), ——", required=False),
            _str("title", "the heading's text", required=False),
            _int("line", "the heading's line in the source text", required=False),
            _int("declared", "items the heading declares (共268项)", required=False),
            _int("declared_areas", "areas the heading declares (九个方面)", required=False),
        ),
        primary_key=("division_id",),
        foreign_keys=(_fk(("parent_id",), "divisions", ("division_id",)),),
        make=_division_rows,
        from_rows=_read_divisions,
    ),
    _leader_table(
        "division_leaders",
        _int("division_id", "the division, as a key into divisions"),
        "divisions",
        lambda plan: plan.divisions,
        "the leaders a group heading names (王纲市长主抓重点工作); its items carry them",
    ),
    Table(
        name="items",
        description=(
            "the responsibility items, targets (主要预期目标) and tasks (重点工作) alike, in document order; "
            "printed numbers may be missing or repeat, so items are keyed by their place"
        ),
        columns=(
            _int("item_id", "1-based place among the items, in document order"),
            _str("kind", "whether the item is a target or a task", enum=ItemKind),
            _int("number", "the item's number: 7. is 7, (四) is 4 (empty where it is unnumbered)", required=False),
            _str("marker", "the number as printed: 7., (四)", required=False),
            _int("division_id", "the innermost division the item sits in", required=False),
            _str("text", "the item's sentence, without its responsibility list"),
            _str("due", "完成时限, the deadline as printed", required=False),
            _str("source", "任务来源, where the task comes from, as printed", required=False),
            _bool("open_ended", "whether the unit list ends in 等 (and others): it is not exhaustive"),
            _bool("complete", "false where the text stops inside the item (a truncated copy)"),
            *_LINES,
        ),
        primary_key=("item_id",),
        foreign_keys=(_fk(("division_id",), "divisions"),),
        make=_item_rows,
        from_rows=_read_items,
    ),
    _leader_table(
        "leaders",
        _ITEM_ID,
        "items",
        lambda plan: plan.items,
        "the responsible leaders (责任领导) printed with an item, in printed order",
    ),
    Table(
        name="details",
        description="further printed facts about an item that have no column of their own (指标要求, 目标类型)",
        columns=(
            _ITEM_ID,
            _POSITION,
            _str("label", "the fact's label as printed"),
            _str("text", "the fact as printed"),
        ),
        primary_key=("item_id", "position"),
        foreign_keys=(_fk(("item_id",), "items"),),
        make=lambda plan: (
            (item.id, i, d.label, d.text) for item in plan.items for i, d in enumerate(item.details, start=1)
        ),
        from_rows=lambda rows, _read: _grouped(
            rows, "item_id", lambda d: d.build(Detail, label=d["label"], text=d["text"])
        ),
    ),
    Table(
        name="assignments",
        description="who is charged with each item: one row per printed unit name, in printed order",
        columns=(
            _ITEM_ID,
            _str("role", "lead (牵头单位) or responsible (责任单位, 配合单位, …)", enum=Role),
            _int("position", "1-based place of the unit in the printed list of its role"),
            _str("unit_id", "the unit"),
            _int("group_number", "1-based comma group within that list (、 joins units of one kind)"),
            _str("printed_name", "the unit's name exactly as printed, 〈…〉 qualifier included"),
            _str("label", "the label, header, phrase or mark that gave the role, as printed", required=False),
            _str("basis", "how the text says which role the unit has", enum=RoleBasis),
            _int("convention_line", "for a role given by a stated convention, the line that states it", required=False),
        ),
        primary_key=("item_id", "role", "position"),
        foreign_keys=(_fk(("item_id",), "items"), _fk(("unit_id",), "units")),
        make=_assignment_rows,
        from_rows=_read_assignments,
    ),
    Table(
        name="residue",
        description="text the parser found but could not place (web-page noise, lines out of place)",
        columns=(
            _int("line", "the line of the source text"),
            _int("column_number", "the 1-based column where the text starts"),
            _str("text", "the text"),
        ),
        primary_key=("line", "column_number"),
        foreign_keys=(),
        make=lambda plan: ((r.line, r.column, r.text) for r in plan.residue),
        from_rows=lambda rows, _read: tuple(
            r.build(Residue, text=r["text"], line=r["line"], column=r["column_number"]) for r in rows
        ),
    ),
)
TABLES: dict[str, Table] = {table.name: table for table in _TABLES}
"""Every table, by name, in an order where a table comes after the tables its keys name."""


def table(name: str) -> Table:
    """The definition of table ``name``; a LookupError names the tables there are."""
    try:
        return TABLES[name]
    except KeyError:
        raise LookupError(f"no table {name!r}; the tables are {', '.join(TABLES)}") from None


def plan_from_rows(rows: Mapping[str, Iterable[Row]]) -> Plan:
    """The plan that every table's rows hold: the inverse of ``{name: table.make(plan)}``.

    ``rows`` gives each table of :data:`TABLES` its rows, in order, typed as :attr:`Table.make`
    yields them (enum members, dates); the rows are numbered as their CSV file numbers them, so
    that each fault names its file, row and column. Checked before any object is made: primary
    keys unique, ids counting rows, foreign keys naming a row, so that a repeated key cannot
    multiply what is built nor an orphan row vanish; and afterwards the plan's own rows must be
    the rows given, so that nothing given is dropped or changed in silence. Raises
    :class:`~govtasks.errors.DataError` (of a ``data package``) for any fault, a model class's
    refusal included.
    """
    records = _records(rows)
    _check_keys(records)
    made: dict[str, Any] = {}

    def read(name: str) -> Any:
        if name not in made:
            reader = TABLES[name].from_rows
            assert reader is not None, f"the table {name} of a plan has a reader"
            made[name] = reader(records[name], read)
        return made[name]

    plan: Plan = read("document")
    _check_nothing_lost(records, plan)
    return plan


def key_problem(rows: Mapping[str, Iterable[Row]]) -> str | None:
    """How a plan's rows, by table name, break a key the tables declare, if they do: what a data
    package of them would refuse (the model lets two residues stand at one place; the key does not)."""
    try:
        _check_keys(_records(rows))
    except DataError as exc:
        return exc.problems[0]
    return None


def _records(rows: Mapping[str, Iterable[Row]]) -> dict[str, list[Record]]:
    """Each table's rows as its CSV file numbers them (the header is row 1), cells by column name."""
    return {table.name: _numbered(table, rows[table.name]) for table in TABLES.values()}


def _numbered(table: Table, rows: Iterable[Row]) -> list[Record]:
    file, names = table.file, table.names
    return [
        Record(file=file, number=number, cells=dict(zip(names, values, strict=True)))
        for number, values in enumerate(rows, start=2)
    ]


_NUMBERED = {"divisions": "division_id", "items": "item_id"}
"""Tables whose ids the model requires to count their rows, 1, 2, 3, …"""


def _check_keys(tables: Mapping[str, Records]) -> None:
    """Primary keys unique, ids counting rows, foreign keys naming a row."""
    for table in TABLES.values():
        if table.primary_key:
            _check_unique(tables[table.name], table.primary_key)
    for name, column in _NUMBERED.items():
        for place, row in enumerate(tables[name], start=1):
            if row[column] != place:
                raise _fault(f"{row.at(column)}: {row[column]} should be {place}: ids count the rows 1, 2, 3, …")
    for table in TABLES.values():
        for key in table.foreign_keys:
            _check_reference(tables[table.name], key, tables[key.table])


def _check_unique(rows: Records, key: tuple[str, ...]) -> None:
    seen: dict[tuple[Any, ...], int] = {}
    for row in rows:
        first = seen.setdefault(row.key(key), row.number)
        if first != row.number:
            raise _fault(f"{row.at(*key)}: the primary key repeats row {first}'s")


def _check_reference(rows: Records, key: ForeignKey, targets: Records) -> None:
    known = {target.key(key.reference) for target in targets}
    for row in rows:
        values = row.key(key.fields)
        if None not in values and values not in known:
            shown = ", ".join(map(repr, values))
            raise _fault(
                f"{row.at(*key.fields)}: no row of {TABLES[key.table].file} has {', '.join(key.reference)} {shown}"
            )


def _check_nothing_lost(tables: Mapping[str, Records], plan: Plan) -> None:
    """The plan's own rows must be the rows read: an orphan row, a clause of a document without a
    notice, a derived column that disagrees would otherwise be lost in silence."""
    own = _records({table.name: table.make(plan) for table in TABLES.values()})
    for table in TABLES.values():
        rows, made = tables[table.name], own[table.name]
        for row, twin in zip(rows, made, strict=False):
            if row.cells != twin.cells:
                column = next(name for name, value in row.cells.items() if value != twin[name])
                read, held = row[column], twin[column]
                raise _fault(f"{row.at(column)}: {read!r} is not what the plan the tables make holds ({held!r})")
        if len(rows) > len(made):  # never fewer: every row read makes its part of the plan
            raise _fault(f"{rows[len(made)].at()}: the plan the tables make holds no such row (an orphan)")


PLAN_ID = Column(
    name="plan_id",
    type="string",
    required=True,
    description="the plan the row belongs to: its document number or file stem @ the first 12 hex digits of its sha256",
)
"""The key column that joins rows of many plans into one table (see :func:`with_plan_id`)."""


def with_plan_id(spec: Table, plan_id: Callable[[Plan], str]) -> Table:
    """``spec`` for many plans: the same table with :data:`PLAN_ID` first, in its primary key and in
    every foreign key, each row led by ``plan_id(plan)``. Never a second definition of the table."""
    key = (PLAN_ID.name,)
    make = spec.make
    return Table(
        name=spec.name,
        description=spec.description,
        columns=(PLAN_ID, *spec.columns),
        primary_key=(*key, *spec.primary_key),
        foreign_keys=tuple(
            ForeignKey(fields=(*key, *fk.fields), table=fk.table, reference=(*key, *fk.reference))
            for fk in spec.foreign_keys
        ),
        make=lambda plan: keyed(plan_id(plan), make(plan)),
    )


def keyed(plan_id: str, rows: Iterable[Row]) -> Iterator[Row]:
    """``rows`` of a table, each led by ``plan_id``: the rows :func:`with_plan_id`'s table holds."""
    return ((plan_id, *row) for row in rows)


def columns_of(plan: Plan, name: str) -> dict[str, list[Any]]:
    """Table ``name`` of ``plan`` as columns: header → values, in row order."""
    spec = table(name)
    return as_columns(spec.columns, spec.rows(plan))


def to_pandas(plan: Plan, name: str) -> pd.DataFrame:
    """Table ``name`` as a pandas DataFrame with nullable dtypes (needs the ``pandas`` extra)."""
    spec = table(name)
    return pandas_frame(spec.columns, spec.rows(plan))


def to_polars(plan: Plan, name: str) -> pl.DataFrame:
    """Table ``name`` as a polars DataFrame (needs the ``polars`` extra)."""
    spec = table(name)
    return polars_frame(spec.columns, spec.rows(plan))
