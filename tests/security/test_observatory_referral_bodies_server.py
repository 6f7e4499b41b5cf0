"""Referral bodies on the live server: the coordination chooses the body (the form then asks what that
body requires), downloads a CGLPL referral and a public-services one refused until its prior steps are
given, in French, naming what is missing and keeping what was typed; a UN communication by name only
with the person's consent; and hostile posts (an unknown body, HTML, huge values) refused with nothing
echoed and nothing audited."""

from __future__ import annotations

import io
import re
import subprocess
import uuid
import zipfile

import pytest
from test_observatory_server import (  # noqa: F401 - the module's fixtures, shared
    COORDINATOR,
    OBSERVER,
    PARTY,
    ROUTE,
    a_testimony,
    audit_rows,
    base,
    coordinator,
    notice,
    observer,
    post,
    token,
    user_id,
)

pytestmark = pytest.mark.server

ARTIFACTS = __import__("pathlib").Path(__file__).resolve().parents[1] / "artifacts" / "referrals"


@pytest.fixture(scope="module")
def held(base, observer):  # noqa: F811
    """Two testimonies of a detention with minors: one anonymised, one whose person accepted to be named."""
    out = {}
    for scope in ("anonymised_publication", "identified_referral"):
        named = scope == "identified_referral"
        data = a_testimony(
            acts=["detention", "minors_involved"],
            consent=scope,
            person_name="Bodymarker Invented" if named else None,
            person_address="3 rue Invented\n62100 Calais" if named else None,
        )
        data["summary_fr"] = f"Retenus-{scope}-{uuid.uuid4().hex[:6]} : placés au centre de rétention."
        assert post(observer, base, data).status_code == 303
        out[scope] = data
    return out


def send(http, url: str, body: str, ids: list[str], kind: str, fmt: str = "pdf", **changes):
    data = dict(PARTY, body=body, kind=kind, format=fmt, records=ids)
    data.update(changes)
    data["csrf_token"] = token(http, url + ROUTE + "/referral")
    return http.post(url + ROUTE + "/referral", data=data)


def docx_text(data: bytes) -> str:
    return re.sub(r"<[^>]+>", "", zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode())


def test_the_form_asks_what_the_chosen_body_requires(base, coordinator):  # noqa: F811
    page = coordinator.get(base + ROUTE + "/referral?body=cglpl").text
    assert "Lieu de privation de liberté" in page and 'name="deprivation_place"' in page
    assert 'name="steps_dates"' not in page and 'name="body" value="cglpl"' in page
    page = coordinator.get(base + ROUTE + "/referral?body=dd_services_publics").text
    assert 'name="steps_dates"' in page and 'name="steps_answer"' in page and 'name="deprivation_place"' not in page
    english = coordinator.get(base + ROUTE + "/referral?body=onu_migrants&lang=en").text
    assert (
        "Special Rapporteur on the human rights of migrants" in english
        and "the association stays the source" in english
    )
    # The UN asks for the remedies sought in France, not the "steps already taken" of the others.
    assert "Remedies already sought in France" in english and "Steps already taken" not in english
    assert "Recours déjà engagés en France" in coordinator.get(base + ROUTE + "/referral?body=onu_migrants").text
    assert "Recours déjà engagés" not in coordinator.get(base + ROUTE + "/referral?body=dd_deontologie").text
    # a body no screen offers: the first body's form, the value never echoed
    page = coordinator.get(base + ROUTE + "/referral?body=<script>alert(1)</script>").text
    assert "<script>alert" not in page and "&lt;script&gt;" not in page and 'name="body" value="dd_deontologie"' in page


