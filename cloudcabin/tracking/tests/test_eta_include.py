"""The estimate's include shows a range and what it rests on."""

from __future__ import annotations

from datetime import UTC, datetime

from django.template.loader import render_to_string
from django.utils import translation

from cloudcabin.tracking.models import ContainerEta


def estimate(method: str, observations: int) -> ContainerEta:
    return ContainerEta(
        target="destination",
        p10=datetime(2026, 12, 7, 20, 37, tzinfo=UTC),
        p50=datetime(2026, 12, 9, 13, 1, tzinfo=UTC),
        p90=datetime(2026, 12, 17, 10, 44, tzinfo=UTC),
        observations=observations,
        method=method,
    )


def test_an_observed_estimate_reads_as_a_range_based_on_past_trips():
    with translation.override("en"):
        html = render_to_string("tracking/_eta.html", {"eta": estimate("observed", 60)})
    text = " ".join(html.split())
    assert "between 2026-12-07 20:37 and 2026-12-17 10:44 UTC, most likely 2026-12-09 13:01" in text
    assert "based on 60 past trips" in text


def test_a_fallback_estimate_says_it_rests_on_the_networks_times():
    with translation.override("en"):
        html = render_to_string("tracking/_eta.html", {"eta": estimate("network", 7)})
    assert "from the network's transit times" in html.replace("&#x27;", "'")


def test_no_estimate_shows_nothing():
    assert render_to_string("tracking/_eta.html", {"eta": None}).strip() == ""
