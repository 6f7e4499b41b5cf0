"""A maraude with no network: 30 records captured offline on a phone-sized Chromium, the browser
closed and opened again (same profile), the network back: all 30 arrive once, encrypted; the
phone's storage never holds a record in clear; the geolocation API is never touched."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
import walk
from accounts import database, new_user, sign_in_page
from browser import phone_context
from playwright.sync_api import sync_playwright
from stackctl import secrets

from docassemble.parcours.outreach import TABLE, open_content

PASSWORD = "Maraude-Nord-2026!"
RECORDS = 30
# Every way a page could reach the position: each read of navigator.geolocation is counted.
NO_GEOLOCATION = """
window.__geo = [];
(function () {
  var fake = {
    getCurrentPosition: function () { window.__geo.push('getCurrentPosition'); },
    watchPosition: function () { window.__geo.push('watchPosition'); return 1; },
    clearWatch: function () { window.__geo.push('clearWatch'); }
  };
  Object.defineProperty(Navigator.prototype, 'geolocation', {
    configurable: true, get: function () { window.__geo.push('geolocation'); return fake; }
  });
})();
"""
# Everything the page stored in IndexedDB, as text: ArrayBuffers and typed arrays as their bytes.
DUMP_IDB = """
async () => {
  const db = await new Promise((ok, ko) => { const r = indexedDB.open('parcours-outreach'); r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); });
  const out = {};
  for (const name of db.objectStoreNames) {
    out[name] = await new Promise((ok) => { const r = db.transaction(name).objectStore(name).getAll(); r.onsuccess = () => ok(r.result); });
  }
  const bytes = (b) => Array.from(new Uint8Array(b.buffer || b, b.byteOffset || 0, b.byteLength)).map((x) => String.fromCharCode(x)).join('');
  return JSON.stringify(out, (k, v) => (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) ? bytes(v)
    : (typeof CryptoKey !== 'undefined' && v instanceof CryptoKey) ? {cryptokey: v.extractable} : v);
}
"""


def _context(p, profile: Path):
    return phone_context(p, profile, NO_GEOLOCATION)


def _watch(page, problems: list) -> None:
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: problems.append(str(e)))


def _states(page) -> list[str]:
    return page.locator("#records li .state").evaluate_all("els => els.map(e => e.dataset.state)")


def _shot(page, folder: Path, name: str, at: str | None = None) -> None:
    """The screen as the phone shows it (390 x 844), scrolled to *at* when given."""
    walk.record(page)
    if at:
        page.locator(at).scroll_into_view_if_needed()
        page.evaluate("(s) => document.querySelector(s).scrollIntoView({block: 'start'})", at)
    page.screenshot(path=str(folder / f"outreach_{name}.png"))


@pytest.mark.server
@pytest.mark.browser
def test_thirty_records_offline_arrive_once_after_a_restart(server, da, journeys):
    base, _ = server
    run = uuid.uuid4().hex[:6]
    # A volunteer of this run only: every record of that account is one this run captured.
    email = f"maraude.{run}@parcours.example.org"
    new_user(da, email, PASSWORD, "outreach")
    notes = [f"Notemarker-{run}-{i:02d} tente bleue" for i in range(RECORDS)]
    team = f"Équipe Nord {run}"
    problems: list[str] = []
    profile = Path(tempfile.mkdtemp(prefix="parcours-phone-"))
    url = f"{base}/parcours/outreach/"
    try:
        with sync_playwright() as p:
            # ---- first visit, with the network: sign in, the page installs its worker
            context = _context(p, profile)
            page = context.new_page()
            _watch(page, problems)
            sign_in_page(page, base, email, PASSWORD)
            page.goto(url)
            page.locator("#round-place").wait_for()
            page.evaluate("navigator.serviceWorker.ready.then(() => true)")
            assert page.locator("#round-title").inner_text() == "La maraude"
            _shot(page, journeys, "fr_round")
            page.locator("#round-team").fill(team)
            page.locator("#round-place").select_option("calais_marck")
            page.locator("#round-start").click()
            page.locator("#record-form").wait_for()

            # ---- no network: 30 records
            context.set_offline(True)
            page.wait_for_function("() => !navigator.onLine")
            for i, note in enumerate(notes):
                for _ in range(i % 3):
                    page.locator("#people-more").click()
                page.locator("#needs input").nth(i % 6).check()
                if i % 5 == 0:
                    page.locator("#flags input[value=unaccompanied_minor]").check()
                if i % 7 == 0:
                    page.locator("#procedure-choice").select_option("fr.cnda_appeal")
                    page.locator("#procedure-date").fill("2026-11-28")
                    page.locator("#procedure-add").click()
                page.locator("#languages input").nth(i % 4).check()
                page.locator("#notes").fill(note)
                if i == 0:
                    _shot(page, journeys, "fr_record_filled", at="#record")
                page.locator("#record-save").click()
                page.wait_for_function("(n) => document.querySelectorAll('#records li').length === n", arg=i + 1)
            assert _states(page) == ["phone"] * RECORDS
            assert page.locator("#pending").inner_text() == f"À envoyer : {RECORDS}"
            assert "Hors ligne" in page.locator("#network").inner_text()
            _shot(page, journeys, "fr_offline_list", at="#list")
            stored = page.evaluate(DUMP_IDB)
            assert len(json.loads(stored)["records"]) == RECORDS
            for secret in [run, "tente bleue", "Notemarker"]:
                assert secret not in stored, f"{secret!r} is in the phone's storage in clear"
            # The form's settings (its words and choices) are kept too; beside them, no code in clear.
            kept = json.loads(stored)
            kept["meta"] = [m for m in kept["meta"] if not m["name"].startswith("settings:")]
            for secret in ["asylum", "unaccompanied", "calais_marck", "fr.cnda", team]:
                assert secret not in json.dumps(kept, ensure_ascii=False), f"{secret!r} is on the phone in clear"
            assert '"cryptokey":false' in stored  # the key is there, and no script can export it
            assert page.evaluate("window.__geo") == []
            context.close()

            # ---- the browser closed and opened again, still offline: the records are there
            context = _context(p, profile)
            context.set_offline(True)
            page = context.new_page()
            _watch(page, problems)
            page.goto(url)
            page.wait_for_function("(n) => document.querySelectorAll('#records li').length === n", arg=RECORDS)
            assert _states(page) == ["phone"] * RECORDS
            ids = page.locator("#records li").evaluate_all("els => els.map(e => e.dataset.id)")

            # ---- the network is back. Closing the browser signed the volunteer out (docassemble's
            # session cookie): the page says the records wait, the volunteer signs in, each is sent once.
            context.set_offline(False)
            page.locator("#signin-link").wait_for()
            assert "elles restent sur le téléphone" in page.locator("#signin-text").inner_text()
            _shot(page, journeys, "fr_waiting_sign_in")
            page.locator("#signin-link").click()
            page.locator("#email").fill(email)
            page.locator("#password").fill(PASSWORD)
            page.locator("button[type=submit], input[type=submit]").first.click()
            page.wait_for_url(url)
            page.wait_for_function("() => document.querySelector('#pending').dataset.pending === '0'", timeout=120000)
            assert _states(page) == ["sent"] * RECORDS
            assert page.locator("#pending").inner_text() == "Tout est envoyé."
            _shot(page, journeys, "fr_sent_list", at="#list")
            stored = page.evaluate(DUMP_IDB)
            assert "Notemarker" not in stored and run not in stored
            assert page.evaluate("window.__geo") == []

            # ---- the same screens in Dutch and in Arabic (right to left)
            for lang in ("nl", "ar"):
                page.locator("#lang").select_option(lang)
                page.wait_for_function("(l) => document.documentElement.lang === l", arg=lang)
                page.locator("#records li .state").first.wait_for()
                _shot(page, journeys, f"{lang}_record", at="#record")
                _shot(page, journeys, f"{lang}_list", at="#list")
            assert page.evaluate("document.documentElement.dir") == "rtl"
            assert page.locator("#record-save").inner_text() == "حفظ على الهاتف"
            page.locator("#lang").select_option("fr")
            page.wait_for_function("() => document.documentElement.lang === 'fr'")

            # ---- sign-out takes the key off the phone
            page.locator("#sign-out").click()
            page.wait_for_url("**/user/sign-in**")
            page.goto(url)
            page.locator("#signin-link").wait_for()
            keys = json.loads(page.evaluate(DUMP_IDB))["keys"]
            assert keys == []
            _shot(page, journeys, "fr_signed_out")
            assert page.evaluate("window.__geo") == []
            context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)

    assert not problems, problems
    with database() as db, db.cursor() as cur:
        cur.execute('SELECT id FROM "user" WHERE email = %s', (email,))
        (owner,) = cur.fetchone()
        cur.execute(f"SELECT id::text, content FROM {TABLE} WHERE owner = %s", (owner,))
        arrived = {row[0]: open_content(bytes(row[1]), row[0], secrets()["secretkey"]) for row in cur.fetchall()}
    assert len(arrived) == RECORDS and set(arrived) == set(ids)  # all 30, none twice, nothing else
    assert sorted(c["notes"] for c in arrived.values()) == sorted(notes)
    assert {c["round_date"] for c in arrived.values()} == {dt.date.today().isoformat()}
    assert {c["team"] for c in arrived.values()} == {team}
    assert sum(1 for c in arrived.values() if "unaccompanied_minor" in c["flags"]) == 6
    assert sum(1 for c in arrived.values() if c["procedures"] == [{"id": "fr.cnda_appeal", "date": "2026-11-28"}]) == 5
