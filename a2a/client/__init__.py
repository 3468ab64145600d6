"""A2A client: discovery, one transport per binding, and the Client."""
