"""Hypothesis strategies for every model class, for round-trip properties."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

import govtasks as g

lines = st.integers(min_value=1, max_value=10_000)
texts = st.text(max_size=20)
optional_texts = st.none() | texts
dates = st.dates(min_value=dt.date(1949, 10, 1), max_value=dt.date(2100, 12, 31))

assignments = st.builds(
    g.Assignment,
    unit=texts,
    role=st.sampled_from(g.Role),
    position=st.integers(1, 50),
    group=st.integers(1, 5),
    printed=texts,
)
item_fields = {
    "text": texts,
    "assignments": st.lists(assignments, max_size=4).map(tuple),
    "first_line": lines,
    "last_line": lines,
}
targets = st.builds(g.Target, ordinal=st.integers(1, 10), **item_fields)
tasks = st.builds(g.Task, number=st.integers(1, 300), **item_fields)
themes = st.builds(g.Theme, title=optional_texts, line=st.none() | lines, tasks=st.lists(tasks, max_size=3).map(tuple))
sections = st.builds(
    g.Section, ordinal=st.integers(1, 9), title=texts, line=lines, themes=st.lists(themes, max_size=3).map(tuple)
)
deadlines = st.builds(
    g.Deadline,
    date=dates,
    due=texts,
    submitter=texts,
    recipient=optional_texts,
    clause=st.integers(1, 4),
    line=lines,
)
clauses = st.builds(g.Clause, ordinal=st.integers(1, 9), text=texts, first_line=lines, last_line=lines)
notices = st.builds(
    g.Notice,
    doc_number=optional_texts,
    preamble=optional_texts,
    clauses=st.lists(clauses, max_size=4).map(tuple),
    deadlines=st.lists(deadlines, max_size=4).map(tuple),
    signed_by=optional_texts,
    signed_on=st.none() | dates,
)
infos = st.builds(
    g.DocumentInfo,
    title=optional_texts,
    issuer=optional_texts,
    doc_number=optional_texts,
    published=st.none() | dates,
    effective=st.none() | dates,
    level=optional_texts,
    status=optional_texts,
    topic=optional_texts,
    addressees=st.lists(texts, max_size=3).map(tuple),
)
residues = st.builds(g.Residue, text=texts, line=lines, column=st.integers(1, 500))
counts = st.none() | st.integers(0, 1000)
plans = st.builds(
    g.Plan,
    source_sha256=st.none() | st.text("0123456789abcdef", min_size=64, max_size=64),
    info=infos,
    notice=st.none() | notices,
    title=optional_texts,
    targets_title=optional_texts,
    declared_targets=counts,
    targets=st.lists(targets, max_size=4).map(tuple),
    work_title=optional_texts,
    declared_sections=counts,
    declared_tasks=counts,
    sections=st.lists(sections, max_size=3).map(tuple),
    residue=st.lists(residues, max_size=3).map(tuple),
)
