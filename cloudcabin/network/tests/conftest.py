"""The seeded network for tests: loaded from the real data files (no reference data needed)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from cloudcabin.network.loading import load_network_data


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    """Rate-limit counters live in the cache, which outlives a test's transaction."""
    cache.clear()


@pytest.fixture
def network(db: None) -> None:
    load_network_data(force=True)
