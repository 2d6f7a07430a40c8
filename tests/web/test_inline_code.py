"""No template carries code or styles inline: the Content-Security-Policy allows scripts and
styles only from Seldinger's own static files, so a browser would refuse an inline one.

Every template of the project is read as written (each branch, not only the one a test
happens to render). E-mail templates are left out: a mail client drops ``<style>`` elements
and linked style sheets, so an e-mail's styles must be inline, and a page's CSP header does
not reach a mail client anyway.
"""

import re
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[2] / "src" / "seldinger"
#: E-mails (their HTML bodies), which carry their styles inline for mail clients.
EMAIL_TEMPLATES = {"home/templates/home/digest.html"}

INLINE_CODE = {
    "an inline <script>": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "a <style> element": re.compile(r"<style\b", re.IGNORECASE),
    "a style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "an event-handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "a javascript URL": re.compile(r"javascript:", re.IGNORECASE),
    "htmx code (hx-on)": re.compile(r"\s(?:data-)?hx-on", re.IGNORECASE),
}


def _templates() -> list[Path]:
    return sorted(
        path
        for path in SOURCE.glob("**/templates/**/*.html")
        if path.relative_to(SOURCE).as_posix() not in EMAIL_TEMPLATES
    )


def inline_code(text: str) -> list[str]:
    """What a CSP without 'unsafe-inline' would refuse in ``text``, each with its line."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        found += [
            f"line {number}: {what}: {match.group(0).strip()}"
            for what, pattern in INLINE_CODE.items()
            if (match := pattern.search(line))
        ]
    return found


def test_the_project_has_templates_and_the_email_exclusions_exist():
    assert len(_templates()) > 100
    for email in EMAIL_TEMPLATES:
        assert (SOURCE / email).exists(), f"{email} is excluded but no longer exists"


@pytest.mark.parametrize("template", _templates(), ids=lambda path: str(path.relative_to(SOURCE)))
def test_template_has_no_inline_code_or_style(template: Path):
    assert inline_code(template.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("markup", "what"),
    [
        ("<script>alert(1)</script>", "an inline <script>"),
        ('<script type="module">go()</script>', "an inline <script>"),
        ("<style>p { color: red }</style>", "a <style> element"),
        ('<div class="x" style="height: 2rem">', "a style attribute"),
        ('<input readonly onclick="this.select()">', "an event-handler attribute"),
        ('<body onload="start()">', "an event-handler attribute"),
        ('<a href="javascript:void(0)">', "a javascript URL"),
        ('<button hx-on:click="go()">', "htmx code (hx-on)"),
    ],
)
def test_the_scan_finds_each_kind_of_inline_code(markup: str, what: str):
    assert [finding.split(": ")[1] for finding in inline_code(markup)] == [what]


def test_the_scan_passes_static_files_and_data():
    markup = (
        "<script src=\"{% static 'seldinger/menu.js' %}\" defer></script>\n"
        '<link rel="stylesheet" href="{% static \'seldinger/site.css\' %}">\n'
        '{{ chart|json_script:"chart-data" }}\n'
        '<input data-select-on-click hx-get="/programs/" hx-swap="innerHTML">'
    )
    assert inline_code(markup) == []
