"""Agent Cards: how an agent describes itself (A2A §4.4)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, SerializationInfo, SerializerFunctionWrapHandler, model_serializer

from a2a.types._base import REQUIRED, A2AModel
from a2a.types.security import SecurityRequirement, SecurityScheme

__all__ = [
    "AgentCapabilities",
    "AgentCard",
    "AgentCardSignature",
    "AgentExtension",
    "AgentInterface",
    "AgentProvider",
    "AgentSkill",
    "ProtocolBinding",
]


class ProtocolBinding:
    """The core values of ``AgentInterface.protocol_binding`` (an open string)."""

    JSONRPC = "JSONRPC"
    HTTP_JSON = "HTTP+JSON"
    GRPC = "GRPC"


class AgentInterface(A2AModel):
    """One URL where the agent speaks one binding at one protocol version."""

    url: Annotated[str, REQUIRED] = ""
    protocol_binding: Annotated[str, REQUIRED] = ""
    tenant: str = ""
    protocol_version: Annotated[str, REQUIRED] = ""


class AgentProvider(A2AModel):
    url: Annotated[str, REQUIRED] = ""
    organization: Annotated[str, REQUIRED] = ""


class AgentExtension(A2AModel):
    """A protocol extension the agent supports; ``required`` ones must be requested."""

    uri: str = ""
    description: str = ""
    required: bool = False
    params: dict[str, Any] | None = None


class AgentCapabilities(A2AModel):
    """Optional features; an unset flag means the feature is absent."""

    streaming: bool | None = None
    push_notifications: bool | None = None
    extensions: list[AgentExtension] = Field(default_factory=list)
    extended_agent_card: bool | None = None


class AgentSkill(A2AModel):
    id: Annotated[str, REQUIRED] = ""
    name: Annotated[str, REQUIRED] = ""
    description: Annotated[str, REQUIRED] = ""
    tags: Annotated[list[str], REQUIRED] = Field(default_factory=list)
    examples: list[str] = Field(default_factory=list)
    input_modes: list[str] = Field(default_factory=list)
    output_modes: list[str] = Field(default_factory=list)
    security_requirements: list[SecurityRequirement] = Field(default_factory=list)


class AgentCardSignature(A2AModel):
    """A JWS over the canonical card (RFC 7515 flattened form, detached payload)."""

    protected: Annotated[str, REQUIRED] = ""
    signature: Annotated[str, REQUIRED] = ""
    header: dict[str, Any] | None = None


class AgentCard(A2AModel):
    """The self-description an agent publishes at ``/.well-known/agent-card.json``."""

    name: Annotated[str, REQUIRED] = ""
    description: Annotated[str, REQUIRED] = ""
    supported_interfaces: Annotated[list[AgentInterface], REQUIRED] = Field(default_factory=list)
    provider: AgentProvider | None = None
    version: Annotated[str, REQUIRED] = ""
    documentation_url: str | None = None
    capabilities: Annotated[AgentCapabilities, REQUIRED] = Field(default_factory=AgentCapabilities)
    security_schemes: dict[str, SecurityScheme] = Field(default_factory=dict)
    security_requirements: list[SecurityRequirement] = Field(default_factory=list)
    default_input_modes: Annotated[list[str], REQUIRED] = Field(default_factory=list)
    default_output_modes: Annotated[list[str], REQUIRED] = Field(default_factory=list)
    # REQUIRED in the proto, but an agent with no declared skill is legal (§11 #10).
    skills: list[AgentSkill] = Field(default_factory=list)
    signatures: list[AgentCardSignature] = Field(default_factory=list)
    icon_url: str | None = None

    @model_serializer(mode="wrap")
    def _keep_capabilities(
        self, handler: SerializerFunctionWrapHandler, info: SerializationInfo
    ) -> dict[str, Any]:
        # A required message field: emitted even when it holds no flag (``{}``).
        data: dict[str, Any] = handler(self)
        data.setdefault("capabilities", {})
        return data
