"""Reading a folder of many plans: files per second and MB/s with one and two worker processes,
and how peak memory grows from 200 to 2,000 files when plans are streamed into a Parquet dataset.

The jobs figures time what ``govtasks read FOLDER --out DATASET --format parquet --jobs N`` does:
``write_dataset(outcomes(folder, "parquet", jobs=N), out)``, each file read, validated, checked
and encoded where it is read. ``iter_plans`` with workers, which must send whole plans back, is
timed too, on a tenth of the files.

    python benchmarks/many.py            # 2,000 files of about 300 items each, mixed layouts
    python benchmarks/many.py --quick    # 200 files

The files are synthetic plans (benchmarks/synthetic.py) in the parenthesis, labels and table
layouts, each made distinct by a line of its own, so that no two share a sha256.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from run import Row, report
from synthetic import synthetic_texts

import govtasks
from govtasks.dataset import outcomes, write_dataset
from govtasks.many import iter_plans

ITEMS = 300
BASES = 12
"""Distinct synthetic plans per layout; each file is one of them with a line of its own."""


def write_files(folder: Path, count: int) -> int:
    """``count`` plan files in ``folder``, layouts in turn; returns their total bytes."""
    bases = [text for seed in range(BASES) for text in synthetic_texts(ITEMS, seed).values()]
    total = 0
    for number in range(count):
        data = f"文件编号 {number}\n{bases[number % len(bases)]}".encode()
        (folder / f"plan-{number:05d}.txt").write_bytes(data)
        total += len(data)
    return total


def read_all(folder: Path, jobs: int) -> float:
    """Seconds for ``iter_plans`` to read every file of ``folder`` (each plan dropped as soon as it is read)."""
    start = time.perf_counter()
    failed = sum(read.plan is None for read in iter_plans(folder, jobs=jobs))
    seconds = time.perf_counter() - start
    assert failed == 0, f"{failed} synthetic files failed to parse"
    return seconds


def write_all(folder: Path, out: Path, jobs: int) -> float:
    """Seconds to read every file of ``folder`` into a Parquet dataset at ``out``, as ``govtasks read`` does."""
    start = time.perf_counter()
    summary = write_dataset(outcomes(folder, "parquet", jobs=jobs), out, "parquet")
    seconds = time.perf_counter() - start
    assert summary.failed == 0, f"{summary.failed} synthetic files failed"
    return seconds


def parse_rate(folder: Path) -> float:
    """MB/s of ``parse`` alone on the files of ``folder``, each already in memory and parsed once:
    the same texts, in the same order, as reading the folder."""
    texts = [path.read_bytes() for path in sorted(folder.iterdir())]
    start = time.perf_counter()
    for data in texts:
        govtasks.parse(data)
    return sum(map(len, texts)) / 1e6 / (time.perf_counter() - start)


_STREAM = """
import sys
from govtasks.dataset import outcomes, write_dataset

def high_water():
    status = open("/proc/self/status").read()
    return int(status.split("VmHWM:")[1].split()[0]) * 1024

base = high_water()
write_dataset(outcomes(sys.argv[1], "parquet"), sys.argv[2], "parquet")
print(high_water() - base)
"""


def streamed_memory(folder: Path, out: Path) -> int:
    """How far peak memory grows while a fresh process streams ``folder`` into a dataset at ``out``."""
    run = subprocess.run([sys.executable, "-c", _STREAM, str(folder), str(out)], check=True, capture_output=True)
    return int(run.stdout.split()[-1])


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--quick", action="store_true", help="200 files instead of 2,000")
    large = 200 if options.parse_args().quick else 2000
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as scratch:
        folders = {count: Path(scratch) / f"files-{count}" for count in (large // 10, large)}
        sizes = {}
        for count, folder in folders.items():
            folder.mkdir()
            sizes[count] = write_files(folder, count)
        megabytes = sizes[large] / 1e6
        seconds = {jobs: write_all(folders[large], Path(scratch) / f"jobs-{jobs}", jobs) for jobs in (1, 2)}
        for jobs, took in seconds.items():
            rate = f"{large / took:,.0f} files/s, {megabytes / took:.1f} MB/s"
            rows.append(
                (f"read {large:,} files ({megabytes:.0f} MB) to Parquet, jobs {jobs}", f"{took:.1f} s", rate, "")
            )
        rows.append(("speed-up, jobs 2 over jobs 1", "", f"{seconds[1] / seconds[2]:.2f}x", ">= 1.7x"))
        small = large // 10
        plans = {jobs: read_all(folders[small], jobs) for jobs in (1, 2)}
        rows.append(
            (
                f"iter_plans over {small:,} files, jobs 1 / jobs 2",
                f"{plans[1]:.1f} s / {plans[2]:.1f} s",
                f"{plans[1] / plans[2]:.2f}x",
                "",
            )
        )
        # the two differ by a file read and a sha256 a file: best of three each, taken in turn
        turns = [(parse_rate(folders[small]), read_all(folders[small], 1)) for _ in range(3)]
        alone = max(rate for rate, _ in turns)
        per_file = sizes[small] / 1e6 / min(seconds for _, seconds in turns)
        rows.append(
            ("iter_plans per MB against parse of each file", f"{alone:.1f} MB/s", f"{per_file / alone:.2f}x", ">= 1x")
        )
        grown = {count: streamed_memory(folder, Path(scratch) / f"out-{count}") for count, folder in folders.items()}
        rows.append(
            (
                f"peak memory growth streaming {small:,} / {large:,} files",
                f"{grown[small] / 1e6:.0f} MB / {grown[large] / 1e6:.0f} MB",
                f"{grown[large] / grown[small]:.2f}x",
                "<= 1.2x",
            )
        )
    report(rows)


if __name__ == "__main__":
    main()
