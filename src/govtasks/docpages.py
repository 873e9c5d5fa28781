"""Markdown pages made from the data itself, so that the docs cannot drift from it:
the basis of every added unit fact, and the data dictionary of the exported tables."""

from __future__ import annotations

from govtasks.tables import TABLES
from govtasks.units import Certainty, NameStatus, RelationKind, Unit, UnitRegistry, sourced

_SOURCES_INTRO = """\
# Units and the basis of each added fact

The plan prints each unit by a short name (市发展改革委). That name is the only thing the
text says about a unit. Everything else below — full names as of January 2020, English
names, kinds, parents, aliases, the members of collective units, the bodies that supervise
enterprises, one administration under two names, and remarks — is the project's own data
(`src/govtasks/data/units.json`), and each fact carries its basis and, in brackets, how sure
it is:

- **confirmed**: a cited public source states it (never without the source's address, or the
  plan's own text);
- **probable**: it follows from a naming or listing convention, a stated rule (`rule: …`), or
  an indirect source;
- **uncertain**: plausible, unverified.

English names are *official* only where the unit or the Wuhan government uses them; otherwise
they are the project's own translation. Sources were found in stored copies of public pages;
many are reposts or mirrors, and are cited by address and description, not quoted. Remarks that
name no source are listed again in their own section at the end.

This page is generated from the registry (`govtasks units --markdown`); a test keeps it in step.
"""


def unit_sources_markdown(units: UnitRegistry) -> str:
    """The registry as a Markdown page: every unit with each added fact, its certainty and its basis."""
    out = [_SOURCES_INTRO]
    for unit in units:
        out += [f"## {unit.name} (`{unit.id}`)", "", *_unit_facts(units, unit), ""]
    unsourced = [unit for unit in units if unit.note and not sourced(unit.note)]
    out += ["## Unsourced remarks", "", "Remarks that name no source, each with how sure it is:", ""]
    out += [f"- {u.name} (`{u.id}`): {u.note} ({_level(u.note_certainty)})" for u in unsourced]
    out.append("")
    return "\n".join(out)


def _level(certainty: Certainty | NameStatus | None) -> str:
    return certainty.value if certainty else "?"


def _unit_facts(units: UnitRegistry, unit: Unit) -> list[str]:
    facts = []
    if unit.kind_basis is not None:
        facts.append(f"- kind: {unit.kind.value} ({_level(unit.kind_certainty)}); basis: {unit.kind_basis}")
    if unit.full_name:
        facts.append(
            f"- full name: {unit.full_name} ({_level(unit.full_name_certainty)}); basis: {unit.full_name_basis}"
        )
    if unit.name_en:
        facts.append(f"- English: {unit.name_en} ({_level(unit.name_en_status)}); basis: {unit.name_en_basis}")
    parent = units.parent(unit)
    if parent is not None:
        facts.append(
            f"- part of: {parent.name} (`{parent.id}`, {_level(unit.parent_certainty)}); basis: {unit.parent_basis}"
        )
    facts += [f"- also called {a.name} ({a.certainty.value}); basis: {a.basis}" for a in unit.aliases]
    for member, membership in zip(units.members(unit), unit.members, strict=True):
        facts.append(
            f"- member: {member.name} (`{member.id}`, {membership.certainty.value}); basis: {membership.basis}"
        )
    for relation in unit.relations:
        other = units.by_id(relation.unit)
        name = other.name if other else relation.unit
        facts.append(
            f"- {_RELATION_WORDS[relation.kind]} {name} (`{relation.unit}`, {relation.certainty.value}); "
            f"basis: {relation.basis}"
        )
    if unit.note:
        facts.append(f"- note ({_level(unit.note_certainty)}): {unit.note}")
    return facts


_RELATION_WORDS = {
    RelationKind.SUPERVISED_BY: "supervised by",
    RelationKind.SAME_ADMINISTRATION: "one administration with",
}


