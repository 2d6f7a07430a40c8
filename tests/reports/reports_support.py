"""What the report tests share: the periods they ask for, and a PDF's text."""

import contextlib
import zlib

#: The period the tests ask for, and the academic year after it.
YEAR = {"from": "2024-07-01", "to": "2025-06-30"}
NEXT_YEAR = {"from": "2025-07-01", "to": "2026-06-30"}


def pdf_text(content: bytes) -> bytes:
    """The PDF's content streams, inflated where compressed."""
    text = content
    for chunk in content.split(b"stream")[1:]:
        body = chunk.split(b"endstream")[0].strip(b"\r\n")
        with contextlib.suppress(zlib.error):
            text += zlib.decompress(body)
    return text
