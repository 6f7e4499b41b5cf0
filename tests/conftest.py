"""Shared fixtures. The live docassemble stack is started once per test session, on its own
ports and data folder (var/test), so a developer's `make run` is not disturbed."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "support"))

from daclient import DAClient  # noqa: E402
from stackctl import TEST_ENV, stack  # noqa: E402

ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="session")
def server():
    """(base_url, api_key) of a running stack, started here unless PARCOURS_TEST_URL is given."""
    if os.environ.get("PARCOURS_TEST_URL"):
        yield os.environ["PARCOURS_TEST_URL"], os.environ["PARCOURS_TEST_KEY"]
        return
    r = stack("start")
    if r.returncode != 0:
        pytest.fail(f"the stack did not start:\n{r.stdout}\n{r.stderr}")
    secrets = json.loads((Path(TEST_ENV["PARCOURS_VAR"]) / "secrets.json").read_text())
    try:
        yield f"http://127.0.0.1:{TEST_ENV['PARCOURS_HTTP_PORT']}", secrets["admin_api_key"]
    finally:
        stack("stop")


@pytest.fixture(scope="session")
def da(server) -> DAClient:
    return DAClient(*server)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
