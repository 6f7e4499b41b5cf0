"""Checks of what a person types, shared by every interface (interviews, case-file import, CLI).

Each check returns the normalised value or raises InvalidInput with a message id that names
what to fix; the interface translates it. Digits typed in Eastern Arabic (٠-٩) or Persian
(۰-۹) are accepted and normalised to ASCII.
"""

from __future__ import annotations

import re

from .numerals import normalise_digits as ascii_digits  # Arabic-Indic and Persian digits -> ASCII


class InvalidInput(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def french_postal_code(value: str) -> str:
    code = re.sub(r"\s+", "", ascii_digits(str(value)))
    if not re.fullmatch(r"\d{5}", code):
        raise InvalidInput("A French postal code has 5 digits, for example 59000.")
    return code


def agdref_number(value: str) -> str:
    """The French foreign-national number (AGDREF) on a residence card or récépissé: 10 digits."""
    number = re.sub(r"[\s.-]+", "", ascii_digits(str(value or "")))
    if number and not re.fullmatch(r"\d{10}", number):
        raise InvalidInput("The foreign-national number (AGDREF) has 10 digits: copy it from the card or récépissé.")
    return number
