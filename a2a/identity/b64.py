"""Strict base64url (RFC 7515 §2, RFC 4648 §5): no padding, one encoding per value.

JOSE libraries differ on padding, ``+``/``/`` and non-zero trailing bits
(identity.md §5.2).  Accepting only the canonical form means a signature or a
header has exactly one valid spelling, so nothing downstream can be confused
by twins.
"""

from __future__ import annotations

import base64
import binascii
import re

__all__ = ["b64url_decode", "b64url_encode", "is_b64url"]

_ALPHABET = re.compile(r"[A-Za-z0-9_-]*")


def b64url_encode(data: bytes) -> str:
    """Encode bytes as unpadded base64url text."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def is_b64url(text: str) -> bool:
    """Whether ``text`` uses only the base64url alphabet (no padding)."""
    return _ALPHABET.fullmatch(text) is not None


def b64url_decode(text: str) -> bytes:
    """Decode canonical unpadded base64url; raise ``ValueError`` on anything else.

    Rejected: padding, characters outside ``A-Z a-z 0-9 - _``, a length of
    1 mod 4, and non-zero unused bits in the last character.
    """
    if not isinstance(text, str) or not is_b64url(text):
        raise ValueError("not base64url")
    if len(text) % 4 == 1:
        raise ValueError("impossible base64url length")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):  # pragma: no cover - alphabet checked above
        raise ValueError("not base64url") from None
    # Re-encoding catches non-zero trailing bits: only one text maps to these bytes.
    if b64url_encode(data) != text:
        raise ValueError("non-canonical base64url")
    return data
