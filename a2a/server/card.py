"""The Agent Card a server publishes, built from the agent's info and what the server serves."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from a2a.agent import AgentInfo
from a2a.compat.v03_card import hybrid_card
from a2a.server.auth import Authenticator
from a2a.types import (
    AgentCapabilities,
    AgentCard,
    AgentInterface,
    SecurityRequirement,
    StringList,
)

__all__ = ["CardDocument", "build_card"]


def build_card(
    info: AgentInfo,
    interfaces: Sequence[AgentInterface],
    *,
    authenticators: Sequence[Authenticator] = (),
    extended_card: bool = False,
) -> AgentCard:
    """The public card: every served interface, preferred first (A2A §8.3).

    Each authenticator becomes a scheme and its own requirement, so any one of
    them is enough (requirements are alternatives).
    """
    schemes = {a.scheme_name: a.security_scheme() for a in authenticators}
    return AgentCard(
        name=info.name,
        description=info.description,
        supported_interfaces=list(interfaces),
        provider=info.provider,
        version=info.version,
        documentation_url=info.documentation_url,
        capabilities=AgentCapabilities(
            streaming=info.streaming,
            push_notifications=info.push_notifications,
            extensions=list(info.extensions),
            extended_agent_card=True if extended_card else None,
        ),
        security_schemes=schemes,
        security_requirements=[
            SecurityRequirement(schemes={name: StringList()}) for name in schemes
        ],
        default_input_modes=list(info.input_modes),
        default_output_modes=list(info.output_modes),
        skills=list(info.skills),
        icon_url=info.icon_url,
    )


class CardDocument:
    """A card serialized once, with its HTTP validator (``ETag``)."""

    __slots__ = ("body", "card", "etag")

    def __init__(self, card: AgentCard, *, legacy_fields: bool = False) -> None:
        self.card = card
        if legacy_fields:
            # 0.3 clients read the same document: merge their fields in (A2A notes §5.2).
            hybrid = hybrid_card(card)
            self.body = json.dumps(hybrid, ensure_ascii=False, separators=(",", ":")).encode()
        else:
            self.body = card.to_json()
        self.etag = '"' + hashlib.sha256(self.body).hexdigest()[:32] + '"'
