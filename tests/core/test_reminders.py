"""Issue 20 item 3, the core: which reminders are due on a day, from the case as it is now, and what
they say (the date, the place, the association; never the procedure, the status or a name)."""

from __future__ import annotations

import datetime as dt

import pytest

from parcours import i18n
from parcours import reminders as rm
from parcours.casefile import CaseFile
from parcours.evaluate import evaluate

TODAY = dt.date(2026, 12, 6)
SETTINGS = rm.Settings(offsets=(7, 2), place="12 rue Fictive, Lille", association="Accueil Invented")
STOP = "https://parcours.example.org/parcours/reminders/stop/TOKEN"


def _cnda(notified: str, as_of: dt.date = TODAY):
    case = CaseFile.from_dict(
        {
            "format_version": 1,
            "jurisdiction": "fr",
            "facts": {"ofpra_decision": "rejection", "ofpra_decision_notification_date": notified},
        }
    )
    return evaluate(case, as_of, procedures=["fr.cnda_appeal"])


def test_own_deadlines_only_running_and_not_past():
    # Notified 20/11: legal aid by 07/12, CNDA appeal by 21/12; two earlier ones have passed.
    assert rm.own_deadlines(_cnda("2026-11-20")) == [dt.date(2026, 12, 7), dt.date(2026, 12, 21)]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 12, 13), []),  # 8 days before the CNDA deadline: the day before the offset
        (dt.date(2026, 12, 14), [rm.Reminder(dt.date(2026, 12, 21), 7)]),  # the day of the offset
        (dt.date(2026, 12, 15), []),  # the day after
        (dt.date(2026, 12, 18), []),
        (dt.date(2026, 12, 19), [rm.Reminder(dt.date(2026, 12, 21), 2)]),
        (dt.date(2026, 12, 20), []),
        (dt.date(2026, 12, 22), []),  # passed: nothing, ever
    ],
)
def test_a_reminder_is_due_on_each_offset_day_and_on_no_other(day, expected):
    assert rm.due(_cnda("2026-11-20", day), day, SETTINGS.offsets) == expected


def test_a_passed_deadline_sends_nothing_even_on_its_offset_day():
    evaluation = _cnda("2026-10-01", dt.date(2026, 12, 6))  # every deadline is behind
    assert rm.due(evaluation, dt.date(2026, 12, 6), (7, 2, 0)) == []


def test_a_deadline_that_moved_moves_its_reminder():
    day = dt.date(2026, 12, 14)
    assert rm.due(_cnda("2026-11-20", day), day) == [rm.Reminder(dt.date(2026, 12, 21), 7)]
    # The notification date was corrected: the deadline moves a week, so does its reminder.
    assert rm.due(_cnda("2026-11-27", day), day) == []
    assert rm.due(_cnda("2026-11-27", day), dt.date(2026, 12, 21)) == [rm.Reminder(dt.date(2026, 12, 28), 7)]


def test_the_settings_come_from_the_environment_with_safe_defaults():
    env = {
        "PARCOURS_REMINDER_OFFSETS": "2, 7,x,7",
        "PARCOURS_REMINDER_PLACE": " Salle 3 ",
        "PARCOURS_ASSOCIATION_NAME": "A",
    }
    assert rm.Settings.from_env(env) == rm.Settings((7, 2), "Salle 3", "A")
    assert rm.Settings.from_env({"PARCOURS_REMINDER_OFFSETS": "nonsense"}).offsets == rm.DEFAULT_OFFSETS


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_the_message_says_the_date_place_and_association_only(lang):
    reminder = rm.Reminder(dt.date(2026, 12, 21), 7)
    subject, body = rm.email(reminder, lang, SETTINGS, STOP)
    text = rm.sms(reminder, lang, SETTINGS, STOP)
    for message in (subject + body, text):
        assert "21/12/2026" in message and STOP in message
        for word in ("CNDA", "cnda", "appeal", "recours", "rejet", "OFPRA", "reminder.", "{"):
            assert word not in message, (lang, word)
    assert "12 rue Fictive, Lille" in body and "Accueil Invented" in body and "Accueil Invented" in text
    assert "STOP" in text


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_an_sms_stays_short(lang):
    text = rm.sms(rm.Reminder(dt.date(2026, 12, 21), 2), lang, SETTINGS, STOP)
    encoding, units, parts = rm.sms_length(text)
    assert parts <= (2 if encoding == "gsm7" else 3), (lang, encoding, units, text)


def test_sms_length_counts_gsm7_and_ucs2():
    assert rm.sms_length("a" * 160) == ("gsm7", 160, 1)
    assert rm.sms_length("a" * 161) == ("gsm7", 161, 2)
    assert rm.sms_length("€" * 80) == ("gsm7", 160, 1)  # an extension character counts twice
    assert rm.sms_length("ا" * 70) == ("ucs2", 70, 1)
    assert rm.sms_length("ا" * 71) == ("ucs2", 71, 2)
    assert rm.sms_length("😀" * 35) == ("ucs2", 70, 1)  # outside the BMP: two UTF-16 units


@pytest.mark.parametrize(
    ("channel", "contact", "consent", "problem"),
    [
        ("none", "", False, None),
        ("email", "invented.person@example.org", True, None),
        ("sms", "06 12 34 56 78", True, None),
        ("sms", "+32 470 12 34 56", True, None),
        ("pigeon", "x", True, ("channel", "reminder.error.channel")),
        ("email", "a@example.org\nBcc: victim@example.org", True, ("contact", "reminder.error.email")),
        ("email", "a@example.org\r\n", True, ("contact", "reminder.error.email")),
        ("email", "<script>alert(1)</script>@x.org", True, ("contact", "reminder.error.email")),
        ("email", "a@" + "b" * 300 + ".org", True, ("contact", "reminder.error.too_long")),
        ("sms", "06 CALL ME 78", True, ("contact", "reminder.error.phone")),
        ("sms", "0612", True, ("contact", "reminder.error.phone")),
        ("sms", "9" * 5000, True, ("contact", "reminder.error.too_long")),
        ("email", "invented.person@example.org", False, ("consent", "reminder.error.consent")),
        ("sms", "0612345678", None, ("consent", "reminder.error.consent")),
    ],
)
def test_the_opt_in_refuses_what_cannot_be_sent_and_names_the_field(channel, contact, consent, problem):
    assert rm.contact_problem(channel, contact, consent) == problem
