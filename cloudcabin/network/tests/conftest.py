"""The seeded network for tests: loaded from the real data files (no reference data needed)."""

from __future__ import annotations

import pytest

from cloudcabin.network.loading import load_network_data

# Rate-limit counters live in the database cache, so each test's rollback clears them.


@pytest.fixture
def network(db: None) -> None:
    load_network_data(force=True)
