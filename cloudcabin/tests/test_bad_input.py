"""The bad-input corpus: every hostile value found by probing, through the API and the pages.

Each is refused with a 4xx naming the field, nothing it touched changes, and every read of
the shipment, its parties and its bookings still answers afterwards.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, get_args

import pytest
from django import forms
from django.forms.models import model_to_dict
from ninja import Router, Schema

from cloudcabin.api.main import api
from cloudcabin.api.schemas import Input
from cloudcabin.bookings import services as booking_services
from cloudcabin.bookings.forms import HoldForm
from cloudcabin.bookings.models import Booking
from cloudcabin.bookings.tests.conftest import make_container_types, make_departure, make_nodes
from cloudcabin.bookings.tests.conftest import make_service as make_train_service
from cloudcabin.errors import ProblemError, problem
from cloudcabin.fields import PrintableTextForm
from cloudcabin.reference.tests.conftest import reference_data, reference_subset_dir  # noqa: F401
from cloudcabin.shipments import services
from cloudcabin.shipments.models import Container, GoodsLine, Party, Shipment
from cloudcabin.shipments.spreadsheets.importing import import_lines
from cloudcabin.shipments.spreadsheets.reading import read_sheet
from conftest import Tenants

pytestmark = pytest.mark.django_db
API = "/api/v1"
JSON = "application/json"
BIG = 10**20


class Corpus:
    """Alice's shipment with one line, one container and one party, and her session."""

    def __init__(self, tenants: Tenants) -> None:
        actor = self.actor = tenants.actor(tenants.owner)
        self.party = services.save_party(
            actor=actor, name_latin="Duisburg Import GmbH", country="DE", address_local=""
        )
        self.shipment = services.create_shipment(
            actor=actor,
            reference="CC-BAD-1",
            origin_locode="CNXIA",
            destination_locode="DEDUI",
            border_crossings=["KZDOS"],
            parties={"consignee": self.party.pk},
        )
        self.line = services.save_line(
            actor=actor,
            shipment_id=self.shipment.pk,
            description_en="Brake pads",
            quantity=Decimal("10"),
            unit="H87",
            net_kg=Decimal("90"),
            gross_kg=Decimal("100"),
            packages=2,
            unit_price=Decimal("3"),
            amount=Decimal("30"),
        )
        self.container = services.save_container(
            actor=actor, shipment_id=self.shipment.pk, number="CSQU3054383", tare_kg=Decimal("3900")
        )
        self.client = tenants.client_for(tenants.owner)

    def url(self, template: str) -> str:
        return template.format(
            s=self.shipment.pk, l=self.line.pk, c=self.container.pk, p=self.party.pk
        )

    def state(self) -> dict[str, Any]:
        """Every row a hostile request could touch, as stored."""
        return {
            "shipment": model_to_dict(Shipment.objects.get(pk=self.shipment.pk)),
            "lines": [model_to_dict(line) for line in GoodsLine.objects.order_by("pk")],
            "containers": [model_to_dict(c) for c in Container.objects.order_by("pk")],
            "parties": [model_to_dict(p) for p in Party.objects.order_by("pk")],
            "allocations": list(
                GoodsLine.objects.filter(allocations__isnull=False).values_list(
                    "allocations__packages", flat=True
                )
            ),
        }

    def assert_readable(self) -> None:
        for path in (
            "/shipments/{s}",
            "/shipments/{s}/lines",
            "/shipments/parties",
            "/shipments/{s}/checks",
        ):
            response = self.client.get(API + self.url(path))
            assert response.status_code == 200, (path, response.content[:300])


@pytest.fixture
def corpus(tenants: Tenants) -> Corpus:
    return Corpus(tenants)


LINE = "/shipments/{s}/lines/{l}"
PARTY = "/shipments/parties/{p}"

