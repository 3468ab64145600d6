"""Bridges: ACP agents served as A2A agents (:mod:`acp.bridge.to_a2a`), and an A2A agent
served as an ACP agent (:mod:`acp.bridge.from_a2a`)."""

from acp.bridge.from_a2a import remote_agent
from acp.bridge.to_a2a import ACPRemoteAgent, BridgeApp, create_bridge_app, discover

__all__ = ["ACPRemoteAgent", "BridgeApp", "create_bridge_app", "discover", "remote_agent"]
