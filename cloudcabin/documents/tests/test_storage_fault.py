"""Issuing into a media folder the server cannot write is a 503, and leaves no pack."""

from __future__ import annotations

import errno

from django.core.files.storage import FileSystemStorage
from django.test import Client

from cloudcabin.documents.models import DocumentPack, IssuedFile
from cloudcabin.shipments.models import Shipment
from conftest import Tenants


def test_issuing_into_an_unwritable_media_folder_is_a_503_and_saves_no_pack(
    tenants: Tenants, demo_shipment: Shipment, monkeypatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> str:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(FileSystemStorage, "_save", refuse)
    client = Client(headers={"X-API-Key": tenants.api_key()})
    response = client.post(f"/api/v1/documents/shipments/{demo_shipment.pk}/issue")
    assert response.status_code == 503
    assert [e["code"] for e in response.json()["errors"]] == ["SERVICE_UNAVAILABLE"]
    assert not DocumentPack.objects.exists()
    assert not IssuedFile.objects.exists()
