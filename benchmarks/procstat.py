"""A process's own counters from ``/proc`` (Linux): CPU time and resident memory.

CPU time is the steadiest figure on a noisy machine: what the server process
itself burned, whatever else the machine did meanwhile.  ``utime + stime``
of ``/proc/<pid>/stat`` include every thread of the process, including the
ones that already ended.
"""

from __future__ import annotations

import os

__all__ = ["cpu_seconds", "cpu_times", "memory_kib", "raise_open_files_limit"]

_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_times(pid: int) -> tuple[float, float]:
    """User and system (kernel) CPU time the process has used so far, in seconds."""
    with open(f"/proc/{pid}/stat", "rb") as stat:
        raw = stat.read()
    # The command name (field 2) may hold spaces; count fields after its ')'.
    fields = raw[raw.rindex(b")") + 2 :].split()
    return int(fields[11]) / _TICKS, int(fields[12]) / _TICKS  # fields 14 and 15 of proc(5)


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process has used so far, in seconds."""
    user, system = cpu_times(pid)
    return user + system


def memory_kib(pid: int) -> dict[str, int]:
    """``VmRSS`` (resident now) and ``VmHWM`` (peak resident) of the process, in KiB."""
    found: dict[str, int] = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                found[name] = int(value.split()[0])
    return found


def raise_open_files_limit(wanted: int) -> int:
    """Raise this process's soft limit of open files towards ``wanted``; the new soft limit.

    Child processes inherit it, so the servers started afterwards get it too.
    """
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        soft = target
    return int(soft)
