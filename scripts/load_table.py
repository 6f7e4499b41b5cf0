"""The table of `make load`: one row per run from locust's CSV (`--csv DIR/LABEL`) and the stack's
watch (`memwatch.py VAR DIR/LABEL.json`). Usage: load_table.py DIR LABEL... ; prints Markdown."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

LIMIT_MS = 300  # issue 17: p95 of a guide step at most 300 ms


def rows(path: Path) -> dict[str, dict]:
    with path.open(newline="") as f:
        return {(r["Type"], r["Name"]): r for r in csv.DictReader(f)}


def ms(row: dict | None, col: str) -> str:
    return "—" if not row or row.get(col) in (None, "", "N/A") else f"{float(row[col]):.0f}"


def documents(row: dict | None) -> str:
    """From the letter form's Continue to the download links, as the volunteer waits."""
    if not row:
        return "—"
    failed = int(row["Failure Count"])
    made = int(row["Request Count"]) - failed
    seconds = " / ".join("—" if row[c] in ("", "N/A") else f"{float(row[c]) / 1000:.1f}" for c in ("50%", "95%"))
    return f"{seconds} s, {made}" + (f" (**{failed}**)" if failed else "")


def line(folder: Path, label: str) -> str:
    stats = rows(folder / f"{label}_stats.csv")
    watch = json.loads((folder / f"{label}.json").read_text()) if (folder / f"{label}.json").exists() else {}
    guide = stats.get(("POST", "guide step"))
    made = stats.get(("CELERY", "documents made (Celery)"))
    http = [r for (t, _), r in stats.items() if t not in ("", "CHECK", "CELERY")]
    requests = sum(int(r["Request Count"]) for r in http)
    failures = sum(int(r["Failure Count"]) for r in http)
    checks = [r for (t, _), r in stats.items() if t == "CHECK"]
    check_failures = sum(int(r["Failure Count"]) for r in checks)
    cpu = watch.get("cpu_cores", {})
    p95 = float(guide["95%"]) if guide and guide["95%"] not in ("", "N/A") else None
    verdict = "" if p95 is None else (" ✓" if p95 <= LIMIT_MS else " ✗")
    return (
        "| "
        + " | ".join(
            [
                label.replace("-", " "),
                f"{requests:,}",
                f"**{failures}**" + (f" (+{check_failures} checks)" if check_failures else ""),
                f"{ms(guide, '50%')} / {ms(guide, '95%')} / {ms(guide, '99%')} ms{verdict}",
                documents(made),
                f"{sum(float(r['Requests/s'] or 0) for r in http):.1f}",
                " / ".join(f"{cpu.get(k, 0):.2f}" for k in ("gunicorn", "postgres", "redis", "celery")),
                f"{watch.get('load_generator_cores', 0):.2f} / {watch.get('others_cores', 0):.2f}",
                f"{watch.get('peak_mib', 0):,} MiB",
                " ".join(f"{x:.1f}" for x in watch.get("loadavg_start", [])[:1]),
            ]
        )
        + " |"
    )


def main(argv: list[str]) -> int:
    folder, labels = Path(argv[1]), argv[2:]
    print(
        "| run | requests | failures | guide step p50 / p95 / p99 "
        "| documents made (Celery): p50 / p95, packets (not made) | requests/s "
        "| CPU cores: gunicorn / postgres / redis / celery | load generator / other work | peak memory "
        "| load average before |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for label in labels:
        if (folder / f"{label}_stats.csv").exists():
            print(line(folder, label))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
