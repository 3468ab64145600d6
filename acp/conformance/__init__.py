"""A black-box conformance suite for ACP (BeeAI Agent Communication Protocol) servers.

::

    from acp.conformance import SuiteOptions, run_acp_suite

    report = await run_acp_suite(SuiteOptions("http://localhost:8001"))

From the shell: ``acp conformance URL [--agent NAME]``.  The requirement
table is :data:`ACP_REQUIREMENTS`; checks, reports and the behaviour
convention are shared with the A2A suite (:mod:`a2a.conformance`), and the
suite never imports the ACP server.
"""

from acp.conformance.checks import ACP
from acp.conformance.context import SuiteOptions
from acp.conformance.requirements import ACP_REQUIREMENTS
from acp.conformance.runner import run_acp_suite

__all__ = ["ACP", "ACP_REQUIREMENTS", "SuiteOptions", "run_acp_suite"]
