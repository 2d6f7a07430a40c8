"""Which pages a stranger may open: every page is behind a login unless its route says public."""

import re

from django.urls import get_resolver
from django.urls.resolvers import URLPattern, URLResolver

#: The pages open to someone not logged in (the accounts pages are Django's own views).
PUBLIC = {
    "web:home",
    "web:health",
    "pathways:planner",
    "programs:directory",
    "programs:compare",
    "programs:export",
    "programs:detail",
    "careers:overview",
    "careers:community",
    "careers:job_board",
    "careers:job_detail",
    "match:odds",
    "match:odds_program",
    "calendar_feed:feed",
    "accounts:login",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "people:invitation",
    # The passkey scripts' translations (django-otp-webauthn): no one's data.
    "otp_webauthn:js-i18n-catalog",
    # Single sign-on's pages start and finish a login (404 while it is not configured).
    "sso:oidc_login",
    "sso:oidc_callback",
    "sso:saml_login",
    "sso:saml_acs",
    "sso:saml_metadata",
    # ... and finish a logout: reached after the session has ended (each acts only on the
    # note a real logout leaves, or on the identity provider's signed-in subject).
    "sso:oidc_logout",
    "sso:oidc_logged_out",
    "sso:saml_logout",
    "sso:saml_sls",
}
SAMPLE = {"int": "1", "str": "x", "slug": "x", "uuid": "3f6c1a52-8d0e-4e57-9a43-2b7d1c0f9e61"}


def _pages(patterns, prefix="", namespace=""):
    """Each page's name and an address of it (the admin and the API have their own login)."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern) in ("admin/", "api/"):
                continue
            inner = f"{pattern.namespace}:" if pattern.namespace else namespace
            yield from _pages(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            address = "/" + re.sub(r"<(\w+):\w+>", lambda m: SAMPLE[m[1]], route)
            yield f"{namespace}{pattern.name}", address


def test_a_stranger_is_sent_to_log_in_everywhere_but_the_public_pages(client, db):
    pages = dict(_pages(get_resolver().url_patterns))

    open_to_strangers = {
        name
        for name, address in pages.items()
        if not client.get(address).get("Location", "").startswith("/accounts/login/")
    }

    assert len(pages) > 100
    assert open_to_strangers == PUBLIC
