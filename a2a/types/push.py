"""Push notification configuration (A2A §4.3)."""

from __future__ import annotations

from typing import Annotated

from a2a.types._base import REQUIRED, A2AModel

__all__ = ["AuthenticationInfo", "TaskPushNotificationConfig"]


class AuthenticationInfo(A2AModel):
    """What the agent puts in ``Authorization`` when it calls the webhook."""

    scheme: Annotated[str, REQUIRED] = ""
    credentials: str = ""


class TaskPushNotificationConfig(A2AModel):
    """A webhook that receives a task's updates."""

    tenant: str = ""
    id: str = ""
    task_id: str = ""
    url: Annotated[str, REQUIRED] = ""
    token: str = ""
    authentication: AuthenticationInfo | None = None
