"""Orientation (rules/<jurisdiction>/orientation.yaml): a status and needs propose procedures to
check; a route naming an unknown procedure, status or need is an error; a procedure that no route
reaches is a warning."""

from __future__ import annotations

import pytest

from parcours import load_rules


@pytest.mark.parametrize(
    "jurisdiction, status, needs, expected, absent",
    [
        (
            "fr",
            "refugee",
            ["family"],
            ["fr.reunification_familiale", "fr.protection_family_in_france"],
            ["fr.regroupement_familial"],
        ),
        ("fr", "worker", ["family"], ["fr.regroupement_familial"], ["fr.reunification_familiale"]),
        (
            "fr",
            "asylum_rejected",
            ["decision"],
            ["fr.cnda_appeal", "fr.cnda_legal_aid", "fr.legal_aid"],
            ["fr.asylum_registration"],
        ),
        ("fr", "asylum_dublin", ["decision"], ["fr.dublin_transfer_appeal"], ["fr.cnda_appeal"]),
        ("fr", "undocumented", ["appointment"], ["fr.appointment_unavailable"], ["fr.admission_exceptionnelle_sejour"]),
        (
            "be",
            "undocumented",
            ["residence"],
            ["be.regularisation_9bis", "be.regularisation_9ter"],
            ["be.cce_appeal_residence"],
        ),
        ("be", "protection_refused", ["decision"], ["be.cce_appeal_protection"], ["be.ip_registration"]),
        (
            "be",
            "family_of_eu_or_belgian",
            ["family"],
            ["be.family_reunification_eu_belgian"],
            ["be.family_reunification_art10"],
        ),
    ],
)
def test_status_and_need_propose_the_procedures(jurisdiction, status, needs, expected, absent):
    proposed = load_rules().orientation[jurisdiction].propose(status, needs)
    assert set(expected) <= set(proposed)
    assert not set(absent) & set(proposed)
    assert len(proposed) == len(set(proposed))


def test_no_need_proposes_nothing_and_a_wildcard_status_matches_everyone():
    o = load_rules().orientation["fr"]
    assert o.propose("refugee", []) == []
    assert "fr.appointment_unavailable" in o.propose("student", ["appointment"])


def test_every_procedure_is_reached_by_some_route():
    rules = load_rules()
    for jurisdiction in ("fr", "be"):
        reached = {r.procedure for r in rules.orientation[jurisdiction].routes}
        assert {p.id for p in rules.procedures_for(jurisdiction)} <= reached


def test_a_route_to_an_unknown_procedure_status_or_need_is_an_error(one_file_rules):
    rules = one_file_rules(
        "fr/orientation.yaml",
        "kind: orientation\njurisdiction: fr\nreviewed_on: 2026-11-23\n"
        "statuses:\n  - {id: refugee, label: {fr: Réfugié, en: Refugee}}\n"
        "needs:\n  - {id: family, label: {fr: Famille, en: Family}}\n"
        "routes:\n  - {procedure: fr.regroupement_familal, statuses: [refugie], needs: [famly]}\n",
    )
    messages = [d.message for d in rules.diagnostics if d.severity == "error"]
    assert any("unknown procedure 'fr.regroupement_familal'" in m for m in messages)
    assert any("unknown status 'refugie'" in m and "refugee" in m for m in messages)
    assert any("unknown need 'famly'" in m and "family" in m for m in messages)
