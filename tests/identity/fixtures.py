"""Deterministic keys and identities shared by the identity tests and the vector generator.

Ed25519 keys come from fixed seeds, so every Ed25519 signature in the vectors
is byte-stable (RFC 8032 signatures are deterministic).
"""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from a2a.identity.b64 import b64url_encode
from a2a.identity.envelope import EXTENSION_URI
from a2a.identity.jwk import PrivateKey, private_key_from_jwk

__all__ = [
    "ALICE",
    "ALICE_ISS",
    "BOB",
    "BOB_ISS",
    "CAROL",
    "CAROL_ISS",
    "MALLORY",
    "MALLORY_ISS",
    "NOW",
    "ed25519_key",
    "p256_key",
]

NOW = 1795561200  # 2026-11-26T00:00:00Z, the fixed "now" of every vector
ALICE_ISS = "https://alice.example/.well-known/agent-card.json"
BOB_ISS = "https://bob.example/.well-known/agent-card.json"
CAROL_ISS = "https://carol.example/.well-known/agent-card.json"
MALLORY_ISS = "https://mallory.example/.well-known/agent-card.json"


def ed25519_key(name: str) -> PrivateKey:
    """The Ed25519 key whose seed is SHA-256(name)."""
    seed = hashlib.sha256(name.encode()).digest()
    public = ed25519.Ed25519PrivateKey.from_private_bytes(seed).public_key()
    x = public.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return private_key_from_jwk(
        {"kty": "OKP", "crv": "Ed25519", "d": b64url_encode(seed), "x": b64url_encode(x)}
    )


def p256_key(name: str) -> PrivateKey:
    """The P-256 key whose scalar is SHA-256(name) reduced into the group."""
    order = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
    scalar = int.from_bytes(hashlib.sha256(name.encode()).digest(), "big") % (order - 1) + 1
    numbers = ec.derive_private_key(scalar, ec.SECP256R1()).public_key().public_numbers()
    return private_key_from_jwk(
        {
            "kty": "EC",
            "crv": "P-256",
            "d": b64url_encode(scalar.to_bytes(32, "big")),
            "x": b64url_encode(numbers.x.to_bytes(32, "big")),
            "y": b64url_encode(numbers.y.to_bytes(32, "big")),
        }
    )


ALICE = ed25519_key("alice")
BOB = ed25519_key("bob")
MALLORY = ed25519_key("mallory")
CAROL = p256_key("carol")
assert EXTENSION_URI.startswith("https://")
