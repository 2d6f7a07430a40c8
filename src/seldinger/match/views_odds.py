"""Match odds pages: /match/odds/ (applicant) and /match/odds/program/ (director).

Thin: the forms check types and ranges a browser can show, the pure core
(:mod:`seldinger.match.odds`) checks the rest and runs the simulation; its
refusals come back as form errors (status 400), never a 500.
"""

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails

from seldinger.accounts.models import User
from seldinger.jobs.offer import JobOffer
from seldinger.match import jobs, markets, odds
from seldinger.match.markets import INTEGRATED_IR, MAIN_RESIDENCY, market_years
from seldinger.rules import default_parameters
from seldinger.web.pages import partial_or_page
from seldinger.web.routes import Routes

routes = Routes()


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def market_context() -> dict[str, Any]:
    """The market figures from the rule data, shown on both pages (and their references)."""
    rules = default_parameters()
    return {
        "ir_years": market_years(),
        "main_years": markets.main_residency_years(rules[MAIN_RESIDENCY]),
        "max_positions": markets.MAX_POSITIONS,
        "max_applicants": markets.MAX_APPLICANTS,
        "market_references": [
            *rules[INTEGRATED_IR].references,
            *(
                reference
                for reference in rules[MAIN_RESIDENCY].references
                if reference not in rules[INTEGRATED_IR].references
            ),
        ],
    }


def market_choices() -> list[tuple[str, str]]:
    choices = [
        (
            year.key,
            f"Integrated IR {year.year}: {year.positions} positions, {year.applicants} applicants",
        )
        for year in market_years()
        if year.simulatable
    ]
    return [*choices, ("custom", "Custom market (enter the counts)")]


