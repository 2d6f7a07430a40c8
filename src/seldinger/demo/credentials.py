"""Demo data for licences: the diplomate's state licences, DEA registration and privileges."""

import datetime as dt

from django.utils import timezone

from seldinger.accounts.models import User
from seldinger.credentials.selectors import credentials_of
from seldinger.credentials.services import add_credential
from seldinger.demo.rows import read_rows


def load_demo_credentials(diplomate: User) -> None:
    """Licences for the demo diplomate (``credentials.yaml``): two state licences (one
    expiring within 30 days, so a reminder shows), a DEA registration and hospital
    privileges; added once.
    """
    if credentials_of(diplomate).exists():
        return
    today = timezone.localdate()
    for row in read_rows("credentials.yaml"):
        issued_days_ago = row.pop("issued_days_ago")
        expires_in_days = row.pop("expires_in_days")
        add_credential(
            owner=diplomate,
            issued_on=today - dt.timedelta(days=issued_days_ago),
            expires_on=today + dt.timedelta(days=expires_in_days),
            **row,
        )
