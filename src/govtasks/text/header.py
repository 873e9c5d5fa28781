"""The facts a web copy prints above a plan: 索引号, 发布机构, 文号, 成文日期, 发布日期 …

Government sites print them as a table (``文 号 | 江政办〔2020〕2 号 | 发文日期 | 2020-04-19 |``)
or as ``key: value`` runs on a line; a legal database prints ``∙【key】value`` lines (read
with the notice). Keys may be spaced out (索 引 号). Each fact keeps the text as printed.
"""

from __future__ import annotations

import datetime as dt
import re

from govtasks._text import Line
from govtasks.text import grammar

FIELDS = {
    "索引号": "index_number", "文号": "doc_number", "发文字号": "doc_number", "字号": "doc_number",
    "发布机构": "issuer", "制定机关": "issuer", "成文日期": "written", "发文日期": "written",
    "发布日期": "released", "发布时间": "released", "公布日期": "promulgated",
}  # fmt: skip
"""Header keys and the DocumentInfo field each gives: each date under the name of its own label (成文日期,
the date written; 发布日期, the day the site released it; 公布日期, promulgation), never one for another."""
OTHER_KEYS = ("有效性", "公开方式", "组配分类", "废止日期", "所属机构", "文件分类", "名称", "标题", "信息来源", "来源")
"""Header keys the model has no field for: their lines are kept as residue."""
DATES = frozenset({"written", "released", "promulgated"})
_KEY = re.compile(
    "(?P<key>" + "|".join(r"\s*".join(map(re.escape, k)) for k in sorted([*FIELDS, *OTHER_KEYS], key=len, reverse=True))
    + r")\s*[:|]"
)  # fmt: skip
_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")


def facts(line: Line) -> tuple[dict[str, str], bool] | None:
    """The header facts on ``line`` and whether every key on it has a field; None if it is no header line."""
    folded = grammar.matching(line.content)
    keys = list(_KEY.finditer(folded))
    if not keys or keys[0].start() > 1:
        return None
    found: dict[str, str] = {}
    complete = True
    for i, key in enumerate(keys):
        end = keys[i + 1].start() if i + 1 < len(keys) else len(folded)
        value = line.content[key.end() : end].strip(" |\t\u3000")
        name = FIELDS.get("".join(key["key"].split()))
        if name is None:
            complete = False
        elif value and name not in found:
            found[name] = value
    return found, complete


def date(value: str) -> dt.date | None:
    """A header date (2020-04-19 00:00), or None where it is not one."""
    match = _ISO.match(value)
    if match is None:
        return None
    try:
        return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None