API_CASES: list[tuple[str, str, dict[str, Any], str]] = [
    # fault 1: counts and decimals past their column
    ("post", "/shipments/{s}/lines", {"packages": BIG}, "packages"),
    ("patch", LINE, {"packages": 2**31}, "packages"),
    ("patch", LINE, {"line_no": 2**63}, "line_no"),
    ("patch", LINE, {"line_no": 2**31}, "line_no"),
    ("patch", LINE, {"quantity": "1e20"}, "quantity"),
    ("patch", "/shipments/{s}", {"declared_packages": BIG}, "declared_packages"),
    ("patch", "/shipments/{s}", {"declared_gross_kg": "1e20"}, "declared_gross_kg"),
    ("put", "/shipments/{s}/containers/{c}/stowage/{l}", {"packages": BIG}, "packages"),
    ("put", "/shipments/{s}/containers/{c}/stowage/{l}", {"packages": 2**31}, "packages"),
    # fault 3: control and bidirectional characters
    ("patch", LINE, {"description_en": "a\u0000b"}, "description_en"),
    ("patch", LINE, {"description_en": "a\u001bb"}, "description_en"),
    ("patch", LINE, {"description_en": "a\u0085b"}, "description_en"),
    ("patch", LINE, {"description_en": "two\nlines"}, "description_en"),
    ("patch", LINE, {"marks": "A\u0007"}, "marks"),
    ("patch", LINE, {"hs_code": "\u202e8708"}, "hs_code"),
    ("post", "/shipments/parties", {"name_latin": "Nul\u0000X", "country": "DE"}, "name_latin"),
    ("patch", PARTY, {"name_latin": "\u202egnp.exe"}, "name_latin"),
    ("patch", PARTY, {"name_local": "x\u2066y\u2069"}, "name_local"),
    ("patch", PARTY, {"address_latin": "Street 1\u0000"}, "address_latin"),
    ("patch", "/shipments/{s}", {"reference": "\u202egnp.exe"}, "reference"),
    ("patch", "/shipments/{s}", {"contract_number": "K-1\u0000"}, "contract_number"),
    ("patch", "/shipments/{s}", {"border_crossings": ["KZ\u0000DOS"]}, "border_crossings"),
    ("post", "/shipments/{s}/containers", {"number": "TGHU1234567", "seals": ["S\u0000"]}, "seals"),
    # fault 8: values the response schema could not read back
    ("patch", LINE, {"quantity": "-5"}, "quantity"),
    ("patch", "/shipments/{s}/containers/{c}", {"tare_kg": "-50"}, "tare_kg"),
    ("post", "/shipments/parties", {"name_latin": "D", "country": "d "}, "country"),
    ("post", "/shipments/parties", {"name_latin": "D", "country": "ßx"}, "country"),
    # a flag has no empty value: null is refused, not stored (schemathesis found it)
    ("patch", PARTY, {"uscc_checksum_confirmed": None}, "uscc_checksum_confirmed"),
    ("post", "/shipments/parties", {"name_latin": "D", "country": "00"}, "country"),
    ("patch", PARTY, {"country": "de1"}, "country"),
    ("patch", LINE, {"origin_country": "1"}, "origin_country"),
    (
        "patch",
        "/shipments/{s}",
        {"licence_documents": [{"code": "ABC", "number": "1"}]},
        "licence_documents[0].code",
    ),
]


@pytest.mark.parametrize(("method", "path", "body", "field"), API_CASES)
def test_the_api_refuses_a_hostile_value_naming_the_field_and_changes_nothing(
    corpus: Corpus, method: str, path: str, body: dict[str, Any], field: str
) -> None:
    before = corpus.state()
    response = getattr(corpus.client, method)(API + corpus.url(path), body, content_type=JSON)
    assert response.status_code == 422, response.content[:300]
    assert field in [error["path"] for error in response.json()["errors"]]
    assert corpus.state() == before
    corpus.assert_readable()


