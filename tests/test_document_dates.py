"""The document's dates, each named for its label (issue 16, point 7): 公布日期 is ``promulgated``,
发布日期 ``released``, 成文日期 ``written``, and the notice's signature date ``signed_on``; none is
taken for another, through parsing, JSON, tables, data packages, rendering and validation."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import attrs
import pytest

import govtasks
from govtasks import cli
from govtasks.tables import TABLES, columns_of

JAN = {day: dt.date(2020, 1, day) for day in (10, 17, 20, 23)}
EMPTY = govtasks.UnitRegistry(units=())

NOTICE = """{header}
市人民政府办公厅关于印发某某方案的通知
武政办〔2020〕1号
各区人民政府,市人民政府各部门:
一、各责任单位要于{due}前,将办理方案经本单位主要负责人审定后报送市人民政府督查室。
{signature}"""
SIGNATURE = "武汉市人民政府办公厅\n2020年1月17日\n"


def notice(header: str, *, due: str = "2020年1月20日", signature: str = SIGNATURE) -> govtasks.Plan:
    """A notice with ``header`` above it, read with no registry (every unit a stand-in)."""
    return govtasks.parse(NOTICE.format(header=header, due=due, signature=signature), units=EMPTY)


def dates(info: govtasks.DocumentInfo) -> tuple[dt.date | None, dt.date | None, dt.date | None]:
    return info.promulgated, info.released, info.written


# -- the bundled plan -----------------------------------------------------------


@pytest.fixture(scope="module")
def parsed() -> govtasks.Plan:
    """The bundled source parsed (with no registry: the dates do not depend on it)."""
    return govtasks.parse(govtasks.source_text(), units=EMPTY)


def test_the_bundled_copy_gives_the_legal_databases_promulgation_date(parsed: govtasks.Plan) -> None:
    # ∙【公布日期】2020.01.17: the legal database's date, the same day as the portal's 成文日期; the
    # portal's 发布日期 (2020-01-23) is not in this copy, so nothing claims it.
    assert dates(parsed.info) == (JAN[17], None, None)
    assert parsed.info.effective == JAN[17]
    assert parsed.notice is not None
    assert parsed.notice.signed_on == JAN[17]


def test_the_bundled_plan_as_loaded_has_the_same_dates(plan: govtasks.Plan) -> None:
    assert dates(plan.info) == (JAN[17], None, None)
    assert plan.notice is not None
    assert plan.notice.signed_on == JAN[17]


def test_the_model_has_no_field_published() -> None:
    names = [field.name for field in attrs.fields(govtasks.DocumentInfo)]
    assert "published" not in names
    assert {"promulgated", "released", "written", "effective"} <= set(names)


# -- each label fills its own field --------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("公布日期:2020-01-17", (JAN[17], None, None)),
        ("文章属性\n∙【公布日期】2020.01.17\n正文", (JAN[17], None, None)),
        ("发布日期:2020-01-23", (None, JAN[23], None)),
        ("发布时间:2020-01-23 10:08", (None, JAN[23], None)),
        ("成文日期:2020-01-17", (None, None, JAN[17])),
        ("发文日期 | 2020-01-17 00:00 |", (None, None, JAN[17])),
    ],
)
def test_each_label_fills_the_field_named_for_it(
    header: str, expected: tuple[dt.date | None, dt.date | None, dt.date | None]
) -> None:
    plan = notice(header)
    assert dates(plan.info) == expected
    assert plan.residue == ()  # the header line was read whole


def test_a_text_giving_several_dates_keeps_each() -> None:
    plan = notice("文章属性\n∙【公布日期】2020.01.17\n正文\n成文日期:2020-01-17 发布日期:2020-01-23")
    assert dates(plan.info) == (JAN[17], JAN[23], JAN[17])
    assert plan.notice is not None
    assert plan.notice.signed_on == JAN[17]


def test_the_signature_date_is_the_notices_own() -> None:
    plan = notice("发布日期:2020-01-23")
    assert plan.notice is not None
    assert (plan.notice.signed_on, plan.info.written) == (JAN[17], None)  # never copied into a header field


# -- render, JSON, tables, data package ---------------------------------------------


def three_dates() -> govtasks.Plan:
    return notice("文章属性\n∙【公布日期】2020.01.17\n正文\n成文日期:2020-01-17\n发布日期:2020-01-23")


def test_render_writes_each_date_back_under_its_label() -> None:
    plan = three_dates()
    text = govtasks.render(plan)
    assert "∙【公布日期】2020.01.17\n" in text
    assert "\n成文日期:2020-01-17\n发布日期:2020-01-23\n" in text
    again = govtasks.parse(text, units=EMPTY)
    assert govtasks.without_positions(again) == govtasks.without_positions(plan)


def test_json_keeps_each_date() -> None:
    plan = three_dates()
    info = json.loads(govtasks.to_json(plan))["info"]
    assert (info["promulgated"], info["released"], info["written"]) == ("2020-01-17", "2020-01-23", "2020-01-17")
    assert "published" not in info
    assert govtasks.from_json(govtasks.to_json(plan)) == plan


def old_json(plan: govtasks.Plan) -> dict[str, Any]:
    """``plan``'s JSON as version 0.5.0 wrote it: one date, ``published``, where 公布日期 or 发布日期 went."""
    data = json.loads(govtasks.to_json(plan))
    info = data["info"]
    published = info.pop("promulgated") or info.pop("released")
    info.pop("released", None)
    data["info"] = {**info, "published": published}
    return data  # type: ignore[no-any-return]


