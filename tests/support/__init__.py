"""Shared test helpers: live servers on loopback, webhook receivers, small agents."""
