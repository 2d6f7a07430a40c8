"""Each person's home (their to-do list) and their choice of the e-mail digest."""

from typing import Any

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from seldinger.accounts.requests import AuthedRequest
from seldinger.home import selectors, services
from seldinger.home.models import DigestSubscription
from seldinger.home.todo import INFO, TodoItem, due_text, sparkline_points
from seldinger.web.pages import done, render_form, submitted
from seldinger.web.routes import Routes

routes = Routes()


def _shown(item: TodoItem, today: Any) -> dict[str, Any]:
    return {
        "item": item,
        "due": due_text(item.due, today) if item.due else "",
        "sparkline": sparkline_points(item.series, width=120, height=28),
    }


@routes.page("", name="index")
@require_http_methods(["GET", "HEAD"])
def home(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    items = selectors.todo_of(request.user, today=today)
    todo = [_shown(item, today) for item in items if item.urgency != INFO]
    figures = [_shown(item, today) for item in items if item.urgency == INFO]
    context = {
        "todo": todo,
        "figures": figures,
        "today": today,
        "digest": DigestSubscription.objects.filter(user=request.user).first(),
    }
    return render(request, "home/home.html", context)


class DigestForm(forms.Form):
    frequency = forms.ChoiceField(
        label="E-mail me my to-do list",
        choices=[("", "Never"), *DigestSubscription.Frequency.choices],
        required=False,
        widget=forms.RadioSelect,
    )


@routes.page("account/", name="account")
@require_http_methods(["GET", "HEAD", "POST"])
def account(request: AuthedRequest) -> HttpResponse:
    current = DigestSubscription.objects.filter(user=request.user).first()
    form = DigestForm(
        request.POST or None, initial={"frequency": current.frequency if current else ""}
    )
    saved = submitted(
        request,
        form,
        lambda: services.choose_digest(user=request.user, frequency=form.cleaned_data["frequency"]),
    )
    if saved:
        chosen = saved.value
        message = (
            f"You will get your to-do list by e-mail {chosen.get_frequency_display().lower()}."
            if chosen
            else "You will get no to-do e-mails."
        )
        return done(request, message, "home:account")
    context = {"form": form, "has_email": bool(request.user.email)}
    return render_form(request, "home/account.html", context)