class MarketForm(forms.Form):
    market = forms.ChoiceField(label="Market")
    market_positions = forms.IntegerField(
        label="Positions (custom market)",
        required=False,
        min_value=1,
        max_value=markets.MAX_POSITIONS,
        help_text=f"Up to {markets.MAX_POSITIONS}; for example your own program data.",
    )
    market_applicants = forms.IntegerField(
        label="Applicants (custom market)",
        required=False,
        min_value=2,
        max_value=markets.MAX_APPLICANTS,
        help_text=f"Up to {markets.MAX_APPLICANTS}.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        market = self.fields["market"]
        assert isinstance(market, forms.ChoiceField)
        market.choices = market_choices()
        market.initial = markets.default_market_key(market_years())

    def chosen_market(self) -> markets.Market:
        return markets.market_of(self.cleaned_data)


def _simulation_fields(form: forms.Form, max_runs: int) -> None:
    form.fields["runs"] = forms.IntegerField(
        label="Runs",
        min_value=1,
        max_value=max_runs,
        initial=odds.DEFAULT_RUNS,
        help_text=f"Simulated matches, up to {max_runs:,}.",
    )
    form.fields["seed"] = forms.IntegerField(
        label="Seed",
        min_value=0,
        max_value=odds.MAX_SEED,
        initial=1,
        help_text="The same seed and inputs give the same answer.",
    )


class ApplicantOddsForm(MarketForm):
    list_length = forms.IntegerField(
        label="Programs on your rank order list",
        min_value=1,
        max_value=odds.MAX_APPLICANT_LIST,
        initial=12,
    )
    percentile = forms.IntegerField(
        label="Your competitiveness (percentile among applicants)",
        min_value=1,
        max_value=99,
        initial=50,
        help_text="50 is the median applicant to integrated IR; your own honest estimate.",
    )
    top = forms.IntegerField(
        label="Top-tier programs (% of your list)", min_value=0, max_value=100, initial=34
    )
    middle = forms.IntegerField(
        label="Middle-tier programs (%)", min_value=0, max_value=100, initial=33
    )
    bottom = forms.IntegerField(
        label="Bottom-tier programs (%)",
        min_value=0,
        max_value=100,
        initial=33,
        help_text="The three shares add up to 100.",
    )

    def __init__(self, *args: Any, max_runs: int = odds.MAX_RUNS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _simulation_fields(self, max_runs)

    def query(self) -> odds.ApplicantQuery:
        return odds.applicant_query(self.chosen_market(), self.cleaned_data)


class ProgramOddsForm(MarketForm):
    positions = forms.IntegerField(
        label="Your program's positions",
        min_value=1,
        max_value=odds.MAX_PROGRAM_POSITIONS,
        initial=2,
    )
    list_length = forms.IntegerField(
        label="Applicants on your rank order list",
        min_value=1,
        max_value=odds.MAX_PROGRAM_LIST,
        initial=20,
    )
    tier = forms.ChoiceField(
        label="Your program's desirability",
        choices=[(tier, f"{tier.capitalize()} third") for tier in odds.TIERS],
        initial="middle",
        help_text="Where applicants, on the whole, place your program.",
    )

    def __init__(self, *args: Any, max_runs: int = odds.MAX_RUNS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _simulation_fields(self, max_runs)

    def query(self) -> odds.ProgramQuery:
        return odds.program_query(self.chosen_market(), self.cleaned_data)


_TIER_FIELDS = {"tier_mix": "top"}


def _refuse(form: forms.Form, error: odds.OddsError) -> None:
    field = _TIER_FIELDS.get(error.field, error.field)
    form.add_error(field if field in form.fields else None, error.message)


def applicant_results(result: odds.ApplicantOdds) -> dict[str, Any]:
    """Chart data (for json_script), the table rows and the headline figures."""
    labels = [str(share.rank) for share in result.rank_distribution] + ["Not matched"]
    percent = [round(100 * share.probability, 1) for share in result.rank_distribution] + [
        round(100 * (1 - result.probability), 1)
    ]
    runs = [share.runs for share in result.rank_distribution] + [result.runs - result.matched_runs]
    rows = [f"Matched at choice {share.rank}" for share in result.rank_distribution]
    return {
        "result": result,
        "chart": {"labels": labels, "percent": percent, "runs": runs},
        "chart_rows": list(zip([*rows, "Not matched"], runs, percent, strict=True)),
        "summary": {
            "percent": odds.percent(result.probability),
            "low": odds.percent(result.interval.low),
            "high": odds.percent(result.interval.high),
        },
    }


def program_results(result: odds.ProgramOdds) -> dict[str, Any]:
    """Chart data (for json_script), the table rows and the headline figures."""
    labels = [str(share.rank) for share in result.last_matched_distribution]
    last = [round(100 * share.probability, 1) for share in result.last_matched_distribution]
    within = [round(100 * share.probability, 1) for share in result.filled_within]
    runs = [share.runs for share in result.last_matched_distribution]
    depth = result.mean_depth_fraction
    return {
        "result": result,
        "chart": {"labels": labels, "last_percent": last, "within_percent": within},
        "chart_rows": list(zip(labels, runs, last, within, strict=True)),
        "summary": {
            "percent": odds.percent(result.fill_probability),
            "low": odds.percent(result.fill_interval.low),
            "high": odds.percent(result.fill_interval.high),
            "depth": None if depth is None else odds.percent(depth),
        },
    }


def _odds_page(
    request: HtmxHttpRequest,
    form: ApplicantOddsForm | ProgramOddsForm,
    answer: Callable[[], dict[str, Any]],
    *,
    question: str,
    page: str,
    results: str,
) -> HttpResponse:
    """Both odds pages: the form, and once it is valid the model's answer (``answer``) or
    its refusal beside the field at fault; HTMX asks for the ``results`` part alone. A
    logged-in user's question of many runs goes to a job, offered first and started by the
    offer's POST, whose page the browser then opens."""
    context: dict[str, Any] = {"form": form, **market_context()}
    if form.is_valid():
        try:
            runs = form.cleaned_data["runs"]
            if not jobs.odds_in_background(request.user, runs):
                context.update(answer())
            elif request.method == "POST":
                user = cast(User, request.user)
                job = jobs.start_odds(actor=user, question=question, inputs=form.cleaned_data)
                to = reverse("jobs:detail", args=[job.pk])
                return HttpResponseClientRedirect(to) if request.htmx else redirect(to)
            else:
                context["job_start"] = JobOffer(
                    heading=f"{runs:,} simulated matches",
                    reason=(
                        f"More than {settings.JOB_ODDS_TRIALS:,} runs are simulated in the "
                        "background, with a progress bar."
                    ),
                    button=f"Simulate {runs:,} matches",
                    action=request.get_full_path(),
                )
        except odds.OddsError as error:
            _refuse(form, error)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, partial_or_page(request, results, page), context, status=status)


@routes.page("odds/", name="odds", public=True)
def applicant(request: HtmxHttpRequest) -> HttpResponse:
    max_runs = jobs.max_runs_for(request.user)
    form = ApplicantOddsForm(request.GET or None, max_runs=max_runs)
    return _odds_page(
        request,
        form,
        lambda: applicant_results(odds.applicant_odds(form.query(), max_runs=max_runs)),
        question=jobs.APPLICANT,
        page="match/odds.html",
        results="match/odds_applicant_results.html",
    )


@routes.page("odds/program/", name="odds_program", public=True)
def program(request: HtmxHttpRequest) -> HttpResponse:
    max_runs = jobs.max_runs_for(request.user)
    form = ProgramOddsForm(request.GET or None, max_runs=max_runs)
    return _odds_page(
        request,
        form,
        lambda: program_results(odds.program_odds(form.query(), max_runs=max_runs)),
        question=jobs.PROGRAM,
        page="match/odds_program.html",
        results="match/odds_program_results.html",
    )
