"""'Did you mean ...?' suggestions for misspelt keys and ids."""

from __future__ import annotations

import difflib


def closest(word: str, candidates) -> str | None:
    matches = difflib.get_close_matches(str(word), [str(c) for c in candidates], n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, candidates) -> str:
    match = closest(word, candidates)
    return f"; did you mean {match!r}?" if match else ""
