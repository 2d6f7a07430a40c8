"""Demo data for licences: the diplomate's state licences, DEA registration and privileges."""

import datetime as dt

from django.utils import timezone

from seldinger.accounts.models import User
from seldinger.credentials.selectors import credentials_of
from seldinger.credentials.services import add_credential


def load_demo_credentials(diplomate: User) -> None:
    """Licences for the demo diplomate: two state licences (one expiring within 30 days,
    so a reminder shows), a DEA registration and hospital privileges; added once.
    """
    if credentials_of(diplomate).exists():
        return
    today = timezone.localdate()
    for values in (
        {
            "kind": "state-licence",
            "state": "MN",
            "number": "DEMO-MN-10001",
            "issued_on": today - dt.timedelta(days=2 * 365 - 21),
            "expires_on": today + dt.timedelta(days=21),
            "cme_rules": "Example: 75 CME credits every two years (synthetic).",
        },
        {
            "kind": "state-licence",
            "state": "OR",
            "number": "DEMO-OR-20002",
            "issued_on": today - dt.timedelta(days=200),
            "expires_on": today + dt.timedelta(days=530),
            "cme_rules": "Example: 60 CME credits every two years (synthetic).",
        },
        {
            "kind": "dea",
            "state": "MN",
            "number": "DEMO0000001",
            "issued_on": today - dt.timedelta(days=400),
            "expires_on": today + dt.timedelta(days=695),
        },
        {
            "kind": "hospital-privileges",
            "institution": "Guidewire Falls University Hospital (synthetic)",
            "issued_on": today - dt.timedelta(days=300),
            "expires_on": today + dt.timedelta(days=430),
        },
    ):
        add_credential(owner=diplomate, **values)
