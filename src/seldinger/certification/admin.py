from seldinger.admin_pages import register
from seldinger.certification.models import CmeActivity, DiplomateProfile, OlaRecord, PqiActivity

register(
    DiplomateProfile,
    ("user", "certificate", "initial_certification", "opted_in"),
    filters=("certificate", "opted_in"),
    search=("user__username",),
)
register(
    OlaRecord, ("owner", "year", "answered", "declined", "correct"), search=("owner__username",)
)
# The certificate file is private: the admin shows its name, not a link.
register(
    CmeActivity,
    ("owner", "title", "date", "credits", "credit_type", "certificate_name"),
    filters=("credit_type",),
    search=("owner__username", "title", "provider"),
    hidden=("certificate",),
    read_only=("certificate_name", "certificate_content_type", "certificate_size"),
)
register(
    PqiActivity, ("owner", "title", "kind", "completed_on"), search=("owner__username", "title")
)
