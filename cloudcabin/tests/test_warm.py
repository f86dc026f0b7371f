"""A gunicorn worker loads what it keeps before its first request (``cloudcabin.warm``)."""

from __future__ import annotations

import gc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cloudcabin import warm
from cloudcabin.compliance.goods import selectors as goods
from cloudcabin.network import selectors as network
from cloudcabin.reference import codes

pytestmark = pytest.mark.django_db


def test_a_warmed_worker_keeps_its_table_copies_and_freezes_them() -> None:
    codes._cache.clear()
    goods._rules.clear()
    network._cached = None
    gc.unfreeze()
    warm.warm_worker()
    try:
        assert gc.get_freeze_count() > 100_000
        with CaptureQueriesContext(connection) as queries:
            codes.rows()
            goods.all_rules()
            network.current_network()
        # Only the tables' states (row count, latest change) are read: no row.
        assert queries.captured_queries
        assert all("COUNT(" in query["sql"] for query in queries.captured_queries)
    finally:
        gc.unfreeze()


def test_a_worker_still_starts_when_something_cannot_be_loaded(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise RuntimeError("a template that does not compile")

    monkeypatch.setattr(warm, "_compile_templates", broken)
    gc.unfreeze()
    try:
        warm.warm_worker()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    # The step that failed is named in the warning; the rest was loaded and frozen.
    assert "broken not loaded at start" in caplog.text
