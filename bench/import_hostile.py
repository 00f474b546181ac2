"""Time and memory of the HR import on hostile files.

Usage::

    .venv/bin/python bench/import_hostile.py [--cases cell400,rows,...] [--big] [--file PATH]

Each case builds its file (``twoway.integrations.hr_csv.testing``), then runs
in a fresh process on a copy of one throwaway SQLite database, so that its
peak memory is its own. Printed per case: wall and CPU time of the operation
alone (Django's start-up and imports excluded), the process's resident memory
before it and at its peak (VmHWM, reset first), and the first line of the
outcome.

Cases (``--big`` adds a 1 GB cell, ``--file`` measures any file):

* ``cell400``: an xlsx whose one name is a 400 MB shared string (400 KB on disk);
* ``cell40``: the same with 40 MB, under the unpacked-size limit, so that only
  the length of the value as it streams in refuses it;
* ``rows``: an xlsx that declares A1:C1000000 and holds one person on row 1,000,000;
* ``rowsxfd``: the same declaring A1:XFD1000000 (every column Excel has);
* ``rowswide``: A1:XFD20000, to measure the same thing on the old code in seconds;
* ``asread``: no dimension at all, the person on row 1,000,000;
* ``far``: 2,000 people, each with a value in column XFD (16,384);
* ``lying``: an xlsx whose 50 MB shared-strings part says it holds 1 KB;
* ``nul``: a CSV UTF-8 file with a NUL byte on row 3;
* ``values``: a 25 MB CSV (the upload limit) of 100 columns of two-letter
  values: the most values an upload can carry;
* ``columns``: a CSV with 200,000 columns, uploaded on the import page as an
  administrator, then its review page shown (the page's size is printed).

All but ``columns`` run ``twoway import_people FILE --dry-run``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from import_people import django_environment

ROOT = Path(__file__).resolve().parent.parent
CASES = (
    "cell400",
    "cell40",
    "rows",
    "rowsxfd",
    "asread",
    "far",
    "lying",
    "nul",
    "values",
    "columns",
)


def setup(database: Path) -> None:
    """Configure Django for a throwaway run before anything imports settings."""
    django_environment(
        f"sqlite:///{database}",
        ALLOWED_HOSTS="localhost,testserver",
        LOG_LEVEL="CRITICAL",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
    )
    import django

    django.setup()


def values_csv(size: int = 25 * 2**20, columns: int = 100) -> bytes:
    header = "employee_id,name,email," + ",".join(f"c{n}" for n in range(columns - 3))
    tail = ",".join(["ab"] * (columns - 3))
    lines, total, number = [header], len(header), 0
    while total < size - 200:
        number += 1
        line = f"E{number},N{number},e{number}@example.org,{tail}"
        lines.append(line)
        total += len(line) + 1
    return ("\n".join(lines) + "\n").encode()


def builders() -> dict[str, Callable[[], bytes]]:
    from twoway.integrations.hr_csv import testing

    nul = b"employee_id,name,email\nE1,Ada,ada@example.org\nE2,B\x00o,bo@example.org\n"
    return {
        "cell400.xlsx": lambda: testing.xlsx_huge_cell(400_000_000),
        "cell1g.xlsx": lambda: testing.xlsx_huge_cell(1_000_000_000),
        "cell40.xlsx": lambda: testing.xlsx_huge_cell(40_000_000),
        "rows.xlsx": lambda: testing.xlsx_far_row(1_000_000),
        "rowsxfd.xlsx": lambda: testing.xlsx_far_row(1_000_000, last_column="XFD"),
        "rowswide.xlsx": lambda: testing.xlsx_far_row(20_000, last_column="XFD"),
        "asread.xlsx": lambda: testing.xlsx_far_row(1_000_000, last_column=None),
        "far.xlsx": lambda: testing.xlsx_far_column(16_384, rows=2_000),
        "lying.xlsx": lambda: testing.zip_lying_sizes(
            testing.xlsx_huge_cell(50_000_000), "xl/sharedStrings.xml", 1_000
        ),
        "nul.csv": lambda: nul,
        "values.csv": values_csv,
        "columns.csv": lambda: testing.csv_wide(200_000),
    }


def peak_read() -> int:
    """The process's peak resident memory in KB (VmHWM, which clear_refs resets)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def peak_reset() -> int:
    """Forget the peak so far (a child inherits its parent's); the current size in KB."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    return peak_read()


def child(path: Path, database: Path) -> None:
    setup(database)
    if path.name.startswith("columns"):
        started, cpu, before, outcome = page_measure(path)
    else:
        started, cpu, before, outcome = command_measure(path)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"{elapsed:.2f}\t{cpu:.2f}\t{before / 1024:.0f}\t{peak_read() / 1024:.0f}\t{outcome}")


def command_measure(path: Path) -> tuple[float, float, int, str]:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from twoway.people.importing import service  # noqa: F401 - imported before the peak is reset

    out, err = io.StringIO(), io.StringIO()
    before = peak_reset()
    started, cpu = time.perf_counter(), time.process_time()
    try:
        call_command("import_people", str(path), "--dry-run", stdout=out, stderr=err)
    except CommandError as exc:
        err.write(f"CommandError: {exc}")
    lines = out.getvalue().strip().splitlines()
    return started, cpu, before, lines[0] if lines else err.getvalue()


def page_measure(path: Path) -> tuple[float, float, int, str]:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from twoway.core.models import Role, RoleGrant, User

    user = User.objects.create(email="admin@example.org")
    RoleGrant.objects.create(user=user, role=Role.ADMINISTRATOR)
    client = Client()
    client.force_login(user)
    client.get(reverse("people:import_upload"))  # URLs and views imported first
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    before = peak_reset()
    started, cpu = time.perf_counter(), time.process_time()
    response = client.post(reverse("people:import_upload"), {"file": upload})
    page = client.get(response["Location"]) if response.status_code == 302 else response
    html = page.content.decode()
    shown = ""
    for marker in ("No problems found", "problem found", "cannot be imported"):
        at = html.find(marker)
        if at != -1:
            shown = " ".join(html[max(0, at - 20) : at + 160].split())
            break
    return started, cpu, before, f"page of {len(page.content) / 1e6:.2f} MB: {shown}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated, or empty")
    parser.add_argument("--big", action="store_true", help="also a 1 GB cell")
    parser.add_argument("--file", action="append", default=[], help="also measure this file")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--migrate", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.migrate:
        setup(Path(args.migrate))
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        return
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]))
        return
    sys.path.insert(0, str(ROOT))
    cases = [case for case in args.cases.split(",") if case] + (["cell1g"] if args.big else [])
    folder = Path(tempfile.mkdtemp(prefix="twoway-hostile-"))
    try:
        run(cases, args.file, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(cases: list[str], files: list[str], folder: Path) -> None:
    template = folder / "template.sqlite3"
    subprocess.run([sys.executable, __file__, "--migrate", str(template)], check=True)
    make = builders()
    paths: list[Path] = []
    for case in cases:
        name = next(name for name in make if name.split(".")[0] == case)
        paths.append(folder / name)
    paths += [Path(file) for file in files]
    columns = ("size", "wall s", "cpu s", "MB before", "MB peak")
    print(f"{'file':<14} " + " ".join(f"{name:>9}" for name in columns) + "  outcome")
    for path in paths:
        if not path.exists():
            path.write_bytes(make[path.name]())
        database = folder / "case.sqlite3"
        shutil.copy(template, database)
        result = subprocess.run(
            [sys.executable, __file__, "--child", str(path), str(database)],
            capture_output=True,
            text=True,
            check=False,
        )
        lines = result.stdout.strip().splitlines()
        if not lines:
            print(f"{path.name:<14} failed: {result.stderr.strip().splitlines()[-1:]}")
            continue
        wall, cpu, before, peak, outcome = lines[-1].split("\t", 4)
        size = f"{path.stat().st_size / 1e6:.2f} MB"
        print(
            f"{path.name:<14} {size:>8} {wall:>7} {cpu:>6} {before:>9} {peak:>8}  {outcome[:160]}"
        )
        if path.parent == folder:
            path.unlink()


if __name__ == "__main__":
    main()
