"""Agent manifests: how an ACP agent describes itself (spec ``AgentManifest``).

The SDK emits ``metadata`` always, with every key (``null`` when unset), and
never emits the spec's ``status``; we do the same and write ``status`` only
when an agent sets it.
"""

from __future__ import annotations

from enum import Enum

from pydantic import Field

from acp.types._base import ACPModel, OpenModel, Timestamp

__all__ = [
    "AgentManifest",
    "Annotations",
    "Author",
    "Capability",
    "Contributor",
    "Dependency",
    "DependencyType",
    "Link",
    "LinkType",
    "Metadata",
    "Status",
]


class Author(ACPModel):
    name: str
    email: str | None = None
    url: str | None = None


class Contributor(ACPModel):
    name: str
    email: str | None = None
    url: str | None = None


class LinkType(str, Enum):
    SOURCE_CODE = "source-code"
    CONTAINER_IMAGE = "container-image"
    HOMEPAGE = "homepage"
    DOCUMENTATION = "documentation"


class Link(ACPModel):
    type: LinkType
    url: str


class DependencyType(str, Enum):
    AGENT = "agent"
    TOOL = "tool"
    MODEL = "model"


class Dependency(ACPModel):
    """A dependency of the agent (marked experimental in the spec)."""

    type: DependencyType
    name: str


class Capability(ACPModel):
    name: str
    description: str


class Annotations(OpenModel):
    """Free-form annotations; BeeAI's ``beeai_ui`` is kept as an open object."""


class Metadata(OpenModel):
    """Optional descriptive metadata; unknown keys (e.g. BeeAI's ``env``) are kept."""

    annotations: Annotations | None = None
    documentation: str | None = None
    license: str | None = None
    programming_language: str | None = None
    natural_languages: list[str] | None = None
    framework: str | None = None
    capabilities: list[Capability] | None = None
    domains: list[str] | None = None
    tags: list[str] | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None
    author: Author | None = None
    contributors: list[Contributor] | None = None
    links: list[Link] | None = None
    dependencies: list[Dependency] | None = None
    recommended_models: list[str] | None = None


class Status(ACPModel):
    """Run statistics (spec only; the SDK has no such field)."""

    avg_run_tokens: float | None = None
    avg_run_time_seconds: float | None = None
    success_rate: float | None = Field(default=None, ge=0, le=100)


def _none(value: object) -> bool:
    return value is None


class AgentManifest(ACPModel):
    """What ``GET /agents`` lists and ``GET /agents/{name}`` returns."""

    name: str
    description: str | None = None
    metadata: Metadata = Field(default_factory=Metadata)
    input_content_types: list[str] = Field(default_factory=lambda: ["*/*"])
    output_content_types: list[str] = Field(default_factory=lambda: ["*/*"])
    status: Status | None = Field(default=None, exclude_if=_none)
