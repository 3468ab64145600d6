"""Errors of the identity layer, as subclasses of :mod:`a2a.errors`.

::

    A2AError
    ├── IdentityError                  local misuse: refusal to sign, bad arguments
    │   └── KeyFormatError             a JWK, JWKS or key file that cannot be used
    ├── ProtocolError
    │   └── InvalidParamsError         -32602  400
    │       └── SignatureError         ErrorInfo in the signed-envelope domain
    │           ├── SignatureInvalidError    SIGNATURE_INVALID
    │           ├── SignatureRequiredError   SIGNATURE_REQUIRED  (HTTP 401)
    │           ├── SignatureReplayedError   SIGNATURE_REPLAYED
    │           └── SignatureExpiredError    SIGNATURE_EXPIRED
    └── AuthenticationError            HTTP 401
        └── HTTPSignatureError         RFC 9421 failure; ``WWW-Authenticate: Signature``

Every verification failure carries a ``detail`` code from a closed list
(:data:`DETAILS`), sent as ``ErrorInfo.metadata.detail``.  The wire message is
the class's fixed text: key material, payloads and header values never reach
it.  :func:`signature_error` picks the class that matches a detail code.
"""

from __future__ import annotations

from typing import Any, Final

from a2a.errors import A2AError, AuthenticationError, InvalidParamsError, register_error

__all__ = [
    "DETAILS",
    "EXTENSION_URI",
    "HTTPSignatureError",
    "IdentityError",
    "KeyFormatError",
    "SignatureError",
    "SignatureExpiredError",
    "SignatureInvalidError",
    "SignatureReplayedError",
    "SignatureRequiredError",
    "signature_error",
]

EXTENSION_URI: Final = "https://a2a-lib.dev/extensions/signed-envelope/v1"
"""The URI of our signed-envelope extension; also the ``ErrorInfo.domain`` of its errors."""

DETAILS: Final = frozenset(
    {
        "malformed_header",
        "malformed_payload",
        "alg_not_allowed",
        "key_alg_mismatch",
        "crit_unsupported",
        "typ_mismatch",
        "too_large",
        "unknown_key",
        "key_expired",
        "key_revoked",
        "issuer_key_mismatch",
        "issuer_mismatch",
        "bad_signature",
        "bad_claims",
        "expired",
        "not_yet_valid",
        "wrong_audience",
        "replayed",
        "signature_required",
        "no_signature",
        "digest_mismatch",
    }
)
"""Every detail code a verification failure can carry (identity.md §7.8, plus our own)."""


class IdentityError(A2AError):
    """Local misuse of the identity API: an unreadable key file, a card we refuse to sign."""

    default_message = "Identity error"


class KeyFormatError(IdentityError, ValueError):
    """A JWK, JWKS or key file that is malformed, unsupported or undecryptable."""

    default_message = "Unusable key"


class SignatureError(InvalidParamsError):
    """A signature that could not be accepted; ``detail`` says why.

    On the wire it is an InvalidParams error (-32602) whose ``ErrorInfo`` sits in
    the signed-envelope extension's domain, so peers that do not know the
    extension still see a well-formed A2A error.
    """

    domain = EXTENSION_URI
    reason = "SIGNATURE_INVALID"
    default_message = "Signature verification failed"

    def __init__(
        self,
        message: str | None = None,
        *,
        detail: str | None = None,
        metadata: dict[str, str] | None = None,
        details: list[dict[str, Any]] | None = None,
        field_violations: list[tuple[str, str]] | None = None,
    ) -> None:
        meta = dict(metadata or {})
        if detail is not None:
            if detail not in DETAILS:
                raise ValueError(f"unknown signature failure detail {detail!r}")
            meta["detail"] = detail
        super().__init__(message, metadata=meta, details=details, field_violations=field_violations)

    @property
    def detail(self) -> str:
        """The failure code (``bad_signature``, ``expired``...); ``""`` if the peer sent none."""
        return self.metadata.get("detail", "")


@register_error
class SignatureInvalidError(SignatureError):
    """The signature, its header, its key or its claims are not acceptable."""

    reason = "SIGNATURE_INVALID"


@register_error
class SignatureRequiredError(SignatureError):
    """Policy requires a signature and none was present (or none from a trusted key)."""

    reason = "SIGNATURE_REQUIRED"
    http_status = 401
    grpc_status = "UNAUTHENTICATED"
    default_message = "A signature is required"


@register_error
class SignatureReplayedError(SignatureError):
    """The same ``(iss, jti)`` was already accepted inside its lifetime."""

    reason = "SIGNATURE_REPLAYED"
    default_message = "Signature was already used"


@register_error
class SignatureExpiredError(SignatureError):
    """``exp`` is in the past, or ``iat`` in the future, beyond the allowed skew."""

    reason = "SIGNATURE_EXPIRED"
    default_message = "Signature is expired or not yet valid"


_CLASS_BY_DETAIL: dict[str, type[SignatureError]] = {
    "expired": SignatureExpiredError,
    "not_yet_valid": SignatureExpiredError,
    "replayed": SignatureReplayedError,
    "signature_required": SignatureRequiredError,
    "no_signature": SignatureRequiredError,
}


def signature_error(detail: str, message: str | None = None) -> SignatureError:
    """The error instance for a detail code, with the class that carries it on the wire."""
    cls = _CLASS_BY_DETAIL.get(detail, SignatureInvalidError)
    return cls(message, detail=detail)


class HTTPSignatureError(AuthenticationError):
    """An RFC 9421 request signature was missing or invalid (HTTP 401, no detail sent).

    ``detail`` is kept for logs; the response only says ``WWW-Authenticate: Signature``.
    """

    default_message = "HTTP message signature rejected"

    def __init__(self, detail: str, message: str | None = None) -> None:
        if detail not in DETAILS:
            raise ValueError(f"unknown signature failure detail {detail!r}")
        super().__init__(message, challenge="Signature")
        self.detail = detail
