"""The spreadsheet import pages: upload, map (or a saved mapping), import all or nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cloudcabin.reference.tests.conftest import reference_data, reference_subset_dir  # noqa: F401
from cloudcabin.shipments.models import GoodsLine, ImportTemplate, Shipment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]


CSV = (
    "Line,Description (English),HS code,Quantity,Unit,Net weight (kg),Gross weight (kg),"
    "Packages,Unit price,Amount,Country of origin\n"
    "1,Laptop computers,847130,500,H87,1000,1200,50,400,200000,CN\n"
    "2,Docking stations,847160,500,H87,100,130,10,5,2500,CN\n"
)


def _upload(client: Client, shipment: Shipment, content: str, name: str = "invoice.csv") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("shipments:import", args=[shipment.pk]),
        {"file": SimpleUploadedFile(name, content.encode(), content_type="text/csv")},
    )


def test_a_spreadsheet_is_uploaded_mapped_and_imported(
    owner: Client, shipment: Shipment, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    response = _upload(owner, shipment, CSV)
    assert response.status_code == 302
    assert response["Location"] == reverse("shipments:import_map", args=[shipment.pk])
    assert len(list((tmp_path / "imports").iterdir())) == 1
    page = owner.get(response["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    assert '<option value="HS code" selected>' in body  # preselected from the detected headers
    mapping = {key: value for key, value in page.context["form"].initial.items() if value}
    response = owner.post(response["Location"], mapping | {"action": "import"})
    assert response.status_code == 302
    assert response["Location"] == reverse("shipments:detail", args=[shipment.pk])
    lines = GoodsLine.objects.filter(shipment=shipment).order_by("line_no")
    assert [line.hs_code for line in lines] == ["847130", "847160"]
    assert list((tmp_path / "imports").iterdir()) == []
    messages = [str(m) for m in owner.get(response["Location"]).context["messages"]]
    assert any("Imported 2 lines" in m for m in messages)


def test_an_import_with_bad_rows_lists_every_problem_and_saves_nothing(
    owner: Client, shipment: Shipment, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    bad = CSV.replace("1,Laptop computers,847130,500", "1,Laptop computers,847130,lots").replace(
        "2,Docking stations,847160,500,H87,100", "2,Docking stations,847160,500,H87,many"
    )
    url = _upload(owner, shipment, bad)["Location"]
    mapping = {k: v for k, v in owner.get(url).context["form"].initial.items() if v}
    response = owner.post(url, mapping | {"action": "import"})
    assert response.status_code == 422
    problems = response.context["problems"]
    assert len(problems) >= 2
    assert all(p.path.startswith("rows[") for p in problems)
    assert {p.path.split(".")[-1] for p in problems} >= {"quantity", "net_kg"}
    assert 'data-testid="import-problems"' in response.content.decode()
    assert [line.hs_code for line in GoodsLine.objects.filter(shipment=shipment)] == ["854143"]


def test_a_file_that_is_no_spreadsheet_is_refused_at_upload(
    owner: Client, shipment: Shipment, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    response = _upload(owner, shipment, "\x00\x01\x02 not a sheet", name="photo.xlsx")
    assert response.status_code == 200
    assert 'data-field="file"' in response.content.decode()
    assert not (tmp_path / "imports").exists() or not list((tmp_path / "imports").iterdir())


def test_a_mapping_is_saved_as_a_template_and_chosen_again(
    owner: Client, shipment: Shipment, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    url = _upload(owner, shipment, CSV)["Location"]
    mapping = {k: v for k, v in owner.get(url).context["form"].initial.items() if v}
    response = owner.post(url, mapping | {"action": "save_template", "save_as": "Our ERP export"})
    template = ImportTemplate.objects.get(name="Our ERP export")
    assert response.status_code == 302
    assert response["Location"].endswith(f"?template={template.pk}")
    page = owner.get(response["Location"])
    assert page.context["chosen"] == template
    assert GoodsLine.objects.filter(shipment=shipment).count() == 1  # nothing imported yet


def test_the_mapping_step_without_an_upload_sends_back_to_the_upload(
    owner: Client, shipment: Shipment
) -> None:
    response = owner.get(reverse("shipments:import_map", args=[shipment.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("shipments:import", args=[shipment.pk])
