"""The A2A reference server: an ASGI application for one agent."""
