"""The law on a given day: every procedure has exactly one version in force on every day from
2024-01-01 to 2027-12-31, or says why not (before_first_version); `parcours lint --as-of DATE`
refuses a procedure with no version in force and warns when the version in force cites only
secondary sources."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from parcours import CaseFile, evaluate, load_rules
from parcours.lint import NO_VERSION_IN_FORCE, SECONDARY_ONLY, is_primary, lint
from parcours.views import evaluation_view

RULES = Path(__file__).resolve().parents[2] / "rules"
FIRST, LAST = dt.date(2024, 1, 1), dt.date(2027, 12, 31)


def test_exactly_one_version_in_force_on_every_day_or_the_gap_is_declared():
    problems = []
    for procedure in load_rules().procedures.values():
        day = FIRST
        while day <= LAST:
            covering = [v for v in procedure.versions if v.covers(day)]
            declared = day < procedure.versions[0].valid_from and procedure.before_first_version is not None
            if len(covering) != 1 and not (not covering and declared):
                problems.append(f"{procedure.id}: {len(covering)} version(s) on {day}")
                break
            day += dt.timedelta(days=1)
    assert not problems, problems


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(RULES, root)
    return root


def test_lint_as_of_refuses_a_procedure_with_no_version_in_force_on_both_sides_of_its_start(tmp_path):
    root = _copy(tmp_path)
    path = root / "fr" / "residence" / "metiers_en_tension.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("before_first_version:")
    end = text.index("\n", text.index("  en:", start)) + 1
    path.write_text(text[:start] + text[end:], encoding="utf-8")  # the reason removed
    _, before = lint(root, today=dt.date(2024, 1, 27))
    _, on = lint(root, today=dt.date(2024, 1, 28))
    assert any(d.code == NO_VERSION_IN_FORCE and "fr.metiers_en_tension" in d.message for d in before)
    assert not any(d.code == NO_VERSION_IN_FORCE for d in on)
    _, declared = lint(RULES, today=dt.date(2024, 1, 27))
    assert not any(d.code == NO_VERSION_IN_FORCE for d in declared)  # the real rules say why


def test_lint_warns_when_the_version_in_force_cites_only_secondary_sources(tmp_path):
    from parcours.citations import Citation

    assert is_primary(Citation.from_doc({"article": "CESEDA, art. L.531-2", "url": "https://www.legifrance.gouv.fr/x"}))
    assert is_primary(
        Citation.from_doc({"article": "Règlement (UE) 2024/1348", "eli": "http://data.europa.eu/eli/reg/2024/1348/oj"})
    )
    assert not is_primary(Citation.from_doc({"article": "Gisti, fiche 2", "url": "https://www.gisti.org/x"}))
    _, items = lint(RULES, today=dt.date(2026, 12, 6))
    secondary = [d for d in items if d.code == SECONDARY_ONLY]
    assert all(d.severity == "warning" for d in secondary)


def test_a_date_before_the_first_version_says_why_in_words():
    case = CaseFile.from_dict(
        {
            "format_version": 1,
            "jurisdiction": "fr",
            "facts": {"titre_category": "salarie", "residence_application_date": "2023-12-01"},
        }
    )
    evaluation = evaluate(case, dt.date(2023, 12, 1), procedures=["fr.metiers_en_tension"])
    view = evaluation_view(evaluation, "fr").procedures[0]
    assert any("2024-42" in item.reason for item in view.verify), view.verify


def test_every_evaluation_says_which_rules_decided_and_a_changed_rule_file_changes_the_stamp(tmp_path):
    from parcours import load_rules as load
    from parcours.documents.checklist import checklist_html

    root = _copy(tmp_path)
    case = CaseFile.load(Path(__file__).resolve().parent / "cases" / "rf_eligible.json")
    first = evaluate(case, dt.date(2026, 12, 6), rules=load(root, use_cache=False))
    stamp = first.to_json("fr")["rules_version"]
    assert stamp == first.rules_version and re_stamp(stamp)
    assert all(p.rules_version == stamp for p in first.procedures)
    html = checklist_html(first.procedure("fr.regroupement_familial"), "fr", "fr", as_of=dt.date(2026, 12, 6))
    assert f"réf. {stamp.partition('.')[2]}" in html
    path = root / "fr" / "family" / "regroupement_familial.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# a comment changes the file\n", encoding="utf-8")
    second = evaluate(case, dt.date(2026, 12, 6), rules=load(root, use_cache=False))
    assert second.rules_version != stamp and second.rules_version.partition(".")[0] == stamp.partition(".")[0]


def re_stamp(stamp: str) -> bool:
    import re

    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}\.[0-9a-f]{10}", stamp))
