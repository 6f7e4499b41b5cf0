"""Journeys: the guide walked in a browser as a person does; screenshots under tests/artifacts/journeys/."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def journeys(artifacts) -> Path:
    folder = artifacts / "journeys"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