_DICTIONARY_INTRO = """\
# Data dictionary

`govtasks export --format datapackage --out DIR` (or `govtasks.export(plan, DIR)`) writes one
CSV file per table below and a Frictionless `datapackage.json` describing them: field types
and constraints, primary and foreign keys, and the sha256 of every file. The bundled plan's
package ships in `src/govtasks/data/datapackage/`. Files are UTF-8 and RFC 4180 (comma,
double quotes, CRLF line ends); an empty cell is a missing value, and an empty text is a
quoted empty cell (`""`), which most readers also take as missing. Headers are ASCII
snake_case. Divisions (parts, areas, themes) and items (targets and tasks) are keyed by
their place in the document, `division_id` and `item_id`, since printed numbers can be
missing or repeat from part to part; `number` and `marker` keep them as printed. A role is
`lead` or `responsible` in every table.

Open it in R with the `frictionless` package:

```r
library(frictionless)
package <- read_package("datapackage/datapackage.json")
assignments <- read_resource(package, "assignments")
```

or in Stata, one table at a time:

```stata
import delimited using "datapackage/assignments.csv", charset("utf8") varnames(1) clear
```

In pandas, give `read_csv` each column's type from `datapackage.json`. Left to guess, it reads an
integer column with an empty cell as floats, a text column with no values as numbers, and the
text `NA` as missing. With the types, each table reads as `Plan.to_pandas` gives it (an empty
text, `""`, reads as missing):

```python
>>> import json
>>> import pandas as pd
>>> import govtasks
>>> from govtasks.bundled import data_file
>>> folder = data_file("datapackage")  # the bundled plan's package, or a folder export wrote
>>> package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
>>> DTYPES = {"integer": "Int64", "string": "string", "boolean": "boolean"}
>>> def read(table):
...     fields = next(r for r in package["resources"] if r["name"] == table)["schema"]["fields"]
...     return pd.read_csv(
...         folder / f"{table}.csv",
...         dtype={f["name"]: DTYPES[f["type"]] for f in fields if f["type"] in DTYPES},
...         parse_dates=[f["name"] for f in fields if f["type"] == "date"],
...         keep_default_na=False,
...         na_values=[""],
...     )
>>> items = read("items")
>>> items.dtypes[["item_id", "number", "division_id", "first_line"]].tolist()
[Int64Dtype(), Int64Dtype(), Int64Dtype(), Int64Dtype()]
>>> items.equals(govtasks.load().to_pandas("items"))
True

```

The package's files hold every text exactly as printed, so a cell may begin with `=`, `+`,
`-`, `@`, a tab or a carriage return, which a spreadsheet would run as a formula. For Excel or
LibreOffice, export the `csv` format instead (`govtasks export --format csv --out DIR`): the
same tables, with a `'` put before such a cell, as OWASP advises against CSV injection (those
six characters only: full-width ＝ and the like start no formula). Open them with Data › From
Text/CSV and choose UTF-8 (65001) as the file origin. Only the package is read back by
`govtasks.read_datapackage`, which checks each file's size and sha256, every cell's type
(integers in ASCII digits, ISO dates, `true`/`false`) and the primary and foreign keys above,
and names the file, row and column of any fault.

This page is generated from the table definitions (`govtasks/tables.py`); a test keeps it in step.
"""


def data_dictionary_markdown() -> str:
    """Every exported table and column, with its type, whether it is required, and its meaning."""
    out = [_DICTIONARY_INTRO]
    for table in TABLES.values():
        out += [f"## {table.name}", "", table.description[0].upper() + table.description[1:] + ".", ""]
        keys = []
        if table.primary_key:
            keys.append(f"primary key: {', '.join(table.primary_key)}")
        keys += [f"{', '.join(k.fields)} → {k.table}.{', '.join(k.reference)}" for k in table.foreign_keys]
        if keys:
            out += ["Keys: " + "; ".join(keys) + ".", ""]
        out += ["| column | type | required | meaning |", "| --- | --- | --- | --- |"]
        for column in table.columns:
            meaning = column.description + (f" (one of: {', '.join(column.values)})" if column.values else "")
            out.append(f"| `{column.name}` | {column.type} | {'yes' if column.required else 'no'} | {meaning} |")
        out.append("")
    return "\n".join(out)