@pytest.mark.parametrize(
    ("path", "body", "stored"),
    [
        ("/shipments/{s}", {"border_crossings": None}, ("shipment", "border_crossings", [])),
        (PARTY, {"address_local": None}, ("party", "address_local", "")),
        (PARTY, {"contact": None}, ("party", "contact", "")),
        (LINE, {"description_en": None}, ("line", "description_en", "")),
    ],
)
def test_null_clears_a_text_or_list_field_and_the_row_stays_readable(
    corpus: Corpus, path: str, body: dict[str, Any], stored: tuple[str, str, Any]
) -> None:
    response = corpus.client.patch(API + corpus.url(path), body, content_type=JSON)
    assert response.status_code == 200, response.content[:300]
    row, field, value = stored
    getattr(corpus, row).refresh_from_db()
    assert getattr(getattr(corpus, row), field) == value
    corpus.assert_readable()


def test_the_api_reads_back_rows_stored_before_the_rules(corpus: Corpus) -> None:
    GoodsLine.objects.filter(pk=corpus.line.pk).update(quantity=-5, packages=None)
    Container.objects.filter(pk=corpus.container.pk).update(tare_kg=-50, seals=["S\u0007"])
    Party.objects.filter(pk=corpus.party.pk).update(country="00", name_latin="Esc\u001bX")
    Shipment.objects.filter(pk=corpus.shipment.pk).update(
        licence_documents=[{"code": "ABC", "number": "1"}]
    )
    corpus.assert_readable()


def test_free_text_keeps_tabs_and_new_lines_where_it_is_multi_line(corpus: Corpus) -> None:
    response = corpus.client.patch(
        API + corpus.url(PARTY), {"address_latin": "Street 1\n47051\tDuisburg"}, content_type=JSON
    )
    assert response.status_code == 200
    corpus.party.refresh_from_db()
    assert corpus.party.address_latin == "Street 1\n47051\tDuisburg"


def test_a_bidirectional_override_in_free_text_is_kept_and_flagged(corpus: Corpus) -> None:
    response = corpus.client.patch(
        API + corpus.url(LINE), {"description_en": "Pads \u202eabc"}, content_type=JSON
    )
    assert response.status_code == 200
    findings = corpus.client.get(API + corpus.url("/shipments/{s}/checks")).json()["findings"]
    flagged = [f for f in findings if f["code"] == "TEXT_BIDI_CONTROL"]
    assert [(f["path"], f["severity"]) for f in flagged] == [("lines[0].description_en", "warning")]


# --- the pages: the same values through the line editor, the container and party forms ---

PAGE_LINE = "/shipments/{s}/lines/{l}/"
PAGE_CONTAINER = "/shipments/{s}/containers/{c}/"
PAGE_PARTY = "/shipments/parties/{p}/"
LINE_FORM = {
    "line_no": "1",
    "description_en": "Brake pads",
    "quantity": "10",
    "unit": "H87",
    "net_kg": "90",
    "gross_kg": "100",
    "packages": "2",
    "unit_price": "3",
    "amount": "30",
}
CONTAINER_FORM = {"number": "CSQU3054383", "size_type": "45G1", "seals": "", "tare_kg": "3900"}
PARTY_FORM = {"name_latin": "Duisburg Import GmbH", "country": "DE"}

