"""The reports section of the cohort page: the period picker and, for each report the
viewer may have, its CSV, XLSX and PDF links (the cohort page belongs to the case log,
below this app, so it asks for the section by this tag)."""

from typing import Any

from django import template

from seldinger.reporting import FORMATS, Period, academic_year
from seldinger.reports import selectors

register = template.Library()


@register.inclusion_tag("reports/_cohort_section.html", takes_context=True)
def cohort_reports(context: Any, period: Period, error: str = "") -> dict[str, Any]:
    request = context["request"]
    this_year = academic_year(period.end)
    return {
        "period": period,
        "error": error,
        "as_of": request.GET.get("as_of", ""),
        "reports": selectors.available(request.user),
        "formats": FORMATS,
        "query": period.query,
        "years": [academic_year(this_year.start.replace(year=this_year.start.year - 1)), this_year],
    }
