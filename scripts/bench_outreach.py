"""The maraude phone page's figures (issue 18), for `make bench` or on their own:

- the app time to capture one record by script: in the page, from the save action to the record
  shown "on the phone" (the list holds it, next frame drawn), phone offline so that the network
  does not count; median over 20 records
- the form's first screen on a throttled "slow 3G" profile (CDP Network.emulateNetworkConditions:
  400 kbit/s down, 400 kbit/s up, 2000 ms round trip, DevTools' own "Slow 3G"): from navigation
  start to the form usable (its screen shown with its choices), after one visit (the service worker
  and the phone's storage filled) and on the very first visit (a fresh profile, signed in)

Chromium at 390 x 844; an invented outreach volunteer on the stack, made once and reused.
Standalone: python scripts/bench_outreach.py BASE_URL VAR_FOLDER
"""

from __future__ import annotations

import hashlib
import hmac
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "support"))
from accounts import new_user, sign_in_page  # noqa: E402
from browser import phone_context  # noqa: E402
from daclient import DAClient  # noqa: E402

EMAIL = "maraude.bench@parcours.example.org"
SLOW_3G = {
    "offline": False,
    "latency": 2000,  # ms, round trip
    "downloadThroughput": 400 * 1000 / 8,  # bytes/s
    "uploadThroughput": 400 * 1000 / 8,
    "connectionType": "cellular3g",
}
NO_THROTTLE = {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
# Run before the page's own script: notes (performance.now(), from navigation start) the moment the
# form is usable: the round form with its places, or the record form with its needs.
USABLE = """
window.__usable = null;
(function () {
  function usable() {
    var round = document.getElementById('round'), record = document.getElementById('record');
    if (round && !round.hidden && document.querySelectorAll('#round-place option').length > 1) return 'round';
    if (record && !record.hidden && document.querySelectorAll('#needs input').length > 0) return 'record';
    return null;
  }
  var watch = new MutationObserver(function () {
    var screen = usable();
    if (screen && !window.__usable) { window.__usable = {at: performance.now(), screen: screen}; watch.disconnect(); }
  });
  watch.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
})();
"""
# The volunteer's gestures made by script; timed from the save to the record in the list, drawn.
CAPTURE = """
async (n) => {
  const $ = (id) => document.getElementById(id);
  const frame = () => new Promise((ok) => requestAnimationFrame(() => ok()));
  const times = [];
  for (let i = 0; i < n; i++) {
    const needs = $('needs').querySelectorAll('input'), langs = $('languages').querySelectorAll('input');
    needs[i % needs.length].click();
    langs[i % langs.length].click();
    if (i % 3 === 0) $('people-more').click();
    $('notes').value = 'Bench record ' + i;
    $('notes').dispatchEvent(new Event('input'));
    const before = $('records').children.length;
    const listed = new Promise((ok) => {
      const watch = new MutationObserver(() => {
        if ($('records').children.length === before + 1) { watch.disconnect(); ok(); }
      });
      watch.observe($('records'), {childList: true});
    });
    const start = performance.now();
    $('record-save').click();
    await listed;
    await frame();
    times.push(performance.now() - start);
    await new Promise((ok) => setTimeout(ok, 50));
  }
  const states = Array.from(document.querySelectorAll('#records li .state')).map((e) => e.dataset.state);
  return {times: times, phone: states.filter((s) => s === 'phone').length};
}
"""


def _password(secretkey: str) -> str:
    # Derived from the stack's own secret: the account can be reused, and no password is in the code.
    return "Bench-" + hmac.new(secretkey.encode(), b"outreach bench volunteer", hashlib.sha256).hexdigest()[:20] + "!"


def _context(p, profile: str):
    return phone_context(p, profile, USABLE, timeout=60000)


def _throttled_visit(context, page, url: str) -> tuple[float, str]:
    """Navigation start to the form usable (ms) on slow 3G, and which screen it was."""
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    try:
        page.goto(url, wait_until="commit", timeout=120000)
        page.locator("#round-form:visible, #record-form:visible").first.wait_for(timeout=120000)
        usable = None
        for _ in range(200):
            usable = page.evaluate("window.__usable")
            if usable:
                break
            page.wait_for_timeout(50)
        if not usable:
            raise RuntimeError("the outreach form never became usable")
        return usable["at"], usable["screen"]
    finally:
        cdp.send("Network.emulateNetworkConditions", NO_THROTTLE)
        cdp.detach()


def outreach_figures(base_url: str, var_folder, records: int = 20, first_runs: int = 3, next_runs: int = 5) -> dict:
    from playwright.sync_api import sync_playwright

    secrets = json.loads((Path(var_folder) / "secrets.json").read_text())
    password = _password(secrets["secretkey"])
    new_user(DAClient(base_url, secrets["admin_api_key"]), EMAIL, password, "outreach")
    url = f"{base_url}/parcours/outreach/"
    first, following, capture, screens = [], [], [], set()
    profiles = []
    try:
        with sync_playwright() as p:
            for run in range(first_runs):
                profiles.append(tempfile.mkdtemp(prefix="parcours-bench-phone-"))
                context = _context(p, profiles[-1])
                page = context.new_page()
                sign_in_page(page, base_url, EMAIL, password)  # not throttled: the visit is what counts
                ms, screen = _throttled_visit(context, page, url)
                first.append(ms)
                screens.add(("first", screen))
                if run < first_runs - 1:
                    context.close()
            # The last profile goes on: the worker is installed; a round starts; records are captured.
            page.evaluate("navigator.serviceWorker.ready.then(() => true)")
            if page.locator("#round-form").is_visible():
                page.locator("#round-place").select_option(index=1)
                page.locator("#round-start").click()
            page.locator("#record-form").wait_for()
            context.set_offline(True)
            page.wait_for_function("() => !navigator.onLine")
            got = page.evaluate(CAPTURE, records)
            if got["phone"] < records:
                raise RuntimeError(f"{got['phone']} of {records} records shown on the phone")
            capture = got["times"]
            # Back online: the records leave first, so that the throttled visits measure the page only.
            context.set_offline(False)
            page.locator("#pending[data-pending='0']").wait_for(state="attached", timeout=120000)
            for _ in range(next_runs):
                ms, screen = _throttled_visit(context, page, url)
                following.append(ms)
                screens.add(("next", screen))
            context.close()
    finally:
        for profile in profiles:
            shutil.rmtree(profile, ignore_errors=True)
    return {
        "capture_ms": capture,
        "capture_median_ms": statistics.median(capture),
        "first_visit_ms": first,
        "first_visit_median_ms": statistics.median(first),
        "next_visit_ms": following,
        "next_visit_median_ms": statistics.median(following),
        "screens": sorted(screens),
        "profile": "slow 3G: 400 kbit/s down, 400 kbit/s up, 2000 ms RTT",
    }


def figure_lines(f: dict) -> list[str]:
    """The two lines `make bench` prints."""
    return [
        f"outreach record captured by script, offline ({len(f['capture_ms'])}): median {f['capture_median_ms']:6.1f} ms"
        f"   max {max(f['capture_ms']):6.1f} ms   (target 200 ms)",
        f"outreach form's first screen, slow 3G (400/400 kbit/s, 2000 ms RTT): after one visit median "
        f"{f['next_visit_median_ms'] / 1000:5.2f} s ({len(f['next_visit_ms'])})   very first visit median "
        f"{f['first_visit_median_ms'] / 1000:5.2f} s ({len(f['first_visit_ms'])})   (target 2 s)",
    ]


if __name__ == "__main__":
    figures = outreach_figures(sys.argv[1], sys.argv[2])
    print("\n".join(figure_lines(figures)))
    print(json.dumps(figures, indent=1))
