"""Strict base64url (RFC 7515 §2, RFC 4648 §5): no padding, one encoding per value.

JOSE libraries differ on padding, ``+``/``/`` and non-zero trailing bits
(identity.md §5.2).  Accepting only the canonical form means a signature or a
header has exactly one valid spelling, so nothing downstream can be confused
by twins.

Both directions go straight to :mod:`binascii` (every envelope decodes two
values and encodes two).  Decoding first maps the URL alphabet onto the
standard one and every other byte, ``+ / =`` included, onto ``!``, which the
decoder never sees because its presence is refused first.
"""

from __future__ import annotations

import binascii
import re
from typing import Final

__all__ = ["b64url_decode", "b64url_encode", "b64url_encode_bytes", "is_b64url"]

_ALPHABET = re.compile(r"[A-Za-z0-9_-]*")
_STANDARD: Final = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_URL: Final = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_FROM_URL: Final = bytes(
    _STANDARD[_URL.index(byte)] if byte in _URL else ord("!") for byte in range(256)
)
# A last group of 2 characters holds one byte in 12 bits, of 3 characters two
# bytes in 18: the low 4 (or 2) bits of its last character are unused, so zero.
_LAST_OK: Final = {
    2: frozenset(chr(c) for i, c in enumerate(_URL) if i & 0b1111 == 0),
    3: frozenset(chr(c) for i, c in enumerate(_URL) if i & 0b11 == 0),
}
_PAD: Final = {0: b"", 2: b"==", 3: b"="}


def b64url_encode(data: bytes) -> str:
    """Encode bytes as unpadded base64url text."""
    return b64url_encode_bytes(data).decode("ascii")


def b64url_encode_bytes(data: bytes) -> bytes:
    """:func:`b64url_encode` as ASCII bytes (for a JWS signing input, no text round trip)."""
    standard = binascii.b2a_base64(data, newline=False)
    # Two replace() passes beat one translate() here: they skip ahead with memchr.
    return standard.replace(b"+", b"-").replace(b"/", b"_").rstrip(b"=")


def is_b64url(text: str) -> bool:
    """Whether ``text`` uses only the base64url alphabet (no padding)."""
    return _ALPHABET.fullmatch(text) is not None


def b64url_decode(text: str) -> bytes:
    """Decode canonical unpadded base64url; raise ``ValueError`` on anything else.

    Rejected: padding, characters outside ``A-Z a-z 0-9 - _``, a length of
    1 mod 4, and non-zero unused bits in the last character.
    """
    if not isinstance(text, str) or not text.isascii():
        raise ValueError("not base64url")
    standard = text.encode("ascii").translate(_FROM_URL)
    if b"!" in standard:
        raise ValueError("not base64url")
    rest = len(text) % 4
    if rest == 1:
        raise ValueError("impossible base64url length")
    # Only one text maps to given bytes: the unused bits of the last character are zero.
    if rest and text[-1] not in _LAST_OK[rest]:
        raise ValueError("non-canonical base64url")
    return binascii.a2b_base64(standard + _PAD[rest])
