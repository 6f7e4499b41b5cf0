"""make bench: figures for this machine, printed, never asserted.

- cold start of the whole stack to the first 200 on / (s), and server ready after services up
- p50/p95 latency of one interview step through the REST API, over 200 steps
- time to assemble the demo letter (DOCX + PDF through LibreOffice)
- DOCX -> PDF per letter and for a five-letter packet, through the stack's warm converter and
  through a cold LibreOffice; the whole paperwork of a CNDA appeal (letters, summaries,
  checklist, packet)
- what the person waits, in chromium, from "Continuer" on the letter form to the download links,
  with the warm converter and with the stack started without it (cold LibreOffice)
- the maraude's phone page: capturing one record offline, its first screen on slow 3G
  (scripts/bench_outreach.py)
- the association's cases: the coordinator's list at 100 and 500 cases, one handover of 500
  (scripts/bench_team.py)
- peak resident memory of the whole stack (PostgreSQL, Redis, Celery, gunicorn)
- the rules engine: loading all rules, evaluating one case (python -m parcours.bench)
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "support"))
from browser import chromium_page  # noqa: E402
from daclient import DAClient  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from memwatch import stack_rss  # noqa: E402

DEMO = "docassemble.parcours:data/questions/demo.yml"
GUIDE = "docassemble.parcours:data/questions/guide.yml"
GUIDE_ANSWERS = {
    "fact_answers['sponsor_legal_status']": "residence_permit",
    "fact_answers['filing_date']": "2025-11-01",
    "fact_answers['sponsor_regular_stay_start']": "2023-01-10",
    "fact_answers['children']": "1",
}
VAR = ROOT / "var" / "bench"
ENV = {
    **os.environ,
    "PARCOURS_VAR": str(VAR),
    "PARCOURS_HTTP_PORT": "28080",
    "PARCOURS_PG_PORT": "55539",
    "PARCOURS_REDIS_PORT": "63999",
    "PARCOURS_CONVERT_PORT": "28083",
}
os.environ["PARCOURS_TEST_VAR"] = str(VAR)  # the journeys' sign-in reads the bench stack's secrets
sys.path.insert(0, str(ROOT / "tests" / "journeys"))
sys.path.insert(0, str(ROOT / "tests" / "documents"))
URL = "http://127.0.0.1:28080"


def guide_answer(variable: str) -> str:
    if variable.startswith("person_births"):
        return "2015-05-05"
    if variable.startswith("person_names"):
        return "Invented"
    return GUIDE_ANSWERS.get(variable, "unknown")


def stack(cmd: str, **extra) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "stack.py"), cmd], env={**ENV, **extra}, capture_output=True, text=True
    )


def wait_for_converter(timeout: float = 90) -> None:
    import xmlrpc.client

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            xmlrpc.client.ServerProxy(f"http://127.0.0.1:{ENV['PARCOURS_CONVERT_PORT']}").info()
            return
        except OSError:
            time.sleep(0.3)
    sys.exit("the warm converter did not answer")


def conversions() -> dict[str, list[float]]:
    """DOCX -> PDF timings (s): one letter at a time and five-letter packets, warm and cold;
    the whole paperwork of a CNDA appeal through write_documents, warm."""
    import tempfile

    from doctools import sample_fields

    from parcours import CaseFile, evaluate
    from parcours.documents import letter_ids, load_letter, render_letter
    from parcours.documents.commands import write_documents
    from parcours.documents.convert import to_pdf

    case = CaseFile.from_dict(
        {
            "format_version": 1,
            "jurisdiction": "fr",
            "case_id": "bench",
            "persons": [{"id": "me", "role": "beneficiary", "given_name": "Bench", "family_name": "Person"}],
            "facts": {"ofpra_decision": "rejection", "ofpra_decision_notification_date": "2026-11-20"},
        }
    )
    evaluation = evaluate(case, "2026-11-25")
    five = [i for i in letter_ids() if load_letter(i).jurisdiction == "fr"][:5]
    docs = [render_letter(i, case, evaluation, sample_fields(i), "fr") for i in five]
    warm = f"127.0.0.1:{ENV['PARCOURS_CONVERT_PORT']}"
    out: dict[str, list[float]] = {}
    for mode, address in (("warm", warm), ("cold", "")):
        os.environ["PARCOURS_CONVERTER"] = address
        to_pdf(docs[:1])  # the first conversion of a fresh LibreOffice loads its fonts
        for _ in range(4):
            for doc in docs:
                t = time.perf_counter()
                to_pdf([doc])
                out.setdefault(f"{mode} letter", []).append(time.perf_counter() - t)
        for _ in range(3 if mode == "cold" else 10):
            t = time.perf_counter()
            to_pdf(docs)
            out.setdefault(f"{mode} packet", []).append(time.perf_counter() - t)
    os.environ["PARCOURS_CONVERTER"] = warm
    for _ in range(5):
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            write_documents(case, evaluation, "fr.cnda_appeal", "ti", tmp)
            out.setdefault("paperwork", []).append(time.perf_counter() - t)
    return out


def person_waits(runs: int) -> list[float]:
    """Seconds from "Continuer" on the CNDA letter form to the download links, in chromium."""
    from test_letter_from_case import _to_letter_form
    from test_paperwork_speed import fill_cnda_letter_form, prepare_and_wait

    waits = []
    for _ in range(runs):
        with chromium_page() as page:
            _to_letter_form(page, URL)
            fill_cnda_letter_form(page)
            waits.append(prepare_and_wait(page)[0])
    return waits


class PeakMemory(threading.Thread):
    """Samples the stack's memory (memwatch.stack_rss) in the background and keeps the peak."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak = 0
        self.stop = False

    def run(self):
        while not self.stop:
            self.peak = max(self.peak, stack_rss(str(VAR)))
            time.sleep(0.5)


