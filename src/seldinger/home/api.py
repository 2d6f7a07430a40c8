"""JSON API: the logged-in person's own to-do list, as their home page shows it."""

import datetime as dt

from ninja import Field, Query, Router, Status

from seldinger.accounts.api_auth import logged_in
from seldinger.accounts.requests import AuthedRequest
from seldinger.api_helpers import PageIn, PlainOut, page_of, paged
from seldinger.home import selectors
from seldinger.home.todo import URGENCIES, TodoItem

router = Router(tags=["home"], auth=logged_in)


class TodoOut(PlainOut):
    kind: str = Field(description="What the item is, e.g. cases-returned, licence, exam")
    title: str
    urgency: str = Field(description=f"One of {', '.join(URGENCIES)}, most pressing first")
    count: int | None = Field(description="How many records; null for one thing or a figure")
    due: dt.date | None = Field(description="The date by which to act, if any")
    link: str = Field(description="The page where to act (a path on this site)")
    detail: str
    figure: str = Field(description="A headline figure, e.g. 52 h or 64%; empty if none")
    series: list[int] = Field(description="Recent history of the figure (cases per month)")


def _out(item: TodoItem) -> dict[str, object]:
    return {
        "kind": item.kind,
        "title": item.title,
        "urgency": item.urgency,
        "count": item.count,
        "due": item.due,
        "link": item.link,
        "detail": item.detail,
        "figure": item.figure,
        "series": list(item.series),
    }


@router.get(
    "/todo",
    response=page_of(TodoOut),
    summary="My to-do list (most urgent first), as my home page shows it",
)
def my_todo(request: AuthedRequest, page: Query[PageIn]) -> object:
    return Status(200, paged(selectors.todo_of(request.user), page, _out))