def test_old_json_from_a_legal_database_copy_reads_its_date_as_promulgated(parsed: govtasks.Plan) -> None:
    # The attribute block (施行日期, 效力等级 …) was there, and its 【公布日期】 is what 0.5.0 kept.
    data = old_json(parsed)
    assert data["info"]["published"] == "2020-01-17"
    assert govtasks.from_json(json.dumps(data, ensure_ascii=False)) == parsed


def test_old_json_from_a_site_copy_reads_its_date_as_released() -> None:
    # No attribute block: 0.5.0's date came from a site's header, whose label is 发布日期 (or 发布时间).
    plan = notice("发布日期:2020-01-23")
    data = old_json(plan)
    assert data["info"]["published"] == "2020-01-23"
    assert govtasks.from_json(json.dumps(data, ensure_ascii=False)) == plan


def test_old_json_with_no_date_reads() -> None:
    plan = notice("")
    data = old_json(plan)
    assert data["info"]["published"] is None
    assert govtasks.from_json(json.dumps(data, ensure_ascii=False)) == plan


def test_old_json_with_a_bad_date_names_the_old_key(parsed: govtasks.Plan) -> None:
    data = old_json(parsed)
    data["info"]["published"] = "2020-13-01"
    with pytest.raises(govtasks.DataError) as caught:
        govtasks.from_json(json.dumps(data, ensure_ascii=False))
    assert caught.value.problems == (
        "invalid value: 2020-13-01 is not a date: month must be in 1..12 @ $.info.published",
    )


def test_json_with_published_and_a_new_date_is_refused(parsed: govtasks.Plan) -> None:
    data = json.loads(govtasks.to_json(parsed))
    data["info"]["published"] = "2020-01-17"
    with pytest.raises(govtasks.DataError) as caught:
        govtasks.from_json(json.dumps(data, ensure_ascii=False))
    assert caught.value.problems == ("extra fields found (published) @ $.info",)


def test_the_document_table_has_a_column_for_each_date() -> None:
    columns = [column.name for column in TABLES["document"].columns]
    assert "published" not in columns
    dated = [column.name for column in TABLES["document"].columns if column.type == "date"]
    assert dated == ["promulgated", "released", "written", "effective", "signed_on"]
    described = {column.name: column.description for column in TABLES["document"].columns}
    assert described["promulgated"].startswith("公布日期")
    assert described["released"].startswith("发布日期")
    assert described["written"].startswith("成文日期")
    # names SQL takes unquoted: no reserved word, nothing to escape
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", name) for name in columns)
    sqlite3.connect(":memory:").execute(f"CREATE TABLE document ({', '.join(columns)})")


