"""The pure core: facts become titled items with an urgency, in the order to do them."""

import datetime as dt

from seldinger.home.todo import (
    INFO,
    LATER,
    NOW,
    SOON,
    Fact,
    due_text,
    sparkline_points,
    todo_list,
)

TODAY = dt.date(2026, 3, 2)


def test_urgency_from_dates_and_pressing_facts():
    items = todo_list(
        [
            Fact("exam", "/e", due=TODAY + dt.timedelta(days=40)),
            Fact("self-assessment", "/s", due=TODAY + dt.timedelta(days=5)),
            Fact("hours-this-week", "/h", informational=True, figure="52 h"),
            Fact("cases-returned", "/c", count=2, pressing=True),
            Fact("licence", "/l", due=TODAY - dt.timedelta(days=1)),
        ],
        today=TODAY,
    )

    assert [(item.kind, item.urgency) for item in items] == [
        ("licence", NOW),  # overdue, and the earliest date among the pressing
        ("cases-returned", NOW),
        ("self-assessment", SOON),
        ("exam", LATER),
        ("hours-this-week", INFO),
    ]
    assert items[1].title == "2 cases returned for correction"
    assert not items[-1].actionable


def test_a_fact_counting_nothing_is_no_item_and_one_is_singular():
    items = todo_list(
        [Fact("cases-to-verify", "/v", count=0), Fact("cases-to-verify", "/v", count=1)],
        today=TODAY,
    )

    assert [item.title for item in items] == ["1 case to verify"]


def test_a_fact_names_its_own_window_for_due_soon():
    far = Fact("exam", "/e", due=TODAY + dt.timedelta(days=60))

    assert todo_list([far], today=TODAY)[0].urgency == LATER
    assert todo_list([Fact(**{**far.__dict__, "soon_days": 90})], today=TODAY)[0].urgency == SOON


def test_due_dates_read_in_words():
    assert due_text(TODAY, TODAY) == "today"
    assert due_text(TODAY + dt.timedelta(days=1), TODAY) == "tomorrow"
    assert due_text(TODAY + dt.timedelta(days=4), TODAY) == "in 4 days (Fri 6 Mar)"
    assert due_text(TODAY - dt.timedelta(days=2), TODAY) == "overdue since Sat 28 Feb"
    assert due_text(dt.date(2027, 6, 1), TODAY) == "Tue 1 Jun 2027"


def test_sparkline_spans_the_box_with_the_highest_month_on_top():
    points = sparkline_points([0, 5, 10], width=100, height=22)

    assert points == "0.0,21.0 50.0,11.0 100.0,1.0"
    assert sparkline_points([3]) == ""
    assert sparkline_points([0, 0]) == "0.0,23.0 100.0,23.0"
