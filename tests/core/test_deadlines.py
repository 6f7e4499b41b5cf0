"""Deadline arithmetic on both sides of each boundary: weekends, holidays, month ends, 48 h."""

import datetime as dt

import pytest

from parcours import dates
from parcours.deadlines import Deadline

D = dt.date


def make(unit, amount, counting="ordinary", eom=None, extend=False, calendar="fr", week=None):
    return Deadline(
        id="d",
        label=None,
        start="x",
        unit=unit,
        amount=amount,
        counting=counting,
        end_of_month=eom,
        working_week=week,
        extend=extend,
        calendar=calendar,
        when=None,
        citations=(),
        status="verified",
        line=0,
    )


# --- months and the end-of-month rule -----------------------------------------
@pytest.mark.parametrize(
    "start, months, rule, expected",
    [
        (D(2025, 1, 30), 1, "last_day", D(2025, 2, 28)),
        (D(2025, 1, 31), 1, "last_day", D(2025, 2, 28)),
        (D(2025, 1, 31), 1, "next_day", D(2025, 3, 1)),
        (D(2024, 1, 31), 1, "last_day", D(2024, 2, 29)),  # leap year
        (D(2024, 1, 31), 1, "next_day", D(2024, 3, 1)),
        (D(2025, 3, 31), 1, "last_day", D(2025, 4, 30)),
        (D(2025, 1, 28), 1, None, D(2025, 2, 28)),  # no ambiguity, no rule needed
        (D(2025, 8, 31), -6, "last_day", D(2025, 2, 28)),
        (D(2024, 12, 15), 2, None, D(2025, 2, 15)),  # across a year end
    ],
)
def test_add_months(start, months, rule, expected):
    assert dates.add_months(start, months, rule) == expected


def test_add_months_without_rule_is_an_error_only_when_ambiguous():
    with pytest.raises(dates.AmbiguousDate, match="state end_of_month"):
        dates.add_months(D(2025, 1, 31), 1, None)
    with pytest.raises(dates.AmbiguousDate):
        dates.add_years(D(2024, 2, 29), 1, None)
    assert dates.add_years(D(2024, 2, 29), 4, None) == D(2028, 2, 29)


def test_feb_29_years():
    assert dates.add_years(D(2024, 2, 29), 1, "last_day") == D(2025, 2, 28)
    assert dates.add_years(D(2024, 2, 29), 1, "next_day") == D(2025, 3, 1)


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (D(2024, 5, 10), D(2025, 11, 9), 17),
        (D(2024, 5, 10), D(2025, 11, 10), 18),
        (D(2023, 8, 31), D(2025, 2, 27), 17),
        (D(2023, 8, 31), D(2025, 2, 28), 18),
        (D(2025, 1, 1), D(2025, 1, 1), 0),
        (D(2025, 2, 1), D(2025, 1, 1), -1),
    ],
)
def test_full_months_between(start, end, expected):
    assert dates.full_months_between(start, end, "last_day") == expected


def test_age_on_both_sides_of_the_birthday():
    assert dates.age(D(2007, 11, 2), D(2025, 11, 1), "last_day") == 17
    assert dates.age(D(2007, 11, 2), D(2025, 11, 2), "last_day") == 18
    # born on 29 February: the stated rule decides the birthday in common years
    assert dates.age(D(2008, 2, 29), D(2026, 2, 28), "last_day") == 18
    assert dates.age(D(2008, 2, 29), D(2026, 2, 28), "next_day") == 17
    assert dates.age(D(2008, 2, 29), D(2026, 3, 1), "next_day") == 18


# --- days, franc or not, weekend and holiday extension --------------------------
def test_ordinary_vs_franc_days():
    assert make("days", 15).due(D(2025, 3, 3))[0] == D(2025, 3, 18)
    assert make("days", 15, "franc").due(D(2025, 3, 3))[0] == D(2025, 3, 19)


