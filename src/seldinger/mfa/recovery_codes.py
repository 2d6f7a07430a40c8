"""How recovery codes are kept: as keyed digests, never as the codes.

django-otp keeps a static token as typed, in a 16-character column, and checks one by
looking it up. Seldinger stores instead the first 16 hex digits (64 bits) of an HMAC-SHA256
of the code under the site's secret key (``salted_hmac``), and looks up the digest of what
is typed: a copy of the database alone no longer holds codes that pass the second step. A
code has 40 random bits, too few for an unkeyed hash to protect; the key is what does.
Digests made under a key in ``SECRET_KEY_FALLBACKS`` still match after the key is rotated.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.crypto import salted_hmac

_SALT = "seldinger.mfa.recovery-code"
#: The width of django-otp's token column, which the digest fills.
DIGEST_LENGTH = 16


def digest(code: str, *, secret: str | None = None) -> str:
    """What is stored for ``code`` (already normalised: lower case, no spaces or hyphens)."""
    mac = salted_hmac(_SALT, code, secret=secret, algorithm="sha256")
    return mac.hexdigest()[:DIGEST_LENGTH]


def candidates(code: str) -> list[str]:
    """The digests ``code`` may be stored as: under the current key, then the fallbacks."""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [digest(code, secret=secret) for secret in secrets]


def is_digest(token: str) -> bool:
    """Whether a stored token is a digest (a code as django-otp makes it has 8 characters)."""
    return len(token) == DIGEST_LENGTH and all(c in "0123456789abcdef" for c in token)
