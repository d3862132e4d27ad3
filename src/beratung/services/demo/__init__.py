"""The demo data set (``beratung demo``): the scenario of press release P 309/2017.

The rules and the story are described in :mod:`beratung.services.demo.builder`.
"""

from __future__ import annotations

from beratung.services.demo.builder import (
    DEMO_CREATED_META_KEY,
    DemoService,
    DemoSummary,
    ascii_fold,
)

__all__ = ["DEMO_CREATED_META_KEY", "DemoService", "DemoSummary", "ascii_fold"]
