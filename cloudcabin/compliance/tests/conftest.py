"""Fixtures the screening tests share with the bookings and documents tests."""

from cloudcabin.bookings.tests.conftest import schedule  # noqa: F401
from cloudcabin.documents.tests.conftest import demo_shipment, media  # noqa: F401
from cloudcabin.reference.tests.conftest import reference_data, reference_subset_dir  # noqa: F401
