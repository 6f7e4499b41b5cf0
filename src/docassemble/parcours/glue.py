"""Functions interviews call. Validation lives in the core (parcours.validation) so that it
is the same for the kiosk, the volunteer interview, the case-file import and the CLI; this
module only turns a core error into docassemble's validation_error, shown next to the field
in the user's language, with nothing already answered lost."""

from docassemble.base.util import validation_error, word

from parcours import validation

__all__ = ["clean_postal_code", "clean_agdref"]


def _clean(check, value, field):
    try:
        return check(value)
    except validation.InvalidInput as e:
        validation_error(word(e.message), field=field)


def clean_postal_code(value, field="postal_code"):
    """The postal code with ASCII digits (Eastern Arabic and Persian digits are accepted)."""
    return _clean(validation.french_postal_code, value, field)


def clean_agdref(value, field="agdref"):
    return _clean(validation.agdref_number, value, field)
