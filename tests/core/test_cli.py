"""The `parcours` command: stable JSON contract, plain messages, exit codes, never a traceback."""

import json
import re
import shutil
from pathlib import Path

from parcours.cli import main

HERE = Path(__file__).resolve().parent
RULES = HERE / "fixtures" / "rules"
ROOT = HERE.parents[1]
CASES = HERE / "cases"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_evaluate_json_contract(capsys):
    code, out, err = run(capsys, "evaluate", CASES / "rf_eligible.json", "--as-of", "2025-11-02", "--rules", RULES)
    assert code == 0, err
    data = json.loads(out)
    assert data["as_of"] == "2025-11-02" and data["jurisdiction"] == "fr"
    rf = next(p for p in data["procedures"] if p["id"] == "fr.regroupement_familial")
    for key in ("id", "status", "criteria", "missing_facts", "deadlines", "documents", "fees", "to_verify"):
        assert key in rf
    assert rf["status"] == "eligible"
    crit = rf["criteria"][0]
    assert set(crit) >= {"id", "result", "citations", "explanation"}
    assert crit["citations"][0]["article"].startswith("CESEDA")
    assert {"id", "due", "rule"} <= set(rf["deadlines"][0])
    assert {"id", "label"} <= set(rf["documents"][0])
    assert "criterion:resources" in rf["to_verify"]


def test_evaluate_text_in_french(capsys):
    code, out, _ = run(
        capsys,
        "evaluate",
        CASES / "cnda_unknown.yaml",
        "--as-of",
        "2025-02-03",
        "--format",
        "text",
        "--lang",
        "fr",
        "--rules",
        RULES,
    )
    assert code == 0
    assert "Recours devant la CNDA" in out and "03/03/2025" in out and "jours restants" in out
    assert "2025-03-03" not in out  # dates as people write them here


def test_explain(capsys):
    code, out, _ = run(
        capsys,
        "explain",
        CASES / "rf_eligible.json",
        "fr.regroupement_familial",
        "--as-of",
        "2025-11-02",
        "--rules",
        RULES,
    )
    assert code == 0
    assert "✓" in out and "CESEDA art. L.434-2" in out and "Algerian" in out
    assert "1\u202f801.80" in out  # the threshold compared, with its unit and source
    for internal in ("algerian_12_months", "resources_threshold", "criterion:", "document:", "None"):
        assert internal not in out, internal


def test_evaluate_json_in_arabic_is_arabic(capsys):
    """`parcours evaluate --format json --lang ar`: every text a person reads is in Arabic, with the
    view of each procedure (status, reasons, deadline states, points to verify with their reasons)."""
    import json
    import re

    code, out, _ = run(
        capsys, "evaluate", CASES / "rf_eligible.json", "--as-of", "2025-11-02", "--lang", "ar", "--rules", RULES
    )
    assert code == 0
    data = json.loads(out)
    assert data["lang"] == "ar"
    proc = next(p for p in data["procedures"] if p["id"] == "fr.regroupement_familial")
    arabic = re.compile(r"[\u0600-\u06FF]")
    view = proc["view"]
    for text in [proc["title"], view["status_text"], *(r["text"] for r in view["reasons"])]:
        assert arabic.search(text), text
    for d in view["deadlines"]:
        assert arabic.search(d["text"]) and arabic.search(d["rule"]), d
        assert "_date" not in d["rule"] and "_date" not in d["text"], d  # an event by its label, never its id
    for item in view["verify"]:
        assert arabic.search(item["what"]) and arabic.search(item["reason"]), item


def test_explain_unknown_procedure_suggests(capsys):
    code, _, err = run(capsys, "explain", CASES / "rf_eligible.json", "fr.regroupement_familia", "--rules", RULES)
    assert code == 2 and "did you mean 'fr.regroupement_familial'" in err