PAGE_CASES: list[tuple[str, dict[str, str], str]] = [
    (PAGE_LINE, {"quantity": "-5"}, "quantity"),
    (PAGE_LINE, {"net_kg": "-1"}, "net_kg"),
    (PAGE_LINE, {"gross_kg": "-2"}, "gross_kg"),
    (PAGE_LINE, {"unit_price": "-3"}, "unit_price"),
    (PAGE_LINE, {"amount": "-100"}, "amount"),
    (PAGE_LINE, {"packages": str(BIG)}, "packages"),
    (PAGE_LINE, {"line_no": str(2**63)}, "line_no"),
    (PAGE_LINE, {"line_no": str(2**31)}, "line_no"),
    (PAGE_LINE, {"description_en": "a\u001bb"}, "description_en"),
    (PAGE_LINE, {"description_en": "a\u0085b"}, "description_en"),
    (PAGE_LINE, {"hs_code": "\u202e8708"}, "hs_code"),
    (PAGE_CONTAINER, {"tare_kg": "-50"}, "tare_kg"),
    (PAGE_CONTAINER, {"seals": "S\u0007"}, "seals"),
    (PAGE_PARTY, {"name_latin": "\u202egnp.exe"}, "name_latin"),
    (PAGE_PARTY, {"address_latin": "Street\u0008 1"}, "address_latin"),
    ("/shipments/{s}/", {"reference": "A\u0085B"}, "reference"),
    ("/shipments/{s}/", {"declared_packages": str(BIG)}, "declared_packages"),
    ("/shipments/{s}/", {"licence_documents": "ABC:1"}, "licence_documents"),
]


def _page_form(path: str) -> dict[str, str]:
    if path == PAGE_LINE:
        return dict(LINE_FORM, row_index="0")
    if path == PAGE_CONTAINER:
        return dict(CONTAINER_FORM)
    if path == PAGE_PARTY:
        return dict(PARTY_FORM)
    return {
        "reference": "CC-BAD-1",
        "direction": "export",
        "currency": "USD",
        "route_kind": "rail",
        "supervision_mode": "0110",
        "levy_nature": "101",
        "border_crossings": "KZDOS",
    }


def _error_beside(html: str, field: str) -> bool:
    """A form field's error list names it; a line-editor cell shows its error in the cell."""
    if f'data-field="{field}"' in html:
        return True
    start = html.find(f'name="{field}"')
    return start >= 0 and 'class="err"' in html[start : html.find("</td>", start)]


@pytest.mark.parametrize(("path", "changes", "field"), PAGE_CASES)
def test_the_pages_refuse_the_same_values_beside_the_field_and_change_nothing(
    corpus: Corpus, path: str, changes: dict[str, str], field: str
) -> None:
    before = corpus.state()
    response = corpus.client.post(corpus.url(path), _page_form(path) | changes)
    assert response.status_code == 200, response.status_code
    assert _error_beside(response.content.decode(), field)
    assert corpus.state() == before
    corpus.assert_readable()


# --- bookings: container counts ----------------------------------------------------------


@pytest.fixture
def departure(db: None) -> Any:
    make_nodes()
    make_container_types()
    return make_departure(make_train_service(), days=10)


@pytest.mark.parametrize("count", [BIG, 2**31, 201, 0, -1])
def test_a_booking_count_out_of_range_is_refused_and_nothing_is_booked(
    corpus: Corpus, departure: Any, count: int
) -> None:
    body = {
        "shipment_id": corpus.shipment.pk,
        "departure_id": departure.pk,
        "containers": [{"size_type": "45G1", "count": count}],
    }
    response = corpus.client.post(f"{API}/bookings", body, content_type=JSON)
    assert response.status_code == 422, response.content[:300]
    assert [e["path"] for e in response.json()["errors"]] == ["containers[0].count"]
    assert not Booking.objects.exists()
    assert corpus.client.get(f"{API}/bookings").status_code == 200
    assert corpus.client.get("/bookings/").status_code == 200


def test_a_booking_note_with_a_control_character_is_refused(corpus: Corpus, departure: Any) -> None:
    body = {"shipment_id": corpus.shipment.pk, "departure_id": departure.pk, "note": "hi\u0000"}
    response = corpus.client.post(f"{API}/bookings", body, content_type=JSON)
    assert response.status_code == 422
    assert [e["path"] for e in response.json()["errors"]] == ["note"]
    assert not Booking.objects.exists()


