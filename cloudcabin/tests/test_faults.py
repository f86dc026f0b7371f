"""Storage faults answer 503 (the error shape for the API, a plain page else) and roll back;
/healthz tells which part is failing."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.test import Client
from django.urls import reverse

from cloudcabin.accounts.models import ApiKey
from cloudcabin.shipments.models import Party
from conftest import PASSWORD, Tenants

MANIFEST_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@contextmanager
def read_only_database() -> Iterator[None]:
    """The database refuses every write, as a read-only file or a hot standby does."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA query_only = ON")
        else:
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA query_only = OFF")
            else:
                cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE")


def _refuse_to_write(*args: object, **kwargs: object) -> None:
    raise PermissionError(errno.EACCES, "Permission denied")


@pytest.mark.django_db(transaction=True)
def test_an_api_write_to_a_read_only_database_is_a_503_in_the_error_shape(tenants: Tenants):
    client = Client(headers={"X-API-Key": tenants.api_key()})
    party = {"name_latin": "Rhine Rail Import GmbH", "country": "DE"}
    with read_only_database():
        response = client.post("/api/v1/shipments/parties", party, content_type="application/json")
        # Reads still work, though the key's last use cannot be recorded.
        assert client.get("/api/v1/shipments/parties").status_code == 200
    assert response.status_code == 503
    assert response["Retry-After"]
    assert [e["code"] for e in response.json()["errors"]] == ["SERVICE_UNAVAILABLE"]
    assert not Party.objects.exists()
    assert (
        client.post("/api/v1/shipments/parties", party, content_type="application/json").status_code
        == 201
    )


@pytest.mark.django_db(transaction=True)
def test_a_page_write_to_a_read_only_database_is_a_plain_503_page(tenants: Tenants):
    client = tenants.client_for(tenants.owner)
    with read_only_database():
        response = client.post(reverse("accounts:api_keys"), {"name": "ERP", "access": "read_only"})
    assert response.status_code == 503
    assert "Temporarily unavailable" in response.content.decode()
    assert not ApiKey.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_signing_in_to_a_read_only_database_is_a_503_not_a_500(tenants: Tenants):
    client = Client(raise_request_exception=False)
    with read_only_database():
        response = client.post(
            reverse("accounts:login"), {"username": tenants.owner.email, "password": PASSWORD}
        )
    assert response.status_code == 503
    assert "Temporarily unavailable" in response.content.decode()


def test_an_upload_to_an_unwritable_media_folder_is_a_503(
    tenants: Tenants, settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from cloudcabin.shipments.tests.test_views import a_shipment

    settings.MEDIA_ROOT = tmp_path
    shipment = a_shipment(tenants)
    monkeypatch.setattr(FileSystemStorage, "_save", _refuse_to_write)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = tenants.client_for(tenants.owner).post(
        reverse("shipments:import", args=[shipment.pk]),
        {"file": SimpleUploadedFile("lines.csv", b"Line,HS code\n1,847130\n", "text/csv")},
    )
    assert response.status_code == 503
    assert "Temporarily unavailable" in response.content.decode()


def test_a_page_without_the_static_manifest_is_a_503_not_a_500(db, settings, tmp_path):
    settings.STORAGES = MANIFEST_STORAGES
    settings.STATIC_ROOT = tmp_path  # `collectstatic` never ran: no manifest
    response = Client(raise_request_exception=False).get(reverse("accounts:login"))
    assert response.status_code == 503
    assert "Temporarily unavailable" in response.content.decode()


def test_healthz_is_ok_when_the_database_media_and_static_files_are(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    response = Client().get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "up"
    assert body["media"]["status"] == "writable"
    assert list((tmp_path / "media").iterdir()) == []  # the probe file is gone


@pytest.mark.django_db(transaction=True)
def test_healthz_answers_503_when_the_database_cannot_be_written(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with read_only_database():
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"]["status"] == "down"


def test_healthz_answers_503_when_the_media_folder_is_not_writable(
    db, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(FileSystemStorage, "_save", _refuse_to_write)
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["media"]["status"] == "not writable"
    assert response.json()["database"]["status"] == "up"


def test_healthz_answers_503_when_the_static_manifest_is_missing(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = MANIFEST_STORAGES
    settings.STATIC_ROOT = tmp_path / "static"
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert "collectstatic" in response.json()["static"]["status"]
