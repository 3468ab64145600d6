"""The Agent Communication Protocol (BeeAI ACP REST API): models, server, client and bridge."""
