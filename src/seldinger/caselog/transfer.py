"""Who may import and export case logs, and how large an upload may be.

The import service is ``transfer_import``, the exports ``transfer_export`` and
the PDF procedure log ``procedure_log``; the CLI, the web and the API call them.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from seldinger.accounts import selectors as access
from seldinger.accounts.models import User
from seldinger.accounts.requests import AnyUser
from seldinger.caselog.selectors import can_view_log_of

#: Largest file the web and the API accept, unless settings.CASELOG_MAX_UPLOAD_BYTES says.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def max_upload_bytes() -> int:
    return int(getattr(settings, "CASELOG_MAX_UPLOAD_BYTES", MAX_UPLOAD_BYTES))


def upload_limit() -> str:
    """The upload limit for messages: "20 MB"."""
    limit = max_upload_bytes()
    megabytes = limit / (1024 * 1024)
    return f"{megabytes:g} MB" if megabytes >= 1 else f"{limit} bytes"


# Who may import and export ---------------------------------------------------------------


def can_import_for(viewer: AnyUser | None, trainee: User | None) -> bool:
    """The trainee themself, a current director of their current program, or an admin."""
    if not access.is_active_user(viewer) or trainee is None:
        return False
    if viewer.pk == trainee.pk or viewer.is_platform_admin:
        return True
    return access.leads_trainee(viewer, trainee, directors_only=True)


def importable_trainees(viewer: User) -> QuerySet[User]:
    """Trainees whose logs ``viewer`` may import into, other than their own."""
    if not access.is_active_user(viewer):
        return User.objects.none()
    if viewer.is_platform_admin:
        trainees = access.visible_trainees(viewer).filter(is_active=True)
    else:
        trainees = access.trainees_led_by(viewer, directors_only=True)
    return trainees.exclude(pk=viewer.pk).order_by("last_name", "username")


def _named_trainee(viewer: User, username: str | None) -> User:
    if not username or username == viewer.get_username():
        return viewer
    trainee = User.objects.filter(username=username).first()
    if trainee is None:
        raise Http404("No such trainee.")
    return trainee


def trainee_for_import(viewer: User, username: str | None = None) -> User:
    """The trainee named (default: the viewer); 404 unless the viewer may import for them."""
    trainee = _named_trainee(viewer, username)
    if not can_import_for(viewer, trainee):
        raise Http404("No such trainee.")
    return trainee


def trainee_for_export(viewer: User, username: str | None = None) -> User:
    """The trainee named (default: the viewer); 404 unless the viewer may see their log."""
    trainee = _named_trainee(viewer, username)
    if not can_view_log_of(viewer, trainee):
        raise Http404("No such trainee.")
    return trainee


def whose_log(viewer: User, trainee: User) -> str:
    """ "your log" or "the log of USERNAME", as the import's messages say."""
    return "your log" if trainee.pk == viewer.pk else f"the log of {trainee.get_username()}"


def in_background(rows: int) -> bool:
    """A file this long is imported by a background job (JOB_IMPORT_ROWS), not in the request."""
    return rows > settings.JOB_IMPORT_ROWS


#: The export formats built whole before the first byte is sent (a CSV streams as it is read).
BUILT_WHOLE = ("xlsx", "pdf")


def export_in_background(fmt: str, cases: int) -> bool:
    """An XLSX or PDF of this many cases is written by a background job (JOB_EXPORT_CASES)."""
    return fmt in BUILT_WHOLE and cases > settings.JOB_EXPORT_CASES