def test_bad_inputs_exit_2_with_file_and_line(capsys, tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text("format_version: 1\njurisdiction: fr\nfacts:\n  filing_date: 2025-02-30\n", encoding="utf-8")
    code, out, err = run(capsys, "evaluate", case, "--rules", RULES)
    assert code == 2 and "Traceback" not in err
    assert re.search(r"case\.yaml:4: facts\.filing_date: .*not a real calendar date", err)
    code, _, err = run(capsys, "evaluate", CASES / "rf_eligible.json", "--as-of", "2025-13-01", "--rules", RULES)
    assert code == 2 and "--as-of" in err
    code, _, err = run(capsys, "evaluate", tmp_path / "nope.json", "--rules", RULES)
    assert code == 2 and "not found" in err
    case.write_text("format_version: 3\njurisdiction: fr\nfacts: {}\n", encoding="utf-8")
    code, _, err = run(capsys, "evaluate", case, "--rules", RULES)
    assert code == 2 and "case.yaml:1: format_version 3 is newer" in err


def test_test_command_summary_and_failure_message(capsys, tmp_path):
    code, out, _ = run(capsys, "test", RULES)
    assert code == 0
    assert re.search(r"^\d+ passed, 0 failed$", out, re.M)
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    tests = rules / "fr" / "family" / "tests" / "regroupement_familial.yaml"
    text = tests.read_text(encoding="utf-8")
    tests.write_text(
        text.replace(
            "status: not_eligible\n        criteria: {length_of_stay: not_met}\n        missing_facts: []",
            "status: eligible\n        criteria: {length_of_stay: not_met}\n        missing_facts: []",
            1,
        ),
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "test", tests)
    assert code == 1
    assert re.search(
        r"regroupement_familial\.yaml:\d+: FAILED 'One day before the 18 months are reached': "
        r"fr\.regroupement_familial status: expected eligible, got not_eligible, because criterion "
        r"length_of_stay is not met \(CESEDA art\. L\.434-2\)",
        out,
    )
    assert re.fullmatch(r"\d+ passed, 1 failed", out.strip().splitlines()[-1])


def test_lint_clean_and_broken(capsys, tmp_path):
    code, out, _ = run(capsys, "lint", "--rules", RULES, "--review-horizon", "100000")
    # the fixtures keep points to verify without a reason (the generic "not confirmed yet" is tested
    # with them): those are the only warnings
    assert code == 0 and re.search(r"\n0 error\(s\), \d+ warning\(s\)$", out.strip())
    # ... and versions citing only secondary sources (the fixtures' citations are not the real ones)
    allowed = ("without a verify_reason", "cites only secondary sources")
    others = [line for line in out.splitlines() if ": warning: " in line and not any(a in line for a in allowed)]
    assert not others, others
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    (rules / "fr" / "bad.yaml").write_text(
        "kind: procedure\nid: fr.bad\njurisdiction: fr\ntitle: Bad\n"
        "version_date: filing_date\nreviewed_on: 2020-01-01\nversions:\n"
        "  - valid_from: 2024-01-01\n    critera: []\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "lint", rules)
    assert code == 1
    assert "bad.yaml:9: unknown key 'critera' in versions[0] (did you mean 'criteria'?)" in out


def test_lint_review_horizon_and_missing_reference(capsys, tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    (rules / "fr" / "parameters" / "stamp.yaml").write_text(
        "kind: parameter\nid: fr.fee.stamp\nlabel: Stamp\ntype: money\nvalues:\n"
        "  2024-01-01:\n    value: 25\n    reviewed_on: 2024-01-02\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "lint", rules, "--review-horizon", "30")
    assert code == 1
    assert re.search(r"stamp\.yaml:6: parameter fr\.fee\.stamp: the value from 2024-01-01 has no legal reference", out)
    assert re.search(
        r"stamp\.yaml:6: warning: parameter fr\.fee\.stamp: current value last reviewed on 2024-01-02", out
    )
    assert re.search(
        r"regroupement_familial\.yaml:\d+: warning: fr\.regroupement_familial: version from 2021-05-01 "
        r"last reviewed on",
        out,
    )


def test_broken_rules_directory_exit_2(capsys, tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    (rules / "fr" / "facts.yaml").write_text("kind: facts\njurisdiction: fr\nfacts: [\n", encoding="utf-8")
    code, _, err = run(capsys, "evaluate", CASES / "rf_eligible.json", "--rules", rules)
    assert code == 2 and "facts.yaml:" in err and "not valid YAML" in err and "Traceback" not in err


def test_no_command_prints_help(capsys):
    assert main([]) == 2


def test_test_command_reports_a_fee_that_should_be_absent_and_a_wrong_deadline_state(capsys, tmp_path):
    """fees_absent, and a deadline expected suspended or met: each fails with what was found."""
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    fees = rules / "be" / "family" / "tests" / "family_reunification_art10.yaml"
    fees.write_text(
        fees.read_text(encoding="utf-8").replace(
            "fees_absent: [redevance]          # a minor", "fees_absent: [visa_d_fee]          # a minor", 1
        ),
        encoding="utf-8",
    )
    cnda = rules / "fr" / "asylum" / "tests" / "cnda_appeal.yaml"
    cnda.write_text(
        cnda.read_text(encoding="utf-8").replace(
            "deadlines: {cnda_appeal: 2025-05-30}", "deadlines: {cnda_appeal: suspended}", 1
        ),
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "test", fees, cnda)
    assert code == 1
    assert "fee visa_d_fee: expected none, got 180 EUR" in out
    assert "deadline cnda_appeal: expected suspended, got 2025-05-30" in out
    assert re.fullmatch(r"\d+ passed, 2 failed", out.strip().splitlines()[-1])
