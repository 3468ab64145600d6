"""The checks, one module per area; importing this package registers them all."""

from a2a.conformance.checks import (
    auth,
    bindings,
    card,
    core,
    datamodel,
    envelope,
    listing,
    negotiation,
    push,
    streaming,
)

__all__ = [
    "auth",
    "bindings",
    "card",
    "core",
    "datamodel",
    "envelope",
    "listing",
    "negotiation",
    "push",
    "streaming",
]
