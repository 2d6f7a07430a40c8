"""QR codes drawn as inline SVG: no image file, no script, no style attribute, nothing a
content security policy has to allow."""

import re
from html import escape

import qrcode
from qrcode.image.svg import SvgPathImage

# The size is the stylesheet's (mfa.css): the SVG keeps only its view box.
_SIZE = re.compile(r'^<svg width="[^"]*" height="[^"]*"')


def qr_svg(text: str, *, label: str) -> str:
    """``text`` as an SVG QR code: an ``<svg>`` element named ``label`` for screen readers."""
    code = qrcode.QRCode(border=2, image_factory=SvgPathImage)
    code.add_data(text)
    code.make(fit=True)
    svg: str = code.make_image().to_string(encoding="unicode")
    return _SIZE.sub(f'<svg class="mfa-qr" role="img" aria-label="{escape(label)}"', svg, count=1)
