"""Sign or verify an Agent Card with a2a-sdk 1.x's own signing helpers (runs in the peer venv).

Reads a JSON array of requests on stdin and prints the array of results, in order:

* ``{"action": "sign", "card": {...}, "jwk": {private JWK}, "alg": "ES256", "kid": "...",
  "jku": "..." | null}`` -> ``{"card": {...signed card as the SDK serializes it...}}``
* ``{"action": "verify", "card": {...}, "jwk": {public JWK}, "alg": "ES256"}``
  -> ``{"ok": true}`` or ``{"ok": false, "error": "<exception class>"}``
* ``{"action": "canonical", "card": {...}}`` -> ``{"canonical": "<SDK canonical text>"}``
"""

from __future__ import annotations

import json
import sys

from a2a.utils import signing
from google.protobuf.json_format import MessageToDict, ParseDict
from jwt import PyJWK

from a2a.types import AgentCard


def handle(request: dict) -> dict:
    card = ParseDict(request["card"], AgentCard(), ignore_unknown_fields=True)
    action = request["action"]
    if action == "canonical":
        return {"canonical": signing._canonicalize_agent_card(card)}
    key = PyJWK(request["jwk"], algorithm=request["alg"])
    if action == "sign":
        header = {"alg": request["alg"], "kid": request["kid"], "jku": request.get("jku"),
                  "typ": "JOSE"}  # fmt: skip
        signer = signing.create_agent_card_signer(key, header)
        return {"card": MessageToDict(signer(card))}
    verifier = signing.create_signature_verifier(lambda kid, jku: key, [request["alg"]])
    try:
        verifier(card)
    except signing.SignatureVerificationError as exc:
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True}


def main() -> None:
    print(json.dumps([handle(request) for request in json.load(sys.stdin)]))


if __name__ == "__main__":
    main()
