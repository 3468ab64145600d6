"""Our server with its identity layer: ``uvicorn benchmarks.servers.ours_signed:app``.

The same agent as ``ours``, wrapped by :func:`a2a.server.identity.with_identity`:
it verifies the signed envelope of each sent message against the client key
pinned from ``BENCH_IDENTITY`` (see ``benchmarks/envelopes.py``) and signs
its replies.  Unsigned requests pass through the layer unsigned.
"""

from __future__ import annotations

import json
import os

from a2a.identity import TrustStore, private_key_from_jwk
from a2a.server import create_app
from a2a.server.identity import ServerIdentity, with_identity
from benchmarks.agents import bench

__all__ = ["app"]

_config = json.loads(os.environ["BENCH_IDENTITY"])
_trust = TrustStore(require_https=False)
_trust.pin(_config["client_issuer"], _config["client_jwks"])
app = with_identity(
    create_app(bench),
    ServerIdentity(key=private_key_from_jwk(_config["server_key"]), trust=_trust),
)