def test_a_cglpl_referral_is_drafted_with_the_place_of_deprivation_of_liberty(base, coordinator, held):  # noqa: F811
    ids = [held["anonymised_publication"]["id"], held["identified_referral"]["id"]]
    refused = send(coordinator, base, "cglpl", ids, "collective")
    assert refused.status_code == 400 and "il manque le lieu de privation de liberté" in notice(refused.text)
    assert "Jeanne Invented, coordinatrice" in refused.text  # nothing typed is lost
    ok = send(coordinator, base, "cglpl", ids, "collective", deprivation_place="CRA de Coquelles")
    assert ok.status_code == 200 and ok.content[:5] == b"%PDF-", notice(ok.text)
    assert "saisine-cglpl-" in ok.headers["Content-Disposition"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / "server_cglpl_collective.pdf"
    pdf.write_bytes(ok.content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "CRA de Coquelles" in text and "Contrôleur général" in text and "Bodymarker" not in text
    assert "Witnessmarker" not in text and "06:30" not in text
    for rid in ids:
        assert (user_id(COORDINATOR[0]), "referral") in audit_rows(rid)


def test_public_services_are_refused_without_the_prior_steps_naming_each(base, coordinator, held):  # noqa: F811
    rid = held["identified_referral"]["id"]
    steps = {"earlier_steps": "Courrier à la préfecture", "steps_dates": "2 octobre 2026", "steps_answer": ""}
    r = send(coordinator, base, "dd_services_publics", [rid], "individual", **steps)
    assert (
        r.status_code == 400 and "il manque la réponse de l&#39;administration, ou l&#39;absence de réponse" in r.text
    )
    assert "Courrier à la préfecture" in r.text  # kept
    steps["steps_answer"] = "Aucune réponse à ce jour"
    ok = send(coordinator, base, "dd_services_publics", [rid], "individual", fmt="docx", **steps)
    assert ok.status_code == 200 and ok.content[:2] == b"PK", notice(ok.text)
    text = docx_text(ok.content)
    assert "Aucune réponse à ce jour" in text and "Bodymarker Invented" in text


def test_a_un_communication_names_only_the_person_who_consented(base, coordinator, held):  # noqa: F811
    anonymous = held["anonymised_publication"]["id"]
    r = send(coordinator, base, "onu_migrants", [anonymous], "individual", earlier_steps="Plainte déposée")
    assert r.status_code == 400 and "saisine collective" in r.text
    ok = send(
        coordinator,
        base,
        "onu_migrants",
        [held["identified_referral"]["id"]],
        "individual",
        fmt="docx",
        earlier_steps="Plainte déposée le 3 novembre 2026, sans suite",
    )
    assert ok.status_code == 200, notice(ok.text)
    text = docx_text(ok.content)
    assert "Bodymarker Invented" in text and "consenti à être nommée" in text and PARTY["party_name"] in text


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"body": "<script>alert(1)</script>"}, "Organisme saisi"),
        ({"body": "../dd_deontologie"}, "Organisme saisi"),
        ({"body": ["cglpl", "onu_migrants"]}, "La saisine"),
        ({"deprivation_place": "x" * 300_000}, "trop long"),
        ({"steps_answer": "<img src=x onerror=alert(1)>" * 1000}, "trop long"),
        ({"kind": "<b>everyone</b>"}, "Forme de la saisine"),
    ],
)
def test_a_hostile_post_is_refused_with_nothing_echoed(base, coordinator, held, changes, words):  # noqa: F811
    rid = held["anonymised_publication"]["id"]
    before = audit_rows(rid).count((user_id(COORDINATOR[0]), "referral"))
    fields = {"body": "cglpl", "kind": "collective", "deprivation_place": "CRA", **changes}
    r = send(coordinator, base, fields.pop("body"), [rid], fields.pop("kind"), **fields)
    assert r.status_code in (400, 413) and words in notice(r.text), notice(r.text)
    for hostile in ("<script>alert", "<img src=x", "<b>everyone", "xxxxxxxxxx", "../dd_deontologie"):
        assert hostile not in r.text
    assert audit_rows(rid).count((user_id(COORDINATOR[0]), "referral")) == before
