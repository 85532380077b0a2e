"""Screening: every item checked against the discussion rules (D1–D8, G1, S1).

Pure Python with no Django import, so that it is fast, testable alone and benchmarked
on its own (`make bench-screening`). The entry point is `screen(text, context)`.
"""

from somevakt.screening.engine import Screener, default_screener, screen
from somevakt.screening.types import Context, Finding, Screening, Severity

__all__ = ["Context", "Finding", "Screener", "Screening", "Severity", "default_screener", "screen"]
