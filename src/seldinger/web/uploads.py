"""How an uploaded file is received: in memory, never in a temporary file.

Django writes an upload above ``FILE_UPLOAD_MAX_MEMORY_SIZE`` to a temporary file on disk;
an upload here may carry what must never be stored (a dose report names its patient, a
hospital export its MRNs), so every upload is held in memory, as far as
``SELDINGER_MAX_REQUEST_UPLOAD_BYTES`` for the whole request (above every page's own limit).
A larger request's files are not read at all; the page that takes them says so.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import MemoryFileUploadHandler


class UploadsInMemory(MemoryFileUploadHandler):
    def handle_raw_input(
        self,
        input_data: Any,
        META: Any,
        content_length: int,
        boundary: Any,
        encoding: str | None = None,
    ) -> None:
        self.activated = content_length <= settings.MAX_REQUEST_UPLOAD_BYTES


def too_large(request: Any) -> bool:
    """Whether the request was too large for its files to be read."""
    return int(request.META.get("CONTENT_LENGTH") or 0) > settings.MAX_REQUEST_UPLOAD_BYTES
