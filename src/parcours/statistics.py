"""Anonymous usage statistics for the legal team: how many guide results per month, per procedure
and outcome, per language and per mode (kiosk or volunteer). Only counts are kept: no session,
no person, no date finer than the month. Counts below a threshold are shown as "< 5" so that a
rare case cannot be recognised from the table.

The counters live in one hash per month, ``parcours:stats:<YYYY-MM>``, with fields such as
``procedure|fr.cnda_appeal|eligible``, ``lang|ar`` and ``mode|kiosk``. This module builds and
reads those fields; the server glue increments them."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

PREFIX = "parcours:stats:"
THRESHOLD = 5


def month_key(day: dt.date) -> str:
    return f"{PREFIX}{day:%Y-%m}"


def fields_for(evaluation, lang: str, kiosk: bool) -> list[str]:
    """The counters one finished guide session increments."""
    out = [f"procedure|{p.id}|{p.status}" for p in evaluation.procedures]
    out += [f"lang|{lang}", f"mode|{'kiosk' if kiosk else 'volunteer'}", "results|all"]
    return out


def shown(count: int, threshold: int = THRESHOLD) -> str:
    return f"< {threshold}" if 0 < count < threshold else str(count)


def summarise(counts: dict[str, int]) -> dict:
    """{'procedures': {id: {status: n}}, 'languages': {lang: n}, 'modes': {mode: n}, 'results': n}."""
    out = {"procedures": defaultdict(dict), "languages": {}, "modes": {}, "results": 0}
    for field, value in counts.items():
        parts = str(field).split("|")
        n = int(value)
        if parts[0] == "procedure" and len(parts) == 3:
            out["procedures"][parts[1]][parts[2]] = n
        elif parts[0] == "lang" and len(parts) == 2:
            out["languages"][parts[1]] = n
        elif parts[0] == "mode" and len(parts) == 2:
            out["modes"][parts[1]] = n
        elif parts[0] == "results":
            out["results"] = n
    out["procedures"] = dict(out["procedures"])
    return out
