"""Personal API tokens as text: how one is made, read back and checked (pure, no Django).

A token reads ``sld_<key>_<secret>``. The key (hex) names the stored token, so it is found by
an index; only the secret's SHA-256 digest is kept, and the digest is compared in constant
time. The secret is 256 random bits, so one fast hash is as strong as a slow one would be.
"""

import hashlib
import re
import secrets
from dataclasses import dataclass

PREFIX = "sld_"
KEY_BYTES = 6
SECRET_BYTES = 32

# The key is hex (no "_"); the secret is URL-safe base64, which may hold "_" and "-".
_SHAPE = re.compile(rf"{PREFIX}(?P<key>[0-9a-f]{{{KEY_BYTES * 2}}})_(?P<secret>[\w-]{{20,100}})")


@dataclass(frozen=True)
class TokenText:
    """A token as the user is shown it once: its ``key`` and its ``secret``."""

    key: str
    secret: str

    @property
    def shown(self) -> str:
        return f"{PREFIX}{self.key}_{self.secret}"

    @property
    def digest(self) -> str:
        return digest_of(self.secret)


def new_token() -> TokenText:
    return TokenText(secrets.token_hex(KEY_BYTES), secrets.token_urlsafe(SECRET_BYTES))


def read_token(text: str) -> TokenText | None:
    """The token ``text`` spells, or None for text no token could be."""
    found = _SHAPE.fullmatch(text.strip())
    if found is None:
        return None
    return TokenText(found["key"], found["secret"])


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(secret: str, stored_digest: str) -> bool:
    """Whether ``secret`` is the one whose digest was stored (in constant time)."""
    return secrets.compare_digest(digest_of(secret), stored_digest)
