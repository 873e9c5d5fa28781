"""Rewrite the generated files from the bundled source text and unit registry.

- ``src/govtasks/data/wuhan-2020.json``: the plan, parsed from the source text, referring to
  ``units.json`` by its sha256 rather than holding the registry again;
- ``docs/units.md``: every unit with the basis of each added fact;
- ``src/govtasks/data/datapackage/``: the plan as a Frictionless data package (files of
  tables no longer defined are removed);
- ``docs/data-dictionary.md``: every table and column of that package;
- ``src/govtasks/data/MANIFEST.sha256``: the sha256 of every bundled data file;
- ``src/govtasks/_manifest_sha256.py``: the manifest's own sha256, pinned in code (written last).

Run from the repository root: ``python scripts/regenerate_data.py``.
"""

import datetime as dt
from pathlib import Path

from govtasks import export, parse, to_json, units_from_json
from govtasks._version import RELEASE_DATE
from govtasks.bundled import (
    DATAPACKAGE_DIR,
    DATAPACKAGE_NAME,
    MANIFEST_FILE,
    PLAN_FILE,
    SOURCE_FILE,
    UNITS_FILE,
    manifest_text,
    pinned_manifest_module,
)
from govtasks.docpages import data_dictionary_markdown, unit_sources_markdown

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "govtasks" / "data"

if __name__ == "__main__":
    source = (DATA / SOURCE_FILE).read_bytes().decode("utf-8")
    # The registry is read as it stands, not through load_units(), which refuses a hand-edited units.json.
    units = units_from_json((DATA / UNITS_FILE).read_bytes())
    plan = parse(source, units)
    (DATA / PLAN_FILE).write_text(to_json(plan, units=units, units_file=UNITS_FILE), encoding="utf-8", newline="\n")
    (ROOT / "docs" / "units.md").write_text(unit_sources_markdown(plan.units) + "\n", encoding="utf-8", newline="\n")
    created = dt.datetime.fromisoformat(RELEASE_DATE).replace(tzinfo=dt.timezone.utc)
    package = DATA / DATAPACKAGE_DIR
    export(plan, package, name=DATAPACKAGE_NAME, created=created, force=True)  # replaced whole: no stale table lingers
    (ROOT / "docs" / "data-dictionary.md").write_text(data_dictionary_markdown() + "\n", encoding="utf-8", newline="\n")
    manifest = manifest_text()
    (DATA / MANIFEST_FILE).write_text(manifest, encoding="utf-8", newline="\n")
    (DATA.parent / "_manifest_sha256.py").write_text(pinned_manifest_module(manifest), encoding="utf-8", newline="\n")
    print(f"wrote {DATA / PLAN_FILE}, {DATA / DATAPACKAGE_DIR}, docs/units.md and docs/data-dictionary.md")
