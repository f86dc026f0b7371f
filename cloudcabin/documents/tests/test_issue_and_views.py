"""The Documents tab: checks, preview, issue, issued versions, downloads, verification."""

from __future__ import annotations

import hashlib
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from cloudcabin.documents.data import PackData
from cloudcabin.documents.kinds import KINDS
from cloudcabin.documents.kinds.base import Facts, Rendered, Stamp
from cloudcabin.documents.models import (
    DocumentEvent,
    DocumentEventKind,
    DocumentPack,
    IssuedFile,
    PackStatus,
)
from cloudcabin.documents.tests.conftest import make_demo_shipment
from cloudcabin.errors import ProblemError, problem
from cloudcabin.shipments import services as shipment_services
from cloudcabin.shipments.models import Shipment
from conftest import Tenants

INVOICE = ("commercial_invoice", "pdf")


def _issue(client: Client, shipment: Shipment) -> int:
    response = client.post(reverse("documents:issue", args=[shipment.pk]))
    assert response.status_code == 302, response.content.decode()[:2000]
    return DocumentPack.objects.filter(shipment=shipment).latest("version").version


def _stored_files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def _page_urls(shipment: Shipment, version: int = 1) -> list[tuple[str, str]]:
    kind, fmt = INVOICE
    return [
        ("get", reverse("documents:shipment", args=[shipment.pk])),
        ("post", reverse("documents:preview", args=[shipment.pk])),
        ("get", reverse("documents:preview_file", args=[shipment.pk, kind, fmt])),
        ("post", reverse("documents:issue", args=[shipment.pk])),
        ("get", reverse("documents:file", args=[shipment.pk, version, kind, fmt])),
        ("get", reverse("documents:zip", args=[shipment.pk, version])),
    ]


# --- the page and its checks -------------------------------------------------------------


