"""Performance figures: ``python -m parcours.bench [--rules DIR] [--strict]``.

Budgets: loading and checking all rules <= 300 ms; evaluating one case
against every procedure of a jurisdiction <= 5 ms at the median. The
one-off cost of importing the libraries (rule-engine builds its parser at
import) is shown separately: a long-running server pays it once.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

LOAD_BUDGET_MS = 300.0
EVAL_BUDGET_MS = 5.0

SAMPLE_FACTS = {
    "fr": {
        "sponsor_legal_status": "residence_permit",
        "sponsor_nationality": "DZ",
        "filing_date": "2025-11-01",
        "sponsor_regular_stay_start": "2024-10-15",
        "sponsor_average_monthly_resources": "1990",
        "household_size": 3,
        "spouse_joining": True,
        "children": [],
        "ofpra_decision": "rejection",
        "ofpra_decision_notification_date": "2025-01-31",
        "dublin_transfer_notified": True,
        "dublin_notification_date": "2024-07-15",
        "in_detention": False,
    },
    "be": {
        "sponsor_status": "unlimited_stay",
        "filing_date": "2025-09-01",
        "sponsor_monthly_net_income": "2500",
        "family_tie_predates_arrival": False,
    },
}


def _cold_start(rules: Path) -> float:
    code = (
        "import time; t = time.perf_counter(); import parcours; "
        f"parcours.load_rules({str(rules)!r}, use_cache=False); print((time.perf_counter() - t) * 1000)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def _case(rules, jurisdiction):
    from .casefile import CaseFile

    catalogue = rules.catalogue(jurisdiction)
    facts = {k: v for k, v in SAMPLE_FACTS.get(jurisdiction, {}).items() if k in catalogue}
    return CaseFile(jurisdiction=jurisdiction, facts=facts)


def run(rules_dir: Path, repeat: int = 300) -> dict:
    from .evaluate import evaluate
    from .loader import load_rules

    load_rules(rules_dir, use_cache=False)  # warm the imports and the schema validators
    loads = []
    for _ in range(7):
        start = time.perf_counter()
        rules = load_rules(rules_dir, use_cache=False)
        loads.append((time.perf_counter() - start) * 1000)
    os.environ["PARCOURS_NO_CACHE"] = "1"  # first load after a change: parse and schema-check every file
    try:
        start = time.perf_counter()
        load_rules(rules_dir, use_cache=False)
        uncached = (time.perf_counter() - start) * 1000
    finally:
        del os.environ["PARCOURS_NO_CACHE"]
    figures = {
        "load_ms_median": statistics.median(loads),
        "load_ms_max": max(loads),
        "load_ms_uncached": uncached,
        "procedures": len(rules.procedures),
        "parameters": len(rules.parameters),
    }
    for jurisdiction in ("fr", "be"):
        procs = rules.procedures_for(jurisdiction)
        if not procs:
            continue
        case = _case(rules, jurisdiction)
        evaluate(case, "2025-11-02", rules=rules)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            evaluate(case, "2025-11-02", rules=rules)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        figures[f"eval_{jurisdiction}_procedures"] = len(procs)
        figures[f"eval_{jurisdiction}_ms_p50"] = times[len(times) // 2]
        figures[f"eval_{jurisdiction}_ms_p95"] = times[int(len(times) * 0.95)]
    figures["cold_import_and_load_ms"] = _cold_start(rules_dir)
    return figures


def main(argv=None) -> int:
    from .paths import default_rules_dir

    parser = argparse.ArgumentParser(prog="python -m parcours.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--rules", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a budget is exceeded")
    args = parser.parse_args(argv)
    rules_dir = args.rules or default_rules_dir()
    from .errors import ParcoursError

    try:
        f = run(rules_dir, args.repeat)
    except ParcoursError as exc:  # the rules do not load: say why, no traceback
        for d in exc.diagnostics:
            print(d.format(), file=sys.stderr)
        return 2
    over = []
    print(f"rules: {rules_dir} ({f['procedures']} procedures, {f['parameters']} parameters)")
    ok = f["load_ms_median"] <= LOAD_BUDGET_MS
    over += [] if ok else ["load"]
    print(
        f"load + check all rules: {f['load_ms_median']:.1f} ms median, {f['load_ms_max']:.1f} ms max "
        f"(budget {LOAD_BUDGET_MS:.0f} ms) {'OK' if ok else 'OVER BUDGET'}"
    )
    print(
        f"  without the schema cache (first run after a change, every file parsed and checked): "
        f"{f['load_ms_uncached']:.1f} ms"
    )
    for jurisdiction in ("fr", "be"):
        if f"eval_{jurisdiction}_ms_p50" not in f:
            continue
        p50 = f[f"eval_{jurisdiction}_ms_p50"]
        ok = p50 <= EVAL_BUDGET_MS
        over += [] if ok else [f"eval {jurisdiction}"]
        print(
            f"evaluate one case, all {f[f'eval_{jurisdiction}_procedures']} {jurisdiction} procedures: "
            f"{p50:.2f} ms p50, {f[f'eval_{jurisdiction}_ms_p95']:.2f} ms p95 "
            f"(budget {EVAL_BUDGET_MS:.0f} ms p50) {'OK' if ok else 'OVER BUDGET'}"
        )
    print(
        f"cold start (new process: import libraries + load rules): {f['cold_import_and_load_ms']:.0f} ms "
        f"(one-off per process)"
    )
    return 1 if over and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
