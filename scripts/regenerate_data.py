"""Rewrite src/govtasks/data/wuhan-2020.json from the bundled source text.

Run from the repository root: ``python scripts/regenerate_data.py``.
"""

from pathlib import Path

from govtasks import parse, to_json
from govtasks.bundled import PLAN_FILE, SOURCE_FILE

DATA = Path(__file__).resolve().parent.parent / "src" / "govtasks" / "data"

if __name__ == "__main__":
    source = (DATA / SOURCE_FILE).read_bytes().decode("utf-8")
    (DATA / PLAN_FILE).write_text(to_json(parse(source)), encoding="utf-8", newline="\n")
    print(f"wrote {DATA / PLAN_FILE}")