@pytest.mark.parametrize(
    "start, expected, moved",
    [
        (D(2025, 1, 30), D(2025, 2, 14), None),  # Friday: not moved
        (D(2025, 1, 31), D(2025, 2, 17), D(2025, 2, 15)),  # Saturday -> Monday
        (D(2025, 2, 1), D(2025, 2, 17), D(2025, 2, 16)),  # Sunday -> Monday
        (D(2025, 2, 2), D(2025, 2, 17), None),  # Monday itself
    ],
)
def test_weekend_extension(start, expected, moved):
    assert make("days", 15, extend=True).due(start) == (expected, moved)


def test_no_extension_when_not_asked():
    assert make("days", 15).due(D(2025, 1, 31)) == (D(2025, 2, 15), None)


def test_holiday_extension_france():
    # 13 July + 1 month franc = 14 July (Bastille Day, Monday in 2025) -> 15 July
    assert make("months", 1, "franc", "last_day", True).due(D(2025, 6, 13)) == (D(2025, 7, 15), D(2025, 7, 14))
    # the day before: 13 July 2025 is a Sunday -> also 14 July -> 15 July
    assert make("months", 1, "franc", "last_day", True).due(D(2025, 6, 12))[0] == D(2025, 7, 14) + dt.timedelta(1)


def test_holiday_chain_and_calendars():
    # 1 Nov 2025 (All Saints) is a Saturday; 11 Nov (Armistice) a Tuesday
    assert make("days", 1, extend=True).due(D(2025, 11, 10)) == (D(2025, 11, 12), D(2025, 11, 11))
    # 21 July is the Belgian national day, not a French holiday
    assert make("days", 1, extend=True, calendar="be").due(D(2025, 7, 20)) == (D(2025, 7, 22), D(2025, 7, 21))
    assert make("days", 1, extend=True, calendar="fr").due(D(2025, 7, 20)) == (D(2025, 7, 21), None)


def test_cnda_month_end_franc():
    rule = make("months", 1, "franc", "last_day", True)
    assert rule.due(D(2025, 1, 31)) == (D(2025, 3, 3), D(2025, 3, 1))  # 28 Feb + 1 = Sat 1 Mar -> Mon 3 Mar
    assert rule.due(D(2025, 1, 30)) == (D(2025, 3, 3), D(2025, 3, 1))
    assert rule.due(D(2025, 1, 27)) == (D(2025, 2, 28), None)  # 27 Feb + 1 = Fri 28 Feb


# --- working days ---------------------------------------------------------------
def test_working_days_skip_weekends_and_holidays():
    # Thursday 24 Dec 2025 + 3 working days (Mon-Fri): 26 (Fri), 29 (Mon), 30 (Tue); 25 Dec is a holiday
    assert make("working_days", 3, week="mon_fri").due(D(2025, 12, 24))[0] == D(2025, 12, 30)
    # jours ouvrables count Saturdays: 26 (Fri), 27 (Sat), 29 (Mon)
    assert make("working_days", 3, week="mon_sat").due(D(2025, 12, 24))[0] == D(2025, 12, 29)


def test_working_days_belgium_8_days():
    # Friday 4 April 2025 + 8 working days; Easter Monday 21 April is later: 7,8,9,10,11,14,15,16
    assert make("working_days", 8, week="mon_fri", calendar="be").due(D(2025, 4, 4))[0] == D(2025, 4, 16)
    # across Easter Monday (BE holiday): Thu 17 Apr 2025 -> 18, 22, 23, 24, 25, 28, 29, 30
    assert make("working_days", 8, week="mon_fri", calendar="be").due(D(2025, 4, 17))[0] == D(2025, 4, 30)


