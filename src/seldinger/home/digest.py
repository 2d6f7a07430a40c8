"""The to-do digest e-mail: the list as on the home page, with absolute links."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from seldinger.accounts.models import User
from seldinger.home.todo import TodoItem, due_text


@dataclass(frozen=True)
class DigestMessage:
    subject: str
    text: str
    html: str


def absolute(link: str) -> str:
    """``link`` (a path) at ``SELDINGER_SITE_URL``."""
    return link if "://" in link else f"{settings.SITE_URL}{link}"


def compose(user: User, items: list[TodoItem], *, today: dt.date, frequency: str) -> DigestMessage:
    actionable = [item for item in items if item.actionable]
    shown = [
        {
            "item": item,
            "url": absolute(item.link),
            "due": due_text(item.due, today) if item.due else "",
        }
        for item in actionable
    ]
    count = len(actionable)
    subject = f"Seldinger: {count} thing{'s' if count != 1 else ''} to do"
    context = {
        "user": user,
        "items": shown,
        "today": today,
        "home_url": absolute(reverse("home:index")),
        "account_url": absolute(reverse("home:account")),
        "frequency": "daily" if frequency == "daily" else "weekly",
    }
    return DigestMessage(
        subject=subject,
        text=render_to_string("home/digest.txt", context),
        html=render_to_string("home/digest.html", context),
    )
