"""Anonymous statistics: a finished guide session is counted once (procedure and outcome,
language, mode) in a monthly hash; nothing else about the session is kept, and small counts are
hidden. The legal team reads them; a volunteer cannot."""

from __future__ import annotations

import datetime as dt

import pytest
from stackctl import redis_cli

from parcours.statistics import shown, summarise

GUIDE = "docassemble.parcours:data/questions/guide.yml"


def _stats() -> dict[str, int]:
    key = f"parcours:stats:{dt.date.today():%Y-%m}"
    # docassemble's DARedis (the user data store) is Redis database 2.
    out = redis_cli("HGETALL", key, db=2, check=True).stdout.split("\n")
    pairs = [line for line in out if line]
    return {pairs[i]: int(pairs[i + 1]) for i in range(0, len(pairs) - 1, 2)}


def test_small_counts_are_hidden_and_fields_carry_no_identifier():
    assert [shown(n) for n in (0, 1, 4, 5, 12)] == ["0", "< 5", "< 5", "5", "12"]
    summary = summarise(
        {"procedure|fr.cnda_appeal|eligible": "3", "lang|ar": "2", "mode|kiosk": "2", "results|all": "2"}
    )
    assert summary["procedures"] == {"fr.cnda_appeal": {"eligible": 3}} and summary["results"] == 2


@pytest.mark.server
def test_a_result_is_counted_once_without_anything_personal(da):
    before = _stats()
    s = da.new_session(GUIDE)
    answers = {
        "jurisdiction": "fr",
        "place": "59000",
        "situation": "other",
        "chosen_procedures": {"fr.cnda_appeal": True},
        "ofpra_decision": "rejection",
        "ofpra_decision_notification_date": "2026-11-10",
        "__default__": "unknown",
    }
    s.run_story(answers, until="guide_result")
    after = _stats()
    changed = {k: after[k] - before.get(k, 0) for k in after if after[k] != before.get(k, 0)}
    assert changed.get("results|all") == 1 and changed.get("mode|volunteer") == 1 and changed.get("lang|fr") == 1
    assert any(k.startswith("procedure|fr.cnda_appeal|") for k in changed)
    s.question()  # showing the result again does not count it again
    assert _stats().get("results|all") == after["results|all"]
    for field in after:  # only the known kinds of counters: no session id, no answer, no date
        assert field.split("|")[0] in ("procedure", "lang", "mode", "results"), field
        assert s.session not in field and "2026-11-10" not in field
