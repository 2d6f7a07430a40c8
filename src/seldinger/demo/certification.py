"""Demo data for the certification tracker: the diplomate's certificate, OLA, CME and PQI."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from seldinger.accounts.models import User
from seldinger.certification.models import DiplomateProfile
from seldinger.certification.services import create_cme, save_ola, save_pqi, save_profile


def load_demo_certification(diplomate: User) -> None:
    """The diplomate's IR/DR certificate (2015), OLA years, CME below 75 credits, one PQI.

    Added once (while the diplomate has no certification profile).
    """
    if DiplomateProfile.objects.filter(user=diplomate).exists():
        return
    today = timezone.localdate()
    save_profile(user=diplomate, certificate="IR/DR", initial_certification=dt.date(2015, 10, 1))
    for year, answered, correct in ((today.year - 2, 52, 44), (today.year - 1, 54, 47)):
        save_ola(owner=diplomate, year=year, answered=answered, declined=3, correct=correct)
    so_far = min(52, today.timetuple().tm_yday // 7)
    save_ola(owner=diplomate, year=today.year, answered=so_far, declined=1)
    window_start = dt.date(today.year - 2, 1, 1)
    for days, title, provider, credits in (
        (40, "Annual scientific meeting (synthetic)", "Demo Society of IR", "21"),
        (300, "Embolization update course (synthetic)", "Demo Academy of IR", "8"),
        (420, "Radiation safety module (synthetic)", "Demo CME Provider", "4.5"),
        (600, "Venous disease symposium (synthetic)", "Demo Academy of IR", "12"),
    ):
        create_cme(
            owner=diplomate,
            title=title,
            provider=provider,
            date=min(today, window_start + dt.timedelta(days=days)),
            credits=Decimal(credits),
        )
    save_pqi(
        owner=diplomate,
        title="Reducing fluoroscopy time in TIPS procedures (synthetic)",
        completed_on=dt.date(today.year - 1, 3, 15),
    )
