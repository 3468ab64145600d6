"""Private keys on disk: a JWK file, mode 0600, optionally encrypted with a password.

An unencrypted file holds the private JWK as JSON.  An encrypted file holds
the "Encrypted JWK" format of RFC 7517 §7: a JWE (RFC 7516) in compact
serialization whose plaintext is the JWK, with

* ``alg`` ``PBES2-HS512+A256KW`` (RFC 7518 §4.8): PBKDF2-HMAC-SHA512 over the
  password, salted with ``alg || 0x00 || p2s``, ``p2c`` iterations, wraps a
  random content key with AES-256 Key Wrap (RFC 3394);
* ``enc`` ``A256GCM`` (RFC 7518 §5.3), the protected header as AAD;
* ``cty`` ``jwk+json``.

Any JOSE library (jwcrypto, joserfc) can decrypt it; the tests check that.
Decryption refuses other algorithms and iteration counts outside
``[MIN_ITERATIONS, MAX_ITERATIONS]`` (a file must not make us spin forever).
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any, Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap, aes_key_wrap

from a2a.identity.b64 import b64url_decode, b64url_encode
from a2a.identity.errors import KeyFormatError
from a2a.identity.jwk import PrivateKey, private_key_from_jwk
from a2a.identity.strict_json import StrictJSONError, loads

__all__ = [
    "DEFAULT_ITERATIONS",
    "decrypt_jwk",
    "encrypt_jwk",
    "read_private_key",
    "write_private_key",
]

_ALG: Final = "PBES2-HS512+A256KW"
_ENC: Final = "A256GCM"
DEFAULT_ITERATIONS: Final = 600_000
MIN_ITERATIONS: Final = 1_000
MAX_ITERATIONS: Final = 10_000_000
MAX_KEY_FILE_BYTES: Final = 16 * 1024


def _kek(password: str, salt: bytes, iterations: int) -> bytes:
    kdf = PBKDF2HMAC(
        algorithm=hashes.SHA512(),
        length=32,
        salt=_ALG.encode("ascii") + b"\x00" + salt,  # RFC 7518 §4.8.1.1
        iterations=iterations,
    )
    return kdf.derive(password.encode("utf-8"))


def encrypt_jwk(jwk: dict[str, Any], password: str, *, iterations: int = DEFAULT_ITERATIONS) -> str:
    """Encrypt a JWK under ``password``: a compact JWE string (RFC 7517 §7)."""
    if not password:
        raise KeyFormatError("empty password")
    salt = secrets.token_bytes(16)
    header: dict[str, Any] = {"alg": _ALG, "enc": _ENC, "cty": "jwk+json"}
    header.update(p2s=b64url_encode(salt), p2c=iterations)
    protected = b64url_encode(json.dumps(header, separators=(",", ":")).encode("ascii"))
    cek = secrets.token_bytes(32)
    wrapped = aes_key_wrap(_kek(password, salt, iterations), cek)
    iv = secrets.token_bytes(12)
    plaintext = json.dumps(jwk, separators=(",", ":")).encode("utf-8")
    sealed = AESGCM(cek).encrypt(iv, plaintext, protected.encode("ascii"))
    ciphertext, tag = sealed[:-16], sealed[-16:]
    fields = (protected, *(b64url_encode(part) for part in (wrapped, iv, ciphertext, tag)))
    return ".".join(fields)


def decrypt_jwk(token: str, password: str) -> dict[str, Any]:
    """Decrypt :func:`encrypt_jwk`'s output; raise :class:`KeyFormatError` on any problem."""
    parts = token.strip().split(".")
    if len(parts) != 5:
        raise KeyFormatError("not a compact JWE")
    try:
        protected, wrapped, iv, ciphertext, tag = (b64url_decode(p) for p in parts)
        header = loads(protected, max_bytes=1024, max_depth=2)
    except (ValueError, StrictJSONError):
        raise KeyFormatError("malformed JWE") from None
    if not isinstance(header, dict) or header.get("alg") != _ALG or header.get("enc") != _ENC:
        raise KeyFormatError(f"only {_ALG} with {_ENC} is supported")
    if header.get("cty") not in ("jwk+json", "application/jwk+json"):
        raise KeyFormatError("JWE does not hold a JWK")
    iterations, salt = header.get("p2c"), header.get("p2s")
    if isinstance(iterations, bool) or not isinstance(iterations, int):
        raise KeyFormatError("p2c must be an integer")
    if not MIN_ITERATIONS <= iterations <= MAX_ITERATIONS:
        raise KeyFormatError("p2c out of range")
    try:
        salt_bytes = b64url_decode(salt) if isinstance(salt, str) else b""
    except ValueError:
        salt_bytes = b""
    if len(salt_bytes) < 8 or len(iv) != 12 or len(tag) != 16:
        raise KeyFormatError("malformed JWE parameters")
    try:
        cek = aes_key_unwrap(_kek(password, salt_bytes, iterations), wrapped)
        plaintext = AESGCM(cek).decrypt(iv, ciphertext + tag, parts[0].encode("ascii"))
        jwk = loads(plaintext, max_bytes=MAX_KEY_FILE_BYTES, max_depth=4)
    except (InvalidUnwrap, InvalidTag, ValueError):
        raise KeyFormatError("wrong password or corrupted key file") from None
    if not isinstance(jwk, dict):
        raise KeyFormatError("JWE does not hold a JWK")
    return jwk


def write_private_key(
    path: str | os.PathLike[str],
    key: PrivateKey,
    *,
    password: str | None = None,
    iterations: int = DEFAULT_ITERATIONS,
    overwrite: bool = False,
) -> None:
    """Write ``key`` as a private JWK file created with mode 0600 (encrypted with a password).

    The file is created with its final permissions (never world-readable for
    an instant); an existing file is refused unless ``overwrite``.
    """
    jwk = key.to_jwk()
    text = encrypt_jwk(jwk, password, iterations=iterations) if password else json.dumps(jwk)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if overwrite else os.O_EXCL)
    fd = os.open(os.fspath(path), flags, 0o600)
    try:
        os.fchmod(fd, 0o600)  # O_TRUNC keeps an old file's mode
        os.write(fd, (text + "\n").encode("utf-8"))
    finally:
        os.close(fd)


def read_private_key(path: str | os.PathLike[str], *, password: str | None = None) -> PrivateKey:
    """Read a private key file written by :func:`write_private_key` (or any private JWK)."""
    raw = Path(path).read_bytes()
    if len(raw) > MAX_KEY_FILE_BYTES:
        raise KeyFormatError("key file too large")
    text = raw.decode("utf-8", "replace").strip()
    if text.startswith("{"):
        try:
            jwk = loads(text, max_bytes=MAX_KEY_FILE_BYTES, max_depth=4)
        except StrictJSONError:
            raise KeyFormatError("key file is not JSON") from None
    else:
        if not password:
            raise KeyFormatError("key file is encrypted: a password is needed")
        jwk = decrypt_jwk(text, password)
    if not isinstance(jwk, dict) or "d" not in jwk:
        raise KeyFormatError("key file does not hold a private JWK")
    return private_key_from_jwk(jwk)
