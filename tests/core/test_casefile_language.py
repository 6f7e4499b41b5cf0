"""A case file's language travels on (hand-over, documents) only when parcours has it (issue 12)."""

from __future__ import annotations

import pytest

from parcours import CaseFile

BASE = {"format_version": 1, "jurisdiction": "fr", "facts": {}}


@pytest.mark.parametrize("value", ['ar"><script>window.__pwned=1</script>', "../../etc/passwd", "de", ""])
def test_a_language_parcours_does_not_have_is_dropped(value):
    case = CaseFile.from_dict(dict(BASE, language=value))
    assert "language" not in case.to_dict() and "language" not in case.extra


def test_a_known_language_is_kept():
    assert CaseFile.from_dict(dict(BASE, language="ti")).to_dict()["language"] == "ti"
