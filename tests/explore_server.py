"""The live explorer on a loopback port for the browser tests: policykg.explore_live.local_server."""

from __future__ import annotations

from policykg.explore_live import local_server as start

__all__ = ["start"]
