"""The CME certificate as a download, for the web page and the API alike."""

from django.http import FileResponse, Http404

from seldinger.certification.models import CmeActivity


def certificate_response(activity: CmeActivity) -> FileResponse:
    """The activity's certificate file; 404 for an activity without one or a missing file.

    Served as an attachment that the browser may neither sniff nor cache: it is the owner's.
    """
    if not activity.certificate:
        raise Http404("No certificate for this activity.")
    try:
        handle = activity.certificate.open("rb")
    except FileNotFoundError:
        raise Http404("The certificate file is missing.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=activity.certificate_name or "certificate",
        content_type=activity.certificate_content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
