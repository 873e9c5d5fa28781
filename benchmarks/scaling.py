"""Every reader is linear: the time at 2n over the time at n, up to 1 MB of input, for each reader.

    python benchmarks/scaling.py            # inputs of 128 KB, 256 KB, 512 KB and 1 MB
    python benchmarks/scaling.py --quick    # up to 256 KB

Each reader gets realistic input (a synthetic plan in every layout) and hostile input: the
shapes that once made a regular expression backtrack or a loop rescan (a clause of 要, a deadline
sentence with a thousand 经, a heading of spaces, numerals before 共N项, labels in one cell,
unclosed brackets). Linear work doubles with its input, so every ratio should be near 2;
a quadratic reader shows 4. The fitted ratio is 2 to the slope of log time against log size
over all four sizes, which one noisy timing moves less than a single ratio. Times are CPU
seconds of this process, the best of the repeats, so that other work on a shared machine
does not count.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import math
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from synthetic import synthetic_plan, synthetic_table_text

import govtasks
from govtasks.model import Layout

KB = 1024
GOAL = 2.5
"""The largest ratio that still counts as linear: 2 plus room for noise and allocation."""

Reader = Callable[[Any], object]
Input = Callable[[int], Any]
"""An input of about the given number of bytes of text."""


def _parse(source: str | bytes) -> object:
    """Parse, counting a ParseError as an answer: hostile input is not a plan."""
    try:
        return govtasks.parse(source)
    except govtasks.ParseError as error:
        return error


def _repeat(piece: str, head: str = "", tail: str = "") -> Input:
    """``head`` + ``piece`` repeated to about the size + ``tail``."""
    return lambda size: head + piece * max(1, size // len(piece.encode("utf-8"))) + tail


def _plan_of(size: int) -> govtasks.Plan:
    """A synthetic plan whose parenthesis text has about ``size`` bytes (a task is some 246 bytes)."""
    return synthetic_plan(max(10, size // 246))


def _rendered(layout: Layout) -> Input:
    return lambda size: govtasks.render(_plan_of(size), layout)


def _prose(size: int) -> str:
    """The prose layout: X牵头,Y配合 after each task's sentence, no brackets."""
    line = "{n}. 推进重点项目建设,加快形成实物工作量。市发展改革委牵头,市财政局、各区人民政府配合。\n"
    return "一、重点工作\n" + "".join(line.format(n=n) for n in range(1, size // 120 + 2))


def _notice(size: int) -> str:
    """A notice of many clauses that each set deadlines, and a one-item plan after it."""
    clause = (
        "{n}、各责任单位要分别于2020年4月15日、7月15日前,将第一、第二季度工作进展情况,"
        "经分管领导审核后报送市政府督查室。\n"
    )
    clauses = "".join(clause.format(n=n) for n in range(1, size // 170 + 2))
    return "关于印发责任分解方案的通知\n" + clauses + "方案\n一、目标\n1. 做事(牵头单位:市财政局)\n"


_SCRATCH = tempfile.TemporaryDirectory(prefix="govtasks-scaling-")
"""Where the data packages to read are written; removed when the run ends."""


def _package(size: int) -> Path:
    folder = Path(_SCRATCH.name) / f"package-{size}"
    govtasks.export(_plan_of(size), folder)
    return folder


READERS: dict[str, tuple[Reader, Input]] = {
    "parse, parenthesis layout": (_parse, _rendered(Layout.PARENTHESIS)),
    "parse, labels layout": (_parse, _rendered(Layout.LABELS)),
    "parse, table, a cell a line": (_parse, lambda size: synthetic_table_text(max(10, size // 230))),
    "parse, table, | rows": (_parse, lambda size: synthetic_table_text(max(10, size // 230), pipes=True)),
    "parse, prose layout": (_parse, _prose),
    "parse, a notice's deadlines": (_parse, _notice),
    "parse, bytes in GB18030": (_parse, lambda size: _prose(size).encode("gb18030")),
    "hostile: a clause of 要": (_parse, _repeat("要", "通知\n一、", "\n方案\n一、目标(共0项)\n")),
    "hostile: 要于…前将, then 经": (_parse, lambda size: "通知\n一、" + "甲要于1月1日前将" * 32 + "经" * (size // 3)),
    "hostile: wrapped deadline lines": (_parse, _repeat("甲要于1月1日前将乙\n", "通知\n一、")),
    "hostile: sentences with no full stop": (_parse, _repeat("甲要于1月1日前将乙经丙报送丁;", "通知\n一、")),
    "hostile: a heading of spaces": (_parse, _repeat(" ", "一、a", "b")),
    "hostile: numerals before 共N项": (_parse, _repeat("一", "二、", "(共1项)")),
    "hostile: labels in one cell": (_parse, _repeat("牵头单位:", "序号|任务|牵头单位\n1|", "|市财政局\n")),
    "hostile: unclosed brackets": (_parse, _repeat("（", "一、任务\n1. 做事")),
    "hostile: markers in one item": (_parse, _repeat("(1)", "一、任务\n1. ", "(牵头单位:市财政局)\n")),
    "hostile: headings in one line": (_parse, _repeat("(一)")),
    "hostile: numerals before the plan": (_parse, _repeat("一", "", "\n一、任务\n1. 做事(牵头单位:市财政局)\n")),
    "hostile: digits before the plan": (_parse, _repeat("1", "", "\n一、任务\n1. 做事(牵头单位:市财政局)\n")),
    "from_json": (govtasks.from_json, lambda size: govtasks.to_json(_plan_of(size // 3))),
    "read_datapackage": (govtasks.read_datapackage, lambda size: _package(size // 2)),
    "render": (govtasks.render, _plan_of),
    "validate": (govtasks.validate, _plan_of),
}


def cpu_seconds(reader: Reader, data: object) -> float:
    """The least CPU time of calls of ``reader`` on ``data``: at least three, and more while they are short."""
    times: list[float] = []
    while len(times) < 3 or (sum(times) < 0.5 and len(times) < 20):
        gc.collect()
        start = time.process_time()
        reader(data)
        times.append(time.process_time() - start)
    return min(times)


def ratios(reader: Reader, make: Input, sizes: list[int]) -> tuple[list[float], float]:
    """Time at each size over time at the size before (sizes double), and the ratio that fits them all:
    2 to the slope of log time against log size, by least squares."""
    seconds = [cpu_seconds(reader, make(size)) for size in sizes]
    points = [(math.log2(size), math.log2(max(took, 1e-6))) for size, took in zip(sizes, seconds, strict=True)]
    mean_x, mean_y = (statistics.fmean(p[i] for p in points) for i in (0, 1))
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / sum((x - mean_x) ** 2 for x, _ in points)
    return [b / max(a, 1e-6) for a, b in itertools.pairwise(seconds)], 2**slope


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--quick", action="store_true", help="inputs up to 256 KB")
    top = 256 * KB if options.parse_args().quick else 1024 * KB
    sizes = [top // 8, top // 4, top // 2, top]
    print(f"govtasks {govtasks.__version__}, Python {sys.version.split()[0]}")
    print(f"time at 2n over time at n, from {sizes[0] // KB} KB to {sizes[-1] // KB} KB; linear is 2, goal <= {GOAL}")
    width = max(map(len, READERS))
    print(f"{'reader':<{width}}  {'each doubling':<22}  fitted")
    worst = 0.0
    for name, (reader, make) in READERS.items():
        steps, fitted = ratios(reader, make, sizes)
        worst = max(worst, fitted)
        verdict = "linear" if fitted <= GOAL else "NOT LINEAR"
        print(f"{name:<{width}}  {'  '.join(f'{r:4.2f}x' for r in steps):<22}  {fitted:4.2f}x  {verdict}")
    print(
        f"largest fitted ratio {worst:.2f}x: {'every reader is linear' if worst <= GOAL else 'a reader is not linear'}"
    )


if __name__ == "__main__":
    main()