def test_a_consignment_note_number_with_a_control_character_is_refused_by_api_and_page(
    tenants: Tenants, departure: Any
) -> None:
    corpus = Corpus(tenants)
    booking_services.book_slots(
        actor=tenants.actor(tenants.owner),
        shipment_id=corpus.shipment.pk,
        departure_id=departure.pk,
        containers=[{"size_type": "45G1", "count": 1}],
    )
    booking = Booking.objects.get()
    agent = tenants.client_for(tenants.agent)
    response = agent.patch(
        f"{API}/bookings/{booking.pk}", {"consignment_note_number": "12\u00073"}, content_type=JSON
    )
    assert response.status_code == 422
    assert [e["path"] for e in response.json()["errors"]] == ["consignment_note_number"]
    page = agent.post(
        f"/bookings/agent/bookings/{booking.pk}/note/", {"consignment_note_number": "12\u00073"}
    )
    assert page.status_code == 302
    booking.refresh_from_db()
    assert booking.consignment_note_number == ""


# --- guards: a new form or request schema gets the text rule by default ------------------

FORM_MODULES = [
    "cloudcabin.accounts.forms",
    "cloudcabin.accounts.passwords",
    "cloudcabin.bookings.forms",
    "cloudcabin.documents.forms",
    "cloudcabin.network.forms",
    "cloudcabin.shipments.forms",
]
# Django's sign-in and password-reset forms: the e-mail is looked up, never stored or printed.
FORMS_WITHOUT_THE_TEXT_RULE = {"EmailLoginForm", "ResetRequestForm"}


def test_every_form_of_the_pages_applies_the_text_rule() -> None:
    found = [
        value
        for module in map(importlib.import_module, FORM_MODULES)
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, forms.BaseForm)
        and value.__module__ == module.__name__
    ]
    assert len(found) > 20
    missing = [
        form.__name__
        for form in found
        if not issubclass(form, PrintableTextForm)
        and form.__name__ not in FORMS_WITHOUT_THE_TEXT_RULE
    ]
    assert missing == []


def _routers(router: Router) -> Iterator[Router]:
    yield router
    for child in (entry[1] for entry in router._routers):
        yield from _routers(child)


def test_every_request_schema_of_the_api_applies_the_text_rule() -> None:
    schemas = set()
    for _prefix, top in api._routers:
        for router in _routers(top):
            for path_operation in router.path_operations.values():
                for operation in path_operation.operations:
                    for params in operation.models:
                        for field in params.model_fields.values():
                            for candidate in (field.annotation, *get_args(field.annotation)):
                                if isinstance(candidate, type) and issubclass(candidate, Schema):
                                    schemas.add(candidate)
    assert len(schemas) > 20
    assert sorted(s.__name__ for s in schemas if not issubclass(s, Input)) == []


def test_a_page_form_refuses_a_control_character_with_the_apis_message() -> None:
    form = HoldForm({"organization": "1", "teu": "2", "note": "x\u0007"}, clients=[(1, "A")])
    assert not form.is_valid()
    assert form.errors["note"] == [str(problem("TEXT_CONTROL_CHARACTER", char="U+0007").message)]


@pytest.mark.usefixtures("reference_data")
def test_an_imported_cell_with_a_control_character_is_a_row_error_naming_the_cell(
    corpus: Corpus,
) -> None:
    header = "Line,Description,HS code,Quantity,Unit,Net weight (kg),Gross weight (kg),Packages"
    data = f"{header}\n1,Solar\x1bmodules,8541.43.00,600,PCS,16800,18000,20\n".encode()
    before = corpus.state()
    sheet = read_sheet(data, "lines.csv")
    with pytest.raises(ProblemError) as caught:
        import_lines(
            actor=corpus.actor,
            shipment_id=corpus.shipment.pk,
            sheet=sheet,
            mapping=sheet.suggested_mapping,
        )
    assert caught.value.status == 422
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("TEXT_CONTROL_CHARACTER", "rows[2].description_en")
    ]
    assert corpus.state() == before
