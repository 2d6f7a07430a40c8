"""The limits of ``seldinger.tabular`` for imports, as the settings give them."""

from django.conf import settings

from seldinger.tabular import Limits


def import_limits() -> Limits:
    """``SELDINGER_MAX_IMPORT_ROWS`` data rows; XLSX up to ``SELDINGER_MAX_XLSX_BYTES`` unpacked."""
    return Limits(
        max_rows=settings.SELDINGER_MAX_IMPORT_ROWS,
        max_xlsx_bytes=settings.SELDINGER_MAX_XLSX_BYTES,
    )
