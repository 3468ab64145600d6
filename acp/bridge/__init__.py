"""Bridges between ACP and A2A: ACP agents served as A2A agents (:mod:`acp.bridge.to_a2a`)."""

from acp.bridge.to_a2a import ACPRemoteAgent, BridgeApp, create_bridge_app, discover

__all__ = ["ACPRemoteAgent", "BridgeApp", "create_bridge_app", "discover"]
