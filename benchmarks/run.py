"""Run every benchmark and print each measure beside its floor or goal, as a ratio.

    python benchmarks/run.py            # everything, including a 100 MB parse (a few minutes)
    python benchmarks/run.py --quick    # smaller sizes, no 100 MB parse

Absolute times on a shared machine are noise, so each measure is taken side by side
with its reference in the same run, repeated, and the best of the repeats is kept.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import tempfile
import time
import timeit
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path

from synthetic import synthetic_plan, synthetic_text, synthetic_texts

import govtasks
from govtasks import bundled

Row = tuple[str, str, str, str]


def best(action: Callable[[], object], repeat: int) -> float:
    """The shortest of ``repeat`` timings of ``action``, in seconds."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def cold_start(repeat: int) -> list[Row]:
    path = bundled.data_file(bundled.PLAN_FILE)
    ours = "import govtasks; govtasks.load()"
    floor = f"import attrs, cattrs, json; json.load(open({str(path)!r}, 'rb'))"

    def run(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - start

    pairs = [(run(ours), run(floor)) for _ in range(repeat)]  # side by side, alternating
    ours_best, floor_best = min(p[0] for p in pairs), min(p[1] for p in pairs)
    return [
        (
            "cold start: import govtasks; load()",
            f"{ours_best * 1000:.0f} ms vs floor {floor_best * 1000:.0f} ms",
            f"{ours_best / floor_best:.2f}x",
            "<= 1.3x",
        )
    ]


def parse_scaling(sizes: list[int], repeat: int) -> tuple[list[Row], dict[int, govtasks.Plan]]:
    rows, seconds, plans = [], {}, {}
    for size in sizes:
        text = synthetic_text(size)
        megabytes = len(text.encode("utf-8")) / 1e6
        seconds[size] = best(partial(govtasks.parse, text), repeat if size < 100_000 else 2)
        plans[size] = govtasks.parse(text)
        rate = megabytes / seconds[size]
        rows.append(
            (f"parse {size:,} tasks ({megabytes:.1f} MB)", f"{seconds[size]:.2f} s", f"{rate:.1f} MB/s", ">= 5 MB/s")
        )
    if 10_000 in seconds and 100_000 in seconds:
        ratio = seconds[100_000] / seconds[10_000]
        rows.append(("parse time 100k / 10k tasks", "", f"{ratio:.1f}x", "<= 12x"))
    return rows, plans


def parse_layouts(small: int, large: int, repeat: int) -> list[Row]:
    """Parse the synthetic plan written in the parenthesis, labels and table layouts, side by side: each round
    parses every text once, so that a busy machine slows all of them alike. Rate at ``large``, time ratio to
    ``small``."""
    texts = {size: synthetic_texts(size) for size in (small, large)}
    seconds: dict[tuple[str, int], float] = {}
    for _ in range(repeat):
        for size, written in texts.items():
            for layout, text in written.items():
                took = best(partial(govtasks.parse, text), 1)
                seconds[layout.value, size] = min(took, seconds.get((layout.value, size), took))
    rows: list[Row] = []
    for layout, text in texts[large].items():
        megabytes = len(text.encode("utf-8")) / 1e6
        took = seconds[layout.value, large]
        name = f"parse {layout.value}, {large:,} items ({megabytes:.1f} MB)"
        rows.append((name, f"{took:.2f} s", f"{megabytes / took:.1f} MB/s", ">= 5 MB/s"))
    for layout in texts[large]:
        ratio = seconds[layout.value, large] / seconds[layout.value, small]
        rows.append((f"parse {layout.value}, time {large // 1000}k / {small // 1000}k", "", f"{ratio:.1f}x", "<= 12x"))
    return rows


def json_load(size: int, repeat: int) -> list[Row]:
    text = govtasks.to_json(synthetic_plan(size))
    floor = best(lambda: json.loads(text), repeat)
    ours = best(lambda: govtasks.from_json(text), repeat)
    return [(f"from_json {size:,} tasks", f"{ours:.2f} s vs json.loads {floor:.2f} s", f"{ours / floor:.2f}x", "<= 3x")]


def queries(plans: dict[str, govtasks.Plan], number: int) -> list[Row]:
    rows: list[Row] = []
    per_call: dict[str, float] = {}
    for label, plan in plans.items():
        plan.tasks_for("市发展改革委")  # builds the index, once
        measures: dict[str, Callable[[], object]] = {
            "tasks_for": partial(plan.tasks_for, "市发展改革委", role=govtasks.Role.LEAD),
            "tasks_for expand": partial(plan.tasks_for, "江岸区人民政府", expand=True),
            "workload": plan.workload,
            "counts": partial(plan.counts, "theme"),
            "search": partial(plan.search, "金融 风险"),
        }
        for name, action in measures.items():
            calls = number if name.startswith("tasks_for") else max(3, number // max(1, len(plan.tasks)))
            micro = min(timeit.repeat(action, number=calls, repeat=7)) / calls * 1e6
            per_call[f"{name}@{label}"] = micro
            goal = "< 5 µs" if name == "tasks_for" else ""
            rows.append((f"{name} on {label}", f"{micro:,.1f} µs", "", goal))
    small, large = per_call.get("tasks_for@1k"), per_call.get("tasks_for@100k")
    if small and large:
        rows.append(("tasks_for 100k / 1k", "", f"{large / small:.2f}x", "<= 1.5x"))
    return rows


def unregistered_text(names: int) -> str:
    """A plan whose every task names a unit the registry does not know, half of them near a registered name."""
    registered = [unit.name for unit in govtasks.load_units()]
    printed = [f"{registered[i % len(registered)]}分{i}" if i % 2 else f"某单位{i}号" for i in range(names)]
    return "一、任务\n" + "".join(f"{i}. 做事{i}(牵头单位:{name})\n" for i, name in enumerate(printed, start=1))


def validate_scaling(size: int, repeat: int) -> list[Row]:
    """validate() on plans of ``size`` and twice as many unregistered names: linear work doubles."""
    plans = {n: govtasks.parse(unregistered_text(n), govtasks.load_units()) for n in (size, 2 * size)}
    seconds = {n: best(partial(govtasks.validate, plan), repeat) for n, plan in plans.items()}
    ratio = seconds[2 * size] / seconds[size]
    measured = f"{seconds[size]:.2f} s, {seconds[2 * size]:.2f} s"
    return [(f"validate {size:,} / {2 * size:,} unregistered names", measured, f"{ratio:.1f}x", "<= 2.5x")]


def memory(size: int) -> list[Row]:
    text = govtasks.to_json(synthetic_plan(size))
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    plan = govtasks.from_json(text)
    gc.collect()
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    per_task = held / len(plan.tasks)
    return [(f"memory held by a {size:,}-task plan", f"{held / 1e6:.0f} MB", f"{per_task:,.0f} B/task", "")]


_HUGE = """
import sys, time
import govtasks

def high_water():
    # VmHWM: this process's peak resident memory (ru_maxrss can carry the parent's over exec)
    status = open("/proc/self/status").read()
    return int(status.split("VmHWM:")[1].split()[0]) * 1024

data = open(sys.argv[1], "rb").read()
base = high_water()
start = time.perf_counter()
plan = govtasks.parse(data)
seconds = time.perf_counter() - start
print(len(data), seconds, base, high_water(), len(plan.tasks))
"""


def huge_input(megabytes: int) -> list[Row]:
    """Parse a text of ``megabytes`` MB in a fresh process: its time and how far its memory grows."""
    tasks = megabytes * 1_000_000 // 246  # the synthetic text averages about 246 bytes a task
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "huge.txt"
        path.write_bytes(synthetic_text(tasks).encode("utf-8"))
        size, seconds, base, peak, parsed = subprocess.run(
            [sys.executable, "-c", _HUGE, str(path)], check=True, capture_output=True, text=True
        ).stdout.split()
    grown = (int(peak) - int(base)) / 1e6
    return [
        (
            f"parse a {int(size) / 1e6:.0f} MB input ({int(parsed):,} tasks)",
            f"{float(seconds):.1f} s; memory grows {grown:,.0f} MB",
            f"{int(size) / 1e6 / float(seconds):.1f} MB/s",
            "no hang, memory bounded",
        )
    ]


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--quick", action="store_true", help="smaller sizes and no 100 MB parse")
    quick = options.parse_args().quick
    sizes = [1_000, 10_000] if quick else [1_000, 10_000, 100_000]
    rows = cold_start(repeat=5 if quick else 15)
    scaling, plans = parse_scaling(sizes, repeat=3)
    rows += scaling
    rows += parse_layouts(sizes[-2], sizes[-1], repeat=2 if quick else 3)
    rows += json_load(sizes[-1], repeat=3)
    sized = {"bundled": govtasks.load(), "1k": plans[1_000]}
    sized[f"{sizes[-1] // 1000}k"] = plans[sizes[-1]]
    rows += queries(sized, number=20_000)
    rows += memory(sizes[-1])
    rows += validate_scaling(2_000 if quick else 8_000, repeat=3)
    if not quick:
        rows += huge_input(100)
    report(rows)


def report(rows: list[Row]) -> None:
    """Print the versions, then each measure beside its ratio and goal, in aligned columns."""
    name_width, measured_width, ratio_width = (max(len(row[i]) for row in rows) for i in range(3))
    print(f"govtasks {govtasks.__version__}, Python {sys.version.split()[0]}")
    for name, measured, ratio, goal in rows:
        print(f"{name:<{name_width}}  {measured:<{measured_width}}  {ratio:>{ratio_width}}  {goal}")


if __name__ == "__main__":
    main()