def test_the_document_table_holds_each_date() -> None:
    row = columns_of(three_dates(), "document")
    picked = {name: row[name] for name in ("promulgated", "released", "written", "signed_on")}
    assert picked == {"promulgated": [JAN[17]], "released": [JAN[23]], "written": [JAN[17]], "signed_on": [JAN[17]]}


def test_a_data_package_keeps_each_date(tmp_path: Path) -> None:
    plan = three_dates()
    govtasks.export(plan, tmp_path / "package")
    assert govtasks.read_datapackage(tmp_path / "package") == plan
    descriptor = json.loads((tmp_path / "package" / "datapackage.json").read_text(encoding="utf-8"))
    document = descriptor["govtasks"]["document"]
    assert (document["promulgated"], document["released"], document["written"]) == (
        "2020-01-17",
        "2020-01-23",
        "2020-01-17",
    )


# -- the command line's summary -----------------------------------------------------


def test_the_summary_names_each_date_it_shows() -> None:
    assert " on 2020-01-17 (公布日期); status: 现行有效" in cli.summary(
        govtasks.parse(govtasks.source_text(), units=EMPTY)
    )
    assert " on 2020-01-17 (成文日期, 公布日期), released 2020-01-23 (发布日期); " in cli.summary(three_dates())
    assert " on (date not given), released 2020-01-23 (发布日期); " in cli.summary(notice("发布日期:2020-01-23"))
    assert " on 2020-01-10 (成文日期) and 2020-01-17 (公布日期); " in cli.summary(
        notice("文章属性\n∙【公布日期】2020.01.17\n正文\n成文日期:2020-01-10")
    )


# -- validation: deadlines against the document's own date ---------------------------


def before_issue(plan: govtasks.Plan) -> list[str]:
    return [f.message for f in govtasks.validate(plan).findings if f.code == "deadline-before-publication"]


def test_a_deadline_between_writing_and_the_sites_release_is_no_fault() -> None:
    # As 武政办〔2020〕1号: written 2020-01-17, posted on the portal 2020-01-23; units had it before then.
    plan = notice("成文日期:2020-01-17\n发布日期:2020-01-23", due="2020年1月20日")
    assert plan.deadlines[0].date == JAN[20]
    assert before_issue(plan) == []


def test_a_deadline_before_the_date_written_is_reported() -> None:
    plan = notice("成文日期:2020-01-17\n发布日期:2020-01-23", due="2020年1月10日")
    assert before_issue(plan) == ["2020-01-10 is before the document's date 2020-01-17 (成文日期)"]


def test_the_release_date_alone_is_not_compared() -> None:
    plan = notice("发布日期:2020-01-23", due="2020年1月20日", signature="")
    assert plan.notice is not None
    assert (plan.notice.signed_on, plan.deadlines[0].date) == (None, JAN[20])
    assert before_issue(plan) == []


def test_the_promulgation_date_and_the_signature_count() -> None:
    promulgated = notice("文章属性\n∙【公布日期】2020.01.17\n正文", due="2020年1月10日", signature="")
    assert before_issue(promulgated) == ["2020-01-10 is before the document's date 2020-01-17 (公布日期)"]
    signed = notice("", due="2020年1月10日")
    assert before_issue(signed) == ["2020-01-10 is before the document's date 2020-01-17 (落款)"]


def test_the_earliest_of_the_documents_own_dates_is_used() -> None:
    plan = notice("文章属性\n∙【公布日期】2020.01.23\n正文\n成文日期:2020-01-17", due="2020年1月20日")
    assert before_issue(plan) == []  # after the date written, though before the database's 公布日期
