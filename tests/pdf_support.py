"""A PDF's text for the tests that read one (the procedure log, the director's reports)."""

import contextlib
import zlib


def pdf_text(content: bytes) -> bytes:
    """The PDF's content streams, inflated where compressed."""
    text = content
    for chunk in content.split(b"stream")[1:]:
        body = chunk.split(b"endstream")[0].strip(b"\r\n")
        with contextlib.suppress(zlib.error):
            text += zlib.decompress(body)
    return text