def test_the_documents_page_shows_the_checks_and_offers_preview_and_issue(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    response = tenants.client_for(tenants.owner).get(
        reverse("documents:shipment", args=[demo_shipment.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="document-checks"' in html
    assert 'data-testid="checks-ok"' in html
    assert 'data-testid="generate-preview"' in html
    assert 'data-testid="issue"' in html
    assert 'data-testid="no-packs"' in html


def test_the_documents_page_lists_a_shipment_rule_error(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    shipment_services.update_shipment(
        actor=tenants.actor(tenants.owner), shipment_id=demo_shipment.pk, declared_packages=99
    )
    html = (
        tenants.client_for(tenants.owner)
        .get(reverse("documents:shipment", args=[demo_shipment.pk]))
        .content.decode()
    )
    assert 'data-code="TOTAL_PACKAGES_MISMATCH"' in html
    assert "has-errors" in html


def test_a_preview_lists_every_document_with_a_link_and_stores_nothing(
    tenants: Tenants, demo_shipment: Shipment, media: Path
) -> None:
    client = tenants.client_for(tenants.owner)
    response = client.post(
        reverse("documents:preview", args=[demo_shipment.pk]), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="preview"' in html
    link = reverse("documents:preview_file", args=[demo_shipment.pk, *INVOICE])
    assert link in html
    assert reverse("documents:preview_file", args=[demo_shipment.pk, "packing_list", "pdf"]) in html

    pdf = client.get(link)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("inline;")
    assert pdf.content.startswith(b"%PDF")
    assert not DocumentPack.objects.exists()
    assert _stored_files(media) == []


def test_a_preview_of_a_kind_that_does_not_exist_is_a_404(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    response = tenants.client_for(tenants.owner).get(
        reverse("documents:preview_file", args=[demo_shipment.pk, "bill_of_lading", "pdf"])
    )
    assert response.status_code == 404


class UnrenderableKind:
    """A kind whose XML fails its schema, as a real one does on data its XSD refuses."""

    kind = "broken_kind"
    formats: tuple[str, ...] = ("xml",)

    def applies(self, data: PackData) -> bool:
        return True

    def facts(self, data: PackData) -> Facts:
        return Facts(kind=self.kind)

    def render(self, data: PackData, stamps: dict[str, Stamp]) -> list[Rendered]:
        raise ProblemError(problem("XML_INVALID", kind=self.kind, detail="test"))


def test_a_document_that_cannot_be_rendered_is_shown_as_a_finding_not_a_server_error(
    tenants: Tenants, demo_shipment: Shipment, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("cloudcabin.documents.services.KINDS", (*KINDS, UnrenderableKind()))
    client = tenants.client_for(tenants.owner)
    fragment = client.post(reverse("documents:preview", args=[demo_shipment.pk]))
    assert fragment.status_code == 200
    assert 'data-code="XML_INVALID"' in fragment.content.decode()
    invoice = client.get(reverse("documents:preview_file", args=[demo_shipment.pk, *INVOICE]))
    assert invoice.status_code == 200  # the other documents still render
    broken = ("broken_kind", "xml")
    page = client.get(reverse("documents:preview_file", args=[demo_shipment.pk, *broken]))
    assert page.status_code == 409
    assert 'data-code="XML_INVALID"' in page.content.decode()
    refused = client.post(reverse("documents:issue", args=[demo_shipment.pk]))
    assert refused.status_code == 409
    assert 'data-code="XML_INVALID"' in refused.content.decode()
    assert not DocumentPack.objects.exists()


# --- issue and versions ------------------------------------------------------------------


def test_issuing_stores_the_files_records_the_issuer_and_an_event(
    tenants: Tenants, demo_shipment: Shipment, media: Path
) -> None:
    client = tenants.client_for(tenants.owner)
    response = client.post(reverse("documents:issue", args=[demo_shipment.pk]), follow=True)
    html = response.content.decode()
    assert "Version 1 of the documents is issued." in html

    pack = DocumentPack.objects.get(shipment=demo_shipment)
    assert (pack.version, pack.status, pack.issued_by) == (1, PackStatus.ISSUED, tenants.owner)
    event = DocumentEvent.objects.get(pack=pack)
    assert (event.kind, event.actor) == (DocumentEventKind.ISSUED, tenants.owner)
    files = list(pack.files.all())
    assert {(f.kind, f.format) for f in files} >= {INVOICE, ("packing_list", "pdf")}
    for issued in files:
        assert issued.short_code in html
        assert issued.sha256 in html
        assert hashlib.sha256(Path(issued.file.path).read_bytes()).hexdigest() == issued.sha256


def test_a_download_is_the_stored_file_as_an_attachment_of_the_right_type(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    client = tenants.client_for(tenants.owner)
    _issue(client, demo_shipment)
    issued = IssuedFile.objects.get(kind=INVOICE[0], format=INVOICE[1])
    response = client.get(reverse("documents:file", args=[demo_shipment.pk, 1, *INVOICE]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="CC-DOC-1-invoice.pdf"'
    assert hashlib.sha256(response.content).hexdigest() == issued.sha256


def test_download_all_is_a_zip_of_every_file_of_the_version(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    client = tenants.client_for(tenants.owner)
    _issue(client, demo_shipment)
    response = client.get(reverse("documents:zip", args=[demo_shipment.pk, 1]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="cc-doc-1-documents-v1.zip"'
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        hashes = {
            name: hashlib.sha256(archive.read(name)).hexdigest() for name in archive.namelist()
        }
    stored = {f.file.name.rsplit("/", 1)[-1]: f.sha256 for f in IssuedFile.objects.all()}
    assert hashes == stored


def test_reissuing_an_amended_shipment_makes_version_2_and_leaves_version_1_unchanged(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    client = tenants.client_for(tenants.owner)
    _issue(client, demo_shipment)
    first = {(f.kind, f.format): (f.sha256, f.short_code) for f in IssuedFile.objects.all()}
    first_bytes = client.get(reverse("documents:file", args=[demo_shipment.pk, 1, *INVOICE]))

    shipment_services.update_shipment(
        actor=tenants.actor(tenants.owner),
        shipment_id=demo_shipment.pk,
        invoice_number="SRT-2026-118-A",
    )
    assert _issue(client, demo_shipment) == 2

    v1, v2 = DocumentPack.objects.filter(shipment=demo_shipment).order_by("version")
    assert (v1.status, v2.status) == (PackStatus.SUPERSEDED, PackStatus.ISSUED)
    assert v2.revision.number > v1.revision.number
    assert {(f.kind, f.format): (f.sha256, f.short_code) for f in v1.files.all()} == first
    assert DocumentEvent.objects.filter(pack=v1, kind=DocumentEventKind.SUPERSEDED).exists()
    again = client.get(reverse("documents:file", args=[demo_shipment.pk, 1, *INVOICE]))
    assert again.content == first_bytes.content
    assert hashlib.sha256(again.content).hexdigest() == first[INVOICE][0]
    newer = v2.files.get(kind=INVOICE[0], format=INVOICE[1])
    assert newer.sha256 != first[INVOICE][0]

    html = client.get(reverse("documents:shipment", args=[demo_shipment.pk])).content.decode()
    assert 'data-version="1" data-status="superseded"' in html
    assert 'data-version="2" data-status="issued"' in html


def test_no_page_changes_an_issued_file(tenants: Tenants, demo_shipment: Shipment) -> None:
    client = tenants.client_for(tenants.owner)
    _issue(client, demo_shipment)
    before = list(IssuedFile.objects.values_list("sha256", "short_code", "size"))
    for url in (
        reverse("documents:file", args=[demo_shipment.pk, 1, *INVOICE]),
        reverse("documents:zip", args=[demo_shipment.pk, 1]),
    ):
        for method in (client.post, client.put, client.patch, client.delete):
            assert method(url).status_code == 405
    assert list(IssuedFile.objects.values_list("sha256", "short_code", "size")) == before


def test_a_shipment_with_a_blocking_error_cannot_be_issued_and_nothing_is_stored(
    tenants: Tenants, demo_shipment: Shipment, media: Path
) -> None:
    shipment_services.update_shipment(
        actor=tenants.actor(tenants.owner), shipment_id=demo_shipment.pk, declared_packages=99
    )
    revision_before = Shipment.objects.get(pk=demo_shipment.pk).revision_frozen
    response = tenants.client_for(tenants.owner).post(
        reverse("documents:issue", args=[demo_shipment.pk])
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert 'data-testid="issue-problems"' in html
    assert 'data-code="DOCUMENTS_BLOCKED"' in html
    assert 'data-code="TOTAL_PACKAGES_MISMATCH"' in html
    assert not DocumentPack.objects.exists()
    assert not IssuedFile.objects.exists()
    assert _stored_files(media) == []
    assert Shipment.objects.get(pk=demo_shipment.pk).revision_frozen == revision_before


# --- roles and tenancy -------------------------------------------------------------------


def test_a_read_only_colleague_sees_and_downloads_but_cannot_issue(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    _issue(tenants.client_for(tenants.owner), demo_shipment)
    client = tenants.client_for(tenants.colleague)
    page = client.get(reverse("documents:shipment", args=[demo_shipment.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="issue"' not in html
    assert 'data-testid="pack"' in html
    assert client.get(reverse("documents:zip", args=[demo_shipment.pk, 1])).status_code == 200
    preview = client.post(reverse("documents:preview", args=[demo_shipment.pk]))
    assert preview.status_code == 200

    refused = client.post(reverse("documents:issue", args=[demo_shipment.pk]))
    assert refused.status_code == 403
    assert DocumentPack.objects.count() == 1


def test_a_read_only_colleague_cannot_issue_a_first_version_either(
    tenants: Tenants, demo_shipment: Shipment, media: Path
) -> None:
    refused = tenants.client_for(tenants.colleague).post(
        reverse("documents:issue", args=[demo_shipment.pk])
    )
    assert refused.status_code == 403
    assert not DocumentPack.objects.exists()
    assert _stored_files(media) == []


def test_a_stranger_gets_404_from_every_document_page(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    _issue(tenants.client_for(tenants.owner), demo_shipment)
    client = tenants.client_for(tenants.stranger)
    for method, url in _page_urls(demo_shipment):
        assert getattr(client, method)(url).status_code == 404, url
    assert DocumentPack.objects.count() == 1


def test_signed_out_visitors_are_sent_to_sign_in(tenants: Tenants, demo_shipment: Shipment) -> None:
    client = Client()
    for method, url in _page_urls(demo_shipment):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert reverse("accounts:login") in response["Location"]


# --- public verification -----------------------------------------------------------------


def test_the_verification_page_shows_kind_version_issuer_and_time_and_no_shipment_data(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    _issue(tenants.client_for(tenants.owner), demo_shipment)
    issued = IssuedFile.objects.get(kind=INVOICE[0], format=INVOICE[1])
    response = Client().get(reverse("documents:verify", args=[issued.short_code]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Commercial invoice" in html
    assert 'data-testid="verify-version">1' in html
    assert tenants.org.name_en.replace("'", "&#x27;") in html
    assert issued.pack.issued_at.strftime("%Y-%m-%d %H:%M") in html
    for secret in (
        demo_shipment.reference,
        "SRT-2026-118",
        "Łódź Żeglarska",
        "79990",
        "59830",
        "20160",
        "854143",
        "870830",
        "CSQU3054383",
    ):
        assert secret not in html, secret


def test_the_verification_page_says_match_for_the_issued_file_and_no_match_for_another(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    _issue(tenants.client_for(tenants.owner), demo_shipment)
    issued = IssuedFile.objects.get(kind=INVOICE[0], format=INVOICE[1])
    url = reverse("documents:verify", args=[issued.short_code])
    content = Path(issued.file.path).read_bytes()
    client = Client()

    same = client.post(url, {"file": io.BytesIO(content)}).content.decode()
    assert 'data-match="true"' in same
    assert "Match: this is the issued file." in same

    tampered = content.replace(b"%PDF", b"%PDF ", 1)
    other = client.post(url, {"file": io.BytesIO(tampered)}).content.decode()
    assert 'data-match="false"' in other
    assert "No match" in other


def test_the_verification_page_asks_for_a_file_when_none_is_sent(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    _issue(tenants.client_for(tenants.owner), demo_shipment)
    issued = IssuedFile.objects.first()
    assert issued is not None
    response = Client().post(reverse("documents:verify", args=[issued.short_code]))
    assert response.status_code == 400
    assert 'data-code="VERIFY_FILE_REQUIRED"' in response.content.decode()


def test_the_verification_page_of_an_unknown_code_is_a_404(tenants: Tenants, db: None) -> None:
    assert Client().get(reverse("documents:verify", args=["ZZZZZZZZZZ"])).status_code == 404


def test_a_superseded_file_still_verifies_and_says_it_was_superseded(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    client = tenants.client_for(tenants.owner)
    _issue(client, demo_shipment)
    issued = IssuedFile.objects.get(kind=INVOICE[0], format=INVOICE[1])
    shipment_services.update_shipment(
        actor=tenants.actor(tenants.owner),
        shipment_id=demo_shipment.pk,
        invoice_total=Decimal("79990.00"),
        invoice_number="SRT-2026-118-B",
    )
    _issue(client, demo_shipment)
    html = Client().get(reverse("documents:verify", args=[issued.short_code])).content.decode()
    assert "superseded by a later version" in html


def test_another_shipment_of_the_same_organization_has_its_own_versions(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    other = make_demo_shipment(tenants, "CC-DOC-2")
    client = tenants.client_for(tenants.owner)
    _issue(client, demo_shipment)
    _issue(client, other)
    assert list(
        DocumentPack.objects.order_by("shipment_id").values_list("shipment_id", "version")
    ) == [(demo_shipment.pk, 1), (other.pk, 1)]
