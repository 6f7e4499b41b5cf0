"""A Celery worker that stops during an assembly: the waiting screen gives way to the failure screen
within the stated time (ASSEMBLY_LIMIT_SECONDS in docassemble.parcours.paperwork), and once a
worker runs again, "Réessayer" brings the documents."""

from __future__ import annotations

import importlib.util
import os
import re
import signal
import sys
import time
from pathlib import Path

import pytest
from browser import chromium_page
from stackctl import ROOT, TEST_ENV
from test_volunteer_mode import choose, cnda_case_in_six_screens, continue_, sign_in

PAPERWORK = ROOT / "src" / "docassemble" / "parcours" / "paperwork.py"
LIMIT = int(re.search(r"^ASSEMBLY_LIMIT_SECONDS = (\d+)", PAPERWORK.read_text(), re.M).group(1))


def _start_worker(monkeypatch) -> None:
    """A new Celery worker for the test stack, started the way scripts/stack.py starts one."""
    for name, value in TEST_ENV.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("parcours_stack_script", ROOT / "scripts" / "stack.py")
    script = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = script  # its dataclasses look their module up there
    spec.loader.exec_module(script)
    script.Stack(script.Settings.from_env()).start_celery()  # also rewrites run/celery.pid


@pytest.mark.server
@pytest.mark.browser
def test_a_lost_assembly_shows_the_failure_screen_and_retry_brings_the_documents(server, monkeypatch):
    if os.environ.get("PARCOURS_TEST_URL"):
        pytest.skip("stops the test stack's own Celery worker")
    base, _ = server
    var = Path(TEST_ENV["PARCOURS_VAR"])
    pidfile = var / "run" / "celery.pid"
    with chromium_page() as page:
        sign_in(page, base, var)
        cnda_case_in_six_screens(page, base)
        page.get_by_text("Préparer les documents", exact=False).first.click()
        choose(page, "fr.cnda_appeal")
        continue_(page)
        letters = page.get_by_role("heading", name="Quelles lettres préparer ?")
        language = page.get_by_role("heading", name="Dans quelle langue", exact=False)
        waiting = page.get_by_role("heading", name="Préparation des documents…")
        # The worker stops before it gets the task (the request that starts it waits a little for
        # the documents, then shows the waiting screen).
        worker = int(pidfile.read_text())
        os.killpg(worker, signal.SIGSTOP)
        started = time.monotonic()
        for _ in range(3):  # the person's language is asked unless the guide knows it already
            letters.or_(language).or_(waiting).first.wait_for()
            if waiting.count():
                break
            if language.count():
                choose(page, "fr")
            else:
                page.get_by_text("Aucune lettre", exact=False).first.click()  # no field to fill
            continue_(page)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(400)  # the next screen is drawn by script after the response
        try:
            waiting.wait_for()
            page.get_by_role("heading", name=re.compile("Les documents n.ont pas pu être préparés")).wait_for(
                timeout=(LIMIT + 15) * 1000
            )
            assert time.monotonic() - started <= LIMIT + 15
        finally:
            os.killpg(worker, signal.SIGKILL)  # a stopped process still dies on SIGKILL
        _start_worker(monkeypatch)
        page.get_by_text("Réessayer").click()
        page.get_by_role("heading", name="Documents prêts").wait_for(timeout=LIMIT * 1000)
        packet = page.locator("a[href*='packet.pdf']").first.get_attribute("href")
        r = page.request.get(base + packet)
        assert r.status == 200 and r.body()[:4] == b"%PDF"