# --- hours ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "start, expected",
    [
        (dt.datetime(2024, 9, 6, 16, 30), dt.datetime(2024, 9, 8, 16, 30)),  # over a weekend: not extended
        (dt.datetime(2024, 7, 12, 23, 59), dt.datetime(2024, 7, 14, 23, 59)),  # ends on 14 July: not extended
        (dt.datetime(2024, 2, 28, 12, 0), dt.datetime(2024, 3, 1, 12, 0)),  # leap day counted
    ],
)
def test_48_hours_hour_to_hour(start, expected):
    assert make("hours", 48, counting=None).due(start) == (expected, None)


def test_rule_text_states_everything():
    text = make("months", 1, "franc", "last_day", True).rule_text()
    assert "1 month" in text and "délai franc" in text and "last day" in text and "next working day" in text
    assert "hour to hour" in make("hours", 48, counting=None).rule_text()


# --- suspension and interruption (suspended_by) --------------------------------
def test_a_suspension_gives_back_the_days_that_were_left():
    month = make("months", 1, counting="franc", eom="last_day", extend=True)
    last = month.last_day(D(2025, 3, 3))  # 3 April + 1 (franc) = 4 April
    assert last == D(2025, 4, 4)
    # stopped on 10 March with 25 days left; runs again from 5 May: 30 May
    assert month.resumed(last, D(2025, 3, 10), D(2025, 5, 5), "remaining") == D(2025, 5, 30)
    # one day later the 25 days end on Saturday 31 May: moved to Monday 2 June
    resumed = month.resumed(last, D(2025, 3, 10), D(2025, 5, 6), "remaining")
    assert month.extended(resumed) == (D(2025, 6, 2), D(2025, 5, 31))
    # stopped on the last day itself: no day is lost, none is given
    assert month.resumed(last, last, D(2025, 5, 5), "remaining") == D(2025, 5, 5)


def test_an_interruption_gives_the_whole_delay_again():
    month = make("months", 1, counting="franc", eom="last_day", extend=True)
    last = month.last_day(D(2025, 3, 3))
    assert month.resumed(last, D(2025, 3, 10), D(2025, 5, 5), "anew") == D(2025, 6, 6)  # 5 June + 1 (franc)


def _case(facts, as_of):
    from parcours import CaseFile, evaluate

    case = CaseFile.from_dict({"format_version": 1, "jurisdiction": "fr", "facts": facts})
    result = evaluate(case, as_of)
    return {d.id: d for d in result.procedure("fr.cnda_appeal").deadlines}


def test_a_pending_legal_aid_request_stops_the_cnda_delay_instead_of_showing_it_passed():
    deadlines = _case(
        {
            "ofpra_decision": "rejection",
            "ofpra_decision_notification_date": "2026-09-01",
            "cnda_legal_aid_request_date": "2026-09-10",
        },
        D(2026, 11, 23),
    )
    appeal = deadlines["cnda_appeal"]
    assert appeal.due is None and appeal.days_left is None and not appeal.running
    assert appeal.suspension.since == D(2026, 9, 10) and appeal.suspension.until is None
    assert appeal.suspension.days_left_then == 22  # 2 October (franc) - 10 September
    assert deadlines["legal_aid_request"].met_on == D(2026, 9, 10)
    data = appeal.to_json("fr")
    assert data["suspension"]["until_fact"] == "cnda_legal_aid_decision_notification_date"


def test_a_request_on_the_last_day_of_the_delay_is_too_late_for_the_condition_but_not_for_the_arithmetic():
    """Day 16: the 15-day condition of the suspension fails, the month runs on as if nothing happened."""
    deadlines = _case(
        {
            "ofpra_decision": "rejection",
            "ofpra_decision_notification_date": "2025-03-03",
            "cnda_legal_aid_request_date": "2025-03-19",
        },
        D(2025, 3, 20),
    )
    assert deadlines["cnda_appeal"].due == D(2025, 4, 4) and deadlines["cnda_appeal"].suspension is None
    assert deadlines["legal_aid_request"].met_on is None  # asked after the 15 days: not met
