"""The documents API: checks, preview, issue, packs, files, zip, and public verification."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

from django.test import Client

from cloudcabin.api.main import api
from cloudcabin.documents.models import DocumentPack, IssuedFile, PackStatus
from cloudcabin.shipments import services as shipment_services
from cloudcabin.shipments.models import Shipment
from conftest import Tenants

BASE = "/api/v1/documents"


def _client(tenants: Tenants, user: Any = None, access: str = "read_write") -> Client:
    return Client(headers={"X-API-Key": tenants.api_key(user or tenants.owner, access)})


def _issue(client: Client, shipment: Shipment) -> dict[str, Any]:
    response = client.post(f"{BASE}/shipments/{shipment.pk}/issue")
    assert response.status_code == 201, response.content
    body: dict[str, Any] = response.json()
    return body


def _file(pack: dict[str, Any], kind: str, fmt: str = "pdf") -> dict[str, Any]:
    found: dict[str, Any] = next(
        f for f in pack["files"] if (f["kind"], f["format"]) == (kind, fmt)
    )
    return found


def _stored_files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def test_checks_list_the_rule_and_the_cross_document_findings(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    client = _client(tenants)
    clean = client.get(f"{BASE}/shipments/{demo_shipment.pk}/checks")
    assert clean.status_code == 200
    assert clean.json()["errors"] == 0
    assert set(clean.json()) == {
        "errors",
        "warnings",
        "rules",
        "documents",
        "holds",
        "declarations",
    }
    assert clean.json()["declarations"] == [{"part": 1, "items": 2, "lines": "1–2"}]

    shipment_services.update_shipment(
        actor=tenants.actor(tenants.owner), shipment_id=demo_shipment.pk, declared_packages=99
    )
    body = client.get(f"{BASE}/shipments/{demo_shipment.pk}/checks").json()
    assert body["errors"] >= 1
    assert "TOTAL_PACKAGES_MISMATCH" in {p["code"] for p in body["rules"]}
    assert set(body["rules"][0]) == {"code", "severity", "path", "message"}


def test_a_preview_lists_files_with_sizes_and_no_content_and_stores_nothing(
    tenants: Tenants, demo_shipment: Shipment, media: Path
) -> None:
    client = _client(tenants)
    response = client.post(f"{BASE}/shipments/{demo_shipment.pk}/preview")
    assert response.status_code == 200
    files = response.json()["files"]
    invoice = next(f for f in files if f["kind"] == "commercial_invoice")
    assert set(invoice) == {"kind", "format", "filename", "media_type", "size", "url"}
    assert invoice["size"] > 1000
    assert invoice["url"] == f"{BASE}/shipments/{demo_shipment.pk}/preview/commercial_invoice.pdf"

    pdf = client.get(invoice["url"])
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert not DocumentPack.objects.exists()
    assert _stored_files(media) == []


def test_issue_answers_201_with_the_files_hashes_codes_and_links(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    client = tenants.client_for(tenants.owner)  # the session: the pack names the person
    pack = _issue(client, demo_shipment)
    assert (pack["version"], pack["status"]) == (1, "issued")
    assert pack["issued_by"] == tenants.owner.email
    invoice = _file(pack, "commercial_invoice")
    stored = IssuedFile.objects.get(short_code=invoice["short_code"])
    assert invoice["sha256"] == stored.sha256
    assert invoice["verify_url"].endswith(f"/documents/verify/{stored.short_code}/")

    download = client.get(invoice["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert hashlib.sha256(download.content).hexdigest() == stored.sha256

    archive = client.get(pack["zip_url"])
    assert archive["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(archive.content)) as opened:
        assert len(opened.namelist()) == len(pack["files"])


def test_issue_with_a_blocking_error_answers_409_with_every_finding_and_stores_nothing(
    tenants: Tenants, demo_shipment: Shipment, media: Path
) -> None:
    shipment_services.update_shipment(
        actor=tenants.actor(tenants.owner), shipment_id=demo_shipment.pk, declared_packages=99
    )
    response = _client(tenants).post(f"{BASE}/shipments/{demo_shipment.pk}/issue")
    assert response.status_code == 409
    codes = [p["code"] for p in response.json()["errors"]]
    assert codes[0] == "DOCUMENTS_BLOCKED"
    assert "TOTAL_PACKAGES_MISMATCH" in codes
    assert not DocumentPack.objects.exists()
    assert _stored_files(media) == []


def test_a_second_issue_supersedes_the_first_which_keeps_its_files_and_hashes(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    client = _client(tenants)
    first = _issue(client, demo_shipment)
    shipment_services.update_shipment(
        actor=tenants.actor(tenants.owner), shipment_id=demo_shipment.pk, contract_number="C-2"
    )
    second = _issue(client, demo_shipment)
    assert second["version"] == 2
    assert second["revision"] > first["revision"]

    packs = client.get(f"{BASE}/shipments/{demo_shipment.pk}/packs").json()
    assert [(p["version"], p["status"]) for p in packs] == [(2, "issued"), (1, "superseded")]
    again = client.get(f"{BASE}/shipments/{demo_shipment.pk}/packs/1").json()
    assert again["files"] == first["files"]
    old = client.get(_file(first, "commercial_invoice")["download_url"])
    assert hashlib.sha256(old.content).hexdigest() == _file(first, "commercial_invoice")["sha256"]


def test_no_endpoint_changes_or_deletes_an_issued_pack() -> None:
    # Read from the API's document, so that the sub-routers joined to documents' count too.
    paths = api.get_openapi_schema()["paths"]
    writes = {
        (path.removeprefix(BASE), method.upper())
        for path, operations in paths.items()
        if path.startswith(f"{BASE}/")
        for method in operations
        if method != "get"
    }
    assert writes == {
        ("/shipments/{shipment_id}/preview", "POST"),
        ("/shipments/{shipment_id}/issue", "POST"),
        ("/verify/{short_code}", "POST"),
        # Origin data of a goods line: read when a pack is issued, never part of one.
        ("/shipments/{shipment_id}/origin/lines/{line_no}", "PUT"),
    }


def test_an_unknown_version_or_file_is_a_404(tenants: Tenants, demo_shipment: Shipment) -> None:
    client = _client(tenants)
    _issue(client, demo_shipment)
    for url in (
        f"{BASE}/shipments/{demo_shipment.pk}/packs/7",
        f"{BASE}/shipments/{demo_shipment.pk}/packs/7/zip",
        f"{BASE}/shipments/{demo_shipment.pk}/packs/1/files/commercial_invoice.docx",
        f"{BASE}/shipments/{demo_shipment.pk}/preview/nothing.pdf",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["errors"][0]["code"] == "NOT_FOUND"


def test_a_read_only_key_or_colleague_reads_everything_but_issue_is_403_and_stores_nothing(
    tenants: Tenants, demo_shipment: Shipment, media: Path
) -> None:
    for client in (
        _client(tenants, access="read_only"),
        tenants.client_for(tenants.colleague),
    ):
        for url in (
            f"{BASE}/shipments/{demo_shipment.pk}/checks",
            f"{BASE}/shipments/{demo_shipment.pk}/packs",
        ):
            assert client.get(url).status_code == 200
        response = client.post(f"{BASE}/shipments/{demo_shipment.pk}/issue")
        assert response.status_code == 403
        assert response.json()["errors"][0]["code"] == "PERMISSION_DENIED"
    assert not DocumentPack.objects.exists()
    assert _stored_files(media) == []


def test_verify_is_public_and_tells_kind_version_status_time_and_issuer_only(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    pack = _issue(_client(tenants), demo_shipment)
    invoice = _file(pack, "commercial_invoice")
    response = Client().get(f"{BASE}/verify/{invoice['short_code']}")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"kind", "format", "version", "status", "issued_at", "issuer"}
    assert (body["kind"], body["version"], body["status"]) == ("commercial_invoice", 1, "issued")
    assert body["issuer"] == tenants.org.name_en
    assert demo_shipment.reference not in response.content.decode()


def test_verify_says_whether_an_uploaded_file_is_the_issued_one(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    client = _client(tenants)
    pack = _issue(client, demo_shipment)
    invoice = _file(pack, "commercial_invoice")
    content = client.get(invoice["download_url"]).content
    url = f"{BASE}/verify/{invoice['short_code']}"
    public = Client()
    assert public.post(url, {"file": io.BytesIO(content)}).json() == {"match": True}
    assert public.post(url, {"file": io.BytesIO(content + b"\n")}).json() == {"match": False}
    missing = public.post(url)
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["code"] == "VERIFY_FILE_REQUIRED"


def test_verify_of_an_unknown_code_is_a_404(db: None) -> None:
    response = Client().get(f"{BASE}/verify/ZZZZZZZZZZ")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "NOT_FOUND"


def test_the_pack_list_takes_a_fixed_number_of_queries(
    tenants: Tenants, demo_shipment: Shipment, django_assert_max_num_queries: Any
) -> None:
    client = _client(tenants)
    _issue(client, demo_shipment)
    shipment_services.update_shipment(
        actor=tenants.actor(tenants.owner), shipment_id=demo_shipment.pk, contract_number="C-3"
    )
    _issue(client, demo_shipment)
    assert DocumentPack.objects.filter(status=PackStatus.ISSUED).count() == 1
    with django_assert_max_num_queries(12):
        assert len(client.get(f"{BASE}/shipments/{demo_shipment.pk}/packs").json()) == 2
