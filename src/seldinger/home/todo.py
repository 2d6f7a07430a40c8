"""A person's to-do list from the facts of their records (pure: no Django).

Each app's selectors say what is so (three cases returned, a licence expiring on a date);
``seldinger.home.selectors`` hands those facts here as ``Fact``s, and ``todo_list`` turns
them into ``TodoItem``s: a title in words, how urgent, and in the order to do them. The
home page, ``GET /api/me/todo`` and the e-mail digest all show this one list.

Urgency, most pressing first:

- ``now``: overdue, or a record that is wrong until someone acts (a case returned for
  correction, a work-hour violation without its justification);
- ``soon``: due within the fact's window (``soon_days``, 14 days unless it says otherwise);
- ``later``: due after that, or waiting without a date;
- ``info``: a figure to know rather than a thing to do (hours this week, progress).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

NOW, SOON, LATER, INFO = "now", "soon", "later", "info"
URGENCIES: tuple[str, ...] = (NOW, SOON, LATER, INFO)
URGENCY_LABELS: dict[str, str] = {
    NOW: "Act now",
    SOON: "Due soon",
    LATER: "Coming up",
    INFO: "For your information",
}
#: How many days before its date a fact counts as due soon, unless it names its own window.
SOON_DAYS = 14


@dataclass(frozen=True)
class Fact:
    """Something true of a person's records that may call for them to act.

    ``kind`` names what it is (``cases-returned``); ``count`` how many records (a fact of
    a count of 0 is no to-do and is dropped, one without a count is one thing); ``due`` the
    date by which to act; ``link`` the page where to act; ``title`` overrides the kind's
    wording; ``pressing`` makes it ``now`` whatever its date; ``informational`` makes it
    ``info``; ``figure`` and ``series`` carry a headline number and its recent history.
    """

    kind: str
    link: str
    count: int | None = None
    due: dt.date | None = None
    title: str = ""
    detail: str = ""
    pressing: bool = False
    informational: bool = False
    soon_days: int = SOON_DAYS
    figure: str = ""
    series: tuple[int, ...] = ()


@dataclass(frozen=True)
class TodoItem:
    kind: str
    title: str
    link: str
    urgency: str
    count: int | None = None
    due: dt.date | None = None
    detail: str = ""
    figure: str = ""
    series: tuple[int, ...] = field(default_factory=tuple)

    @property
    def urgency_label(self) -> str:
        if self.urgency == LATER and self.due is None:
            return "When you can"
        return URGENCY_LABELS[self.urgency]

    @property
    def actionable(self) -> bool:
        """Something to do (an e-mail digest is sent only for these), not a figure."""
        return self.urgency != INFO


#: Each kind's wording: (one, many); ``{n}`` is the count. Kinds of one thing have one form.
TITLES: dict[str, tuple[str, str]] = {
    # resident / fellow
    "cases-returned": (
        "1 case returned for correction",
        "{n} cases returned for correction",
    ),
    "cases-unverified": (
        "1 case still awaiting verification",
        "{n} cases still awaiting verification",
    ),
    "violations-unjustified": (
        "1 work-hour violation to justify",
        "{n} work-hour violations to justify",
    ),
    "hours-this-week": ("Hours this week", "Hours this week"),
    "self-assessment": ("Milestone self-assessment due", "Milestone self-assessment due"),
    "progress": ("Case-log progress", "Case-log progress"),
    "exam": ("Next exam", "Next exam"),
    # faculty
    "cases-to-verify": ("1 case to verify", "{n} cases to verify"),
    "evaluations-due": ("1 milestone evaluation due", "{n} milestone evaluations due"),
    # director / coordinator
    "residents-behind": (
        "1 resident behind on case minimums",
        "{n} residents behind on case minimums",
    ),
    "cases-unverified-by-faculty": (
        "1 case unverified by faculty",
        "{n} cases unverified by faculty",
    ),
    "violations-unjustified-program": (
        "1 unjustified work-hour violation in your program",
        "{n} unjustified work-hour violations in your program",
    ),
    "committee-evaluations-missing": (
        "1 resident without a competency-committee evaluation",
        "{n} residents without a competency-committee evaluation",
    ),
    "program-rank-lists": (
        "1 program rank list not certified",
        "{n} program rank lists not certified",
    ),
    # student / applicant
    "season-deadline": ("Match season deadline", "Match season deadline"),
    "interviews": ("1 interview ahead", "{n} interviews ahead"),
    "rank-list": ("Rank order list not certified", "Rank order list not certified"),
    "plan": ("Save your path to IR", "Save your path to IR"),
    # diplomate
    "certification-part": ("Continuing certification", "Continuing certification"),
    "licence": ("Licence expiring", "Licence expiring"),
    # employer
    "postings": ("1 open job posting", "{n} open job postings"),
    "no-postings": ("Post a position", "Post a position"),
}


def title_of(fact: Fact) -> str:
    if fact.title:
        return fact.title
    one, many = TITLES.get(fact.kind, (fact.kind, fact.kind))
    count = 1 if fact.count is None else fact.count
    return (one if count == 1 else many).format(n=count)


def urgency_of(fact: Fact, today: dt.date) -> str:
    if fact.informational:
        return INFO
    if fact.pressing or (fact.due is not None and fact.due < today):
        return NOW
    if fact.due is not None and (fact.due - today).days <= fact.soon_days:
        return SOON
    return LATER


def _order(item: TodoItem, position: int) -> tuple[int, dt.date, int]:
    # Most urgent first; then the earliest date; then as the facts came (their app's order).
    return (URGENCIES.index(item.urgency), item.due or dt.date.max, position)


def todo_list(facts: Iterable[Fact], *, today: dt.date) -> list[TodoItem]:
    """The to-do items of ``facts`` as of ``today``, most urgent first; a fact counting
    nothing (``count == 0``) is left out."""
    items = [
        TodoItem(
            kind=fact.kind,
            title=title_of(fact),
            link=fact.link,
            urgency=urgency_of(fact, today),
            count=fact.count,
            due=fact.due,
            detail=fact.detail,
            figure=fact.figure,
            series=fact.series,
        )
        for fact in facts
        if fact.count != 0
    ]
    ordered = sorted(enumerate(items), key=lambda pair: _order(pair[1], pair[0]))
    return [item for _, item in ordered]


def due_text(due: dt.date, today: dt.date) -> str:
    """When ``due`` is, in words relative to ``today``: "overdue since 3 Mar", "today",
    "tomorrow", "in 5 days (Fri 6 Mar)"."""
    days = (due - today).days
    when = f"{due:%a} {due.day} {due:%b}" + (f" {due.year}" if due.year != today.year else "")
    if days < 0:
        return f"overdue since {when}"
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days <= 60:
        return f"in {days} days ({when})"
    return when


def sparkline_points(series: Sequence[int], *, width: int = 100, height: int = 24) -> str:
    """The ``points`` of an SVG polyline drawing ``series`` left to right in a box of
    ``width`` by ``height`` (the highest value at the top, 0 at the bottom, a 1-unit margin
    so the line is not cut); "" for fewer than two values."""
    if len(series) < 2:
        return ""
    top = max(max(series), 1)
    step = width / (len(series) - 1)
    inner = height - 2
    return " ".join(
        f"{index * step:.1f},{1 + inner - value * inner / top:.1f}"
        for index, value in enumerate(series)
    )
