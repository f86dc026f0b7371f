"""Issued files in an S3-compatible object store, configured as production configures it
(``S3_*`` variables through ``settings.s3_storage``), against a local S3 server the test
starts: moto's server mode (``moto.server.ThreadedMotoServer``; no real S3 server is
packaged for the machines this runs on). Issue, download, verify by hash, a spreadsheet
waiting for its import — all over HTTP to it; backup and restore are in
``test_backup_object_store``.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3  # type: ignore[import-untyped]
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from moto.server import ThreadedMotoServer

from cloudcabin import storage
from cloudcabin.documents.models import IssuedFile
from cloudcabin.settings import s3_storage
from cloudcabin.shipments.models import Shipment
from conftest import Tenants

KEYS = {"S3_ACCESS_KEY_ID": "cloudcabin-test", "S3_SECRET_ACCESS_KEY": "cloudcabin-secret"}
REGION = "eu-central-1"


@pytest.fixture(scope="module")
def s3_server() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def s3_client(endpoint: str) -> Any:
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=KEYS["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["S3_SECRET_ACCESS_KEY"],
    )


def new_bucket(endpoint: str) -> str:
    name = f"cloudcabin-{secrets.token_hex(4)}"
    client = s3_client(endpoint)
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    return name


def use_bucket(settings: Any, endpoint: str, bucket: str) -> None:
    environ = {"S3_BUCKET": bucket, "S3_ENDPOINT_URL": endpoint, "S3_REGION": REGION}
    environ |= KEYS | {"S3_ADDRESSING_STYLE": "path", "S3_PREFIX": "cabin"}
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage(environ)}


def objects_in(endpoint: str, bucket: str) -> dict[str, bytes]:
    client = s3_client(endpoint)
    listed = client.list_objects_v2(Bucket=bucket).get("Contents", [])
    return {
        item["Key"]: client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
        for item in listed
    }


@pytest.fixture
def bucket(settings: Any, s3_server: str) -> str:
    name = new_bucket(s3_server)
    use_bucket(settings, s3_server, name)
    return name


def test_without_s3_bucket_files_stay_in_the_media_folder() -> None:
    assert s3_storage({}) is None
    assert s3_storage({"S3_BUCKET": "  "}) is None


def test_a_pack_issued_into_the_object_store_downloads_and_verifies_by_hash(
    tenants: Tenants, demo_shipment: Shipment, bucket: str, s3_server: str, media: Path
) -> None:
    api = Client(headers={"X-API-Key": tenants.api_key()})
    issued = api.post(f"/api/v1/documents/shipments/{demo_shipment.pk}/issue")
    assert issued.status_code == 201, issued.content
    files = list(IssuedFile.objects.filter(pack__shipment=demo_shipment))
    stored = objects_in(s3_server, bucket)
    # Every file is in the bucket (under S3_PREFIX), none in the media folder.
    assert sorted(stored) == sorted(f"cabin/{f.file.name}" for f in files)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
    for item in files:
        assert hashlib.sha256(stored[f"cabin/{item.file.name}"]).hexdigest() == item.sha256

    invoice = next(f for f in files if f.kind == "commercial_invoice" and f.format == "pdf")
    download = api.get(
        f"/api/v1/documents/shipments/{demo_shipment.pk}/packs/1/files/commercial_invoice.pdf"
    )
    assert download.status_code == 200
    assert hashlib.sha256(download.content).hexdigest() == invoice.sha256
    # The QR code's page says the downloaded file is the one issued.
    page = Client().post(
        reverse("documents:verify", args=[invoice.short_code]),
        {"file": SimpleUploadedFile("invoice.pdf", download.content)},
    )
    assert page.status_code == 200 and page.context["match"] is True
    zipped = api.get(f"/api/v1/documents/shipments/{demo_shipment.pk}/packs/1/zip")
    assert zipped.status_code == 200 and len(zipped.content) > 1000


def test_an_issued_file_in_the_object_store_is_never_overwritten(bucket: str) -> None:
    storage.save_new("documents/1/2/v1/invoice.pdf", b"issued")
    with pytest.raises(FileExistsError):
        storage.save_new("documents/1/2/v1/invoice.pdf", b"forged")
    assert storage.read("documents/1/2/v1/invoice.pdf") == b"issued"
    assert list(storage.walk("documents")) == ["documents/1/2/v1/invoice.pdf"]


def test_a_spreadsheet_waits_for_its_import_in_the_object_store(
    tenants: Tenants, bucket: str, s3_server: str
) -> None:
    from cloudcabin.shipments.tests.test_views import a_shipment

    shipment = a_shipment(tenants)
    owner = tenants.client_for(tenants.owner)
    content = b"Line,Description,HS code,Quantity\n1,Laptop computers,847130,5\n"
    response = owner.post(
        reverse("shipments:import", args=[shipment.pk]),
        {"file": SimpleUploadedFile("lines.csv", content, content_type="text/csv")},
    )
    assert response.status_code == 302
    [(key, stored)] = objects_in(s3_server, bucket).items()
    assert key.startswith("cabin/imports/") and stored == content
    mapping = owner.get(response["Location"])
    assert mapping.status_code == 200 and mapping.context["sheet"].headers[0] == "Line"
