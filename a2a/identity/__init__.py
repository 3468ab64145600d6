"""Agent identity: keys, signed Agent Cards, signed envelopes, HTTP message signatures.

Everything here is pure (no network I/O): keys are fetched by callables the
client and server adapters inject.  The pieces, bottom up:

* :mod:`~a2a.identity.b64`, :mod:`~a2a.identity.strict_json`, :mod:`~a2a.identity.jcs`:
  strict encodings and RFC 8785 canonical JSON;
* :mod:`~a2a.identity.jwk`, :mod:`~a2a.identity.keyfile`: Ed25519 / P-256 keys,
  JWKS, RFC 7638 thumbprints, private key files (0600, optional encryption);
* :mod:`~a2a.identity.jws`: detached JWS with a strict profile;
* :mod:`~a2a.identity.trust`: trust anchors (pinned keys, same-origin JWKS);
* :mod:`~a2a.identity.card`: A2A §8.4 signed Agent Cards;
* :mod:`~a2a.identity.envelope`, :mod:`~a2a.identity.verifier`,
  :mod:`~a2a.identity.policy`, :mod:`~a2a.identity.replay`: the signed-envelope
  extension (``spec/signed-envelope.md``);
* :mod:`~a2a.identity.httpsig`, :mod:`~a2a.identity.httpauth`: RFC 9421 and our
  Web Bot Auth-compatible request profile.
"""

from a2a.identity.card import (
    VerifiedCard,
    canonical_card,
    sign_card,
    verify_card,
    verify_card_async,
)
from a2a.identity.envelope import (
    SIGNATURES_KEY,
    EnvelopeSigner,
    VerifiedIdentity,
    extension_declaration,
    irt_of,
    kind_of,
    sign_object,
)
from a2a.identity.errors import (
    EXTENSION_URI,
    HTTPSignatureError,
    IdentityError,
    KeyFormatError,
    SignatureError,
    SignatureExpiredError,
    SignatureInvalidError,
    SignatureReplayedError,
    SignatureRequiredError,
)
from a2a.identity.httpauth import RequestPolicy, RequestVerifier, VerifiedRequest, sign_request
from a2a.identity.httpsig import HttpRequest, HttpResponse
from a2a.identity.jwk import (
    PrivateKey,
    PublicKey,
    generate_key,
    jwks_document,
    parse_jwks,
    private_key_from_jwk,
    public_key_from_jwk,
    thumbprint,
)
from a2a.identity.keyfile import read_private_key, write_private_key
from a2a.identity.policy import EnvelopePolicy, PolicySet
from a2a.identity.replay import MemoryReplayCache, ReplayCache
from a2a.identity.trust import FetchedJwks, JwksFetcher, TrustStore
from a2a.identity.verifier import EnvelopeVerifier

__all__ = [
    "EXTENSION_URI",
    "SIGNATURES_KEY",
    "EnvelopePolicy",
    "EnvelopeSigner",
    "EnvelopeVerifier",
    "FetchedJwks",
    "HTTPSignatureError",
    "HttpRequest",
    "HttpResponse",
    "IdentityError",
    "JwksFetcher",
    "KeyFormatError",
    "MemoryReplayCache",
    "PolicySet",
    "PrivateKey",
    "PublicKey",
    "ReplayCache",
    "RequestPolicy",
    "RequestVerifier",
    "SignatureError",
    "SignatureExpiredError",
    "SignatureInvalidError",
    "SignatureReplayedError",
    "SignatureRequiredError",
    "TrustStore",
    "VerifiedCard",
    "VerifiedIdentity",
    "VerifiedRequest",
    "canonical_card",
    "extension_declaration",
    "generate_key",
    "irt_of",
    "jwks_document",
    "kind_of",
    "parse_jwks",
    "private_key_from_jwk",
    "public_key_from_jwk",
    "read_private_key",
    "sign_card",
    "sign_object",
    "sign_request",
    "thumbprint",
    "verify_card",
    "verify_card_async",
    "write_private_key",
]