def main() -> None:
    stack("stop")
    fresh = "--reuse" not in sys.argv
    if fresh:
        shutil.rmtree(VAR, ignore_errors=True)
    mem = PeakMemory()
    mem.start()
    t0 = time.monotonic()
    r = stack("start")
    if r.returncode != 0:
        sys.exit(f"stack did not start: {r.stderr}")
    while True:
        try:
            with urllib.request.urlopen(URL + "/", timeout=5) as resp:
                if resp.status == 200:
                    break
        except OSError:
            time.sleep(0.1)
    cold = time.monotonic() - t0
    ready_line = next(
        (
            re.sub(r"\x1b\[[0-9;]*m|\[parcours\]", "", line).strip()
            for line in r.stdout.splitlines()
            if "server ready" in line
        ),
        "",
    )
    try:
        key = json.loads((VAR / "secrets.json").read_text())["admin_api_key"]
        da = DAClient(URL, key)
        # Plain steps only (the document step is measured apart): answer two screens, read one.
        answers = [
            {"first_name": "Bench", "last_name": "Person", "birth_date": "1990-01-01"},
            {"street": "1 rue Fictive", "postal_code": "59000", "city": "Lille"},
        ]
        steps = []
        while len(steps) < 200:
            s = da.new_session(DEMO)
            for payload in answers + [None]:
                t = time.perf_counter()
                s.set(payload) if payload else s.question()
                steps.append((time.perf_counter() - t) * 1000)
        steps = steps[:200]
        # The rules-driven guide: every step evaluates the chosen procedures in the loop.
        guide_steps = []
        while len(guide_steps) < 100:
            g = da.new_session(GUIDE)
            g.set({"jurisdiction": "fr", "place": "59000"})
            g.set({"situation": "other"})
            q = g.set(
                {
                    "chosen_procedures": {
                        "fr.regroupement_familial": True,
                        "fr.reunification_familiale": True,
                        "fr.cnda_appeal": True,
                        "fr.refusal_litigation": True,
                    }
                }
            )
            while q.get("id") in ("fact", "person") and len(guide_steps) < 100:
                variables = {f["variable_name"]: guide_answer(f["variable_name"]) for f in q["fields"]}
                t = time.perf_counter()
                q = g.set(variables)
                guide_steps.append((time.perf_counter() - t) * 1000)
        assembly = []
        for _i in range(5):
            s = da.new_session(DEMO)
            s.set({"first_name": "Bench", "last_name": "Doc", "birth_date": "1990-01-01"})
            s.set({"street": "1 rue Fictive", "postal_code": "59000", "city": "Lille"})
            t = time.perf_counter()
            q = s.set({"prefecture": "nord", "agdref": ""})
            assembly.append(time.perf_counter() - t)
            assert q["id"] == "letter_ready"
        # The kiosk in Debian's chromium, each run with a fresh profile (cold cache): the language
        # screen until its buttons show and both scripts' fonts are loaded, then the Arabic welcome.
        kiosk_first, kiosk_next = [], []
        for _ in range(5):
            with chromium_page() as page:
                t = time.perf_counter()
                page.goto(URL + "/start/kiosk/", wait_until="load")
                page.locator("button[value='ti']").wait_for()
                page.evaluate("document.fonts.ready")
                kiosk_first.append(time.perf_counter() - t)
                t = time.perf_counter()
                page.locator("button[value='ar']").click()
                # A locator, not wait_for_function: the page's CSP refuses the eval that one needs.
                page.locator("html[lang='ar']").wait_for(state="attached")
                page.locator("#daMainQuestion").wait_for()
                page.evaluate("document.fonts.ready")
                kiosk_next.append(time.perf_counter() - t)
        # The maraude's phone page (issue 18): capture offline, first screen on slow 3G.
        from bench_outreach import figure_lines, outreach_figures

        outreach = figure_lines(outreach_figures(URL, VAR))
        # The association's cases (issue 20): the coordinator's list and a handover, at scale.
        from bench_team import figure_lines as team_lines
        from bench_team import team_figures

        team = team_lines(team_figures(URL, VAR, int(ENV["PARCOURS_PG_PORT"])))
        wait_for_converter()
        converted = conversions()
        waits_warm = person_waits(5)
        # The same walk on the stack started without its converter: every letter through a cold LibreOffice.
        stack("stop")
        r = stack("start", PARCOURS_CONVERTER_LIB=str(VAR / "no-converter"))
        if r.returncode != 0:
            sys.exit(f"stack did not start again: {r.stderr}")
        waits_cold = person_waits(3)
    finally:
        mem.stop = True
        mem.join()
        stack("stop")
    q = statistics.quantiles(steps, n=100)
    print(
        f"machine: {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB; {time.strftime('%Y-%m-%d')}"
    )
    print(f"cold start to first 200 on /:      {cold:6.1f} s  ({'fresh data folder' if fresh else 'reused data'})")
    print(f"  {ready_line}")
    print(f"interview step via REST API (200):  p50 {q[49]:6.1f} ms   p95 {q[94]:6.1f} ms")
    gq = statistics.quantiles(guide_steps, n=100)
    print(
        f"guide step, rules engine in the loop:  p50 {gq[49]:6.1f} ms   p95 {gq[94]:6.1f} ms   ({len(guide_steps)} steps)"
    )
    print(f"demo letter DOCX+PDF assembly (5):  p50 {statistics.median(assembly):6.2f} s   max {max(assembly):.2f} s")

    def p50(values, unit=1000):
        return statistics.median(values) * unit

    print(
        f"DOCX->PDF one letter, warm converter: p50 {p50(converted['warm letter']):6.0f} ms   "
        f"cold LibreOffice: p50 {p50(converted['cold letter']):6.0f} ms   (target 300 ms)"
    )
    print(
        f"DOCX->PDF five-letter packet, warm:   p50 {p50(converted['warm packet']):6.0f} ms   "
        f"cold (one batch): p50 {p50(converted['cold packet']):6.0f} ms   (target 1000 ms)"
    )
    print(f"whole CNDA paperwork (letter, summary, checklist, packet), warm: p50 {p50(converted['paperwork']):6.0f} ms")
    print(
        f"person waits, Continuer -> download links (chromium): warm p50 {p50(waits_warm, 1):5.2f} s "
        f"max {max(waits_warm):.2f} s ({len(waits_warm)})   cold LibreOffice p50 {p50(waits_cold, 1):5.2f} s "
        f"({len(waits_cold)})   (target 1.5 s)"
    )
    print(
        f"kiosk first screen, cold cache (5): median {statistics.median(kiosk_first) * 1000:6.0f} ms   "
        f"max {max(kiosk_first) * 1000:6.0f} ms   (target 1000 ms)"
    )
    print(f"kiosk next screen (Arabic welcome):  median {statistics.median(kiosk_next) * 1000:6.0f} ms")
    print("\n".join(outreach))
    print("\n".join(team))
    print(f"peak memory of the whole stack:     {mem.peak / 2**20:6.0f} MiB")
    core = subprocess.run([sys.executable, "-m", "parcours.bench"], capture_output=True, text=True)
    print(core.stdout.strip() or f"rules engine bench unavailable: {core.stderr.strip()[-300:]}")


if __name__ == "__main__":
    main()
