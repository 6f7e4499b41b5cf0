"""A point marked `status: to_verify` says why (`verify_reason`): lint warns, with file and line, for
each one that does not (code to_verify_without_reason), and prints how many remain."""

import shutil
from pathlib import Path

from parcours.cli import main
from parcours.lint import TO_VERIFY_WITHOUT_REASON, lint

RULES = Path(__file__).resolve().parent / "fixtures" / "rules"

PROCEDURE = """kind: procedure
id: fr.unsure
jurisdiction: fr
title: Unsure
version_date: filing_date
reviewed_on: 2026-01-01
criteria:
  - id: c1
    explanation: {fr: "Condition", en: "Condition"}
    citations:
      - article: "CESEDA art. L.561-2"
        url: https://ofpra.gouv.fr/reunification-familiale
    status: to_verify
{reason}    expr: "true"
versions:
  - valid_from: 2024-01-01
    valid_until: null
"""

REASON = """    verify_reason:
      fr: "Seule une source secondaire donne cette règle ; vérifiez-la dans le CESEDA sur Légifrance."
      en: "Only a secondary source gives this rule; check it in the CESEDA on Légifrance."
"""


def _rules(tmp_path, reason: str) -> Path:
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    (rules / "fr" / "unsure.yaml").write_text(PROCEDURE.replace("{reason}", reason), encoding="utf-8")
    return rules


def _unexplained(rules: Path, file: str) -> list:
    _, items = lint(rules, review_horizon_days=100000)
    return [d for d in items if d.code == TO_VERIFY_WITHOUT_REASON and Path(d.file).name == file]


def test_a_point_to_verify_without_a_reason_is_a_warning_with_its_line(capsys, tmp_path):
    rules = _rules(tmp_path, "")
    (found,) = _unexplained(rules, "unsure.yaml")
    assert found.severity == "warning" and found.line == 13
    assert "c1 is marked to_verify without a verify_reason" in found.message
    code = main(["lint", str(rules), "--review-horizon", "100000"])
    out = capsys.readouterr().out
    assert code == 0  # a warning, not an error
    assert "unsure.yaml:13: warning: c1 is marked to_verify without a verify_reason" in out
    count = sum("without a verify_reason" in line and ": warning: " in line for line in out.splitlines())
    assert f"\n{count} point(s) marked to_verify without a verify_reason\n" in out


def test_a_point_to_verify_with_its_reason_passes(tmp_path):
    assert _unexplained(_rules(tmp_path, REASON), "unsure.yaml") == []


def test_expectations_in_test_files_are_not_points_to_verify(tmp_path):
    # expectations in test files (criteria: {c1: to_verify}) are not rule elements
    rules = _rules(tmp_path, REASON)
    _, items = lint(rules, review_horizon_days=100000)
    assert not [d for d in items if d.code == TO_VERIFY_WITHOUT_REASON and "/tests/" in d.file]
