"""The fixtures most shipment tests share: the owner's client and a shipment with a line
and a container (``test_views.a_shipment``). A module that needs another defines its own."""

from __future__ import annotations

import pytest
from django.test import Client

from cloudcabin.shipments.models import Shipment
from cloudcabin.shipments.tests.test_views import a_shipment
from conftest import Tenants


@pytest.fixture
def shipment(tenants: Tenants) -> Shipment:
    return a_shipment(tenants)


@pytest.fixture
def owner(tenants: Tenants) -> Client:
    return tenants.client_for(tenants.owner)
