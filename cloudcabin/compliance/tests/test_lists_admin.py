"""Loading a list file from the admin."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cloudcabin.accounts.models import User
from cloudcabin.compliance.lists.samples import DATA
from cloudcabin.compliance.models.lists import ListVersion

UPLOAD = "/admin/compliance/listversion/upload/"
UN = DATA / "un/un-consolidated-subset-2026-02-27.xml"


@pytest.fixture
def staff(db: None) -> Client:
    user = User.objects.create_superuser("root@example.com", "pw-long-enough-42", full_name="Root")
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, name: str, content: bytes) -> Any:
    upload = SimpleUploadedFile(name, content)
    return client.post(UPLOAD, {"source": "UN", "list_files": [upload], "published": ""})


def test_an_operator_uploads_a_list_file_and_it_becomes_current(staff: Client) -> None:
    response = _post(staff, UN.name, UN.read_bytes())
    assert response.status_code == 302
    version = ListVersion.objects.get()
    assert (version.source, version.entry_count, version.is_current) == ("UN", 221, True)
    assert version.loaded_by is not None


def test_a_malformed_upload_shows_why_and_changes_nothing(staff: Client) -> None:
    _post(staff, UN.name, UN.read_bytes())
    response = _post(staff, "broken.xml", b"<CONSOLIDATED_LIST>")
    assert response.status_code == 200
    assert "could not be read" in response.content.decode()
    assert ListVersion.objects.count() == 1


def test_a_customer_cannot_reach_the_upload(db: None) -> None:
    assert Client().get(UPLOAD).status_code == 302
