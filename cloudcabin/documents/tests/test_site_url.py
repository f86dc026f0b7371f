"""Every link a document carries (the printed verify address and its QR code) points at
the configured SITE_URL, and opens the verification page there."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

from django.test import Client
from pypdf import PdfReader

from cloudcabin.documents import services
from cloudcabin.documents.kinds.base import Stamp, qr_svg, stamp_json
from cloudcabin.shipments.models import Shipment
from conftest import Tenants

SITE = "https://cabin.example:8443"


def test_an_issued_pdf_prints_and_encodes_the_verify_link_on_the_configured_site(
    tenants: Tenants, demo_shipment: Shipment, settings
) -> None:
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["testserver", "cabin.example"]
    client = Client(headers={"X-API-Key": tenants.api_key()})
    pack = client.post(f"/api/v1/documents/shipments/{demo_shipment.pk}/issue").json()
    invoice = next(f for f in pack["files"] if f["kind"] == "commercial_invoice")
    link = f"{SITE}/documents/verify/{invoice['short_code']}/"
    assert invoice["verify_url"] == link

    pdf = client.get(invoice["download_url"]).content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert link in text.replace("\n", "")
    assert "127.0.0.1" not in text

    # The QR code beside it is the code of that same address.
    stamp = Stamp(invoice["short_code"], services.verify_url(invoice["short_code"]), 1, "", "")
    assert stamp_json(stamp)["qr"] == qr_svg(link)

    parts = urlsplit(link)
    page = Client().get(parts.path, headers={"host": parts.hostname}, secure=True)
    assert page.status_code == 200
    assert invoice["short_code"] in page.content.decode()
