"""CSV of events: the upload page and POST /api/v1/tracking/events/csv, one parser."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from cloudcabin.tracking.models import TrackingEvent
from cloudcabin.tracking.tests.conftest import make_tracked

pytestmark = pytest.mark.django_db
PAGE = "/tracking/upload/"
API = "/api/v1/tracking/events/csv"
HEADER = "booking_reference,container,milestone,event_datetime,un_location_code,source_reference"


def hours_ago(hours: int) -> str:
    return (timezone.now() - timedelta(hours=hours)).isoformat(timespec="minutes")


def good_csv(tracked) -> str:
    first, second = tracked.numbers
    booking = tracked.booking.reference
    return "\n".join(
        [
            HEADER,
            f"{booking},{first},gate_in_origin,{hours_ago(30)},CNXIA,R1",
            f"{booking},{second},gate_in_origin,{hours_ago(29)},CNXIA,R2",
            "",
            f"{booking},,loaded,{hours_ago(20)},CNXIA,R3",
        ]
    )


def upload(client: Client, text: str, *, encoding: str = "utf-8", url: str = PAGE):
    file = SimpleUploadedFile("events.csv", text.encode(encoding), content_type="text/csv")
    return client.post(url, {"file": file})


def problems_of(response) -> list[tuple[str, str, str]]:
    return [(row, column, message) for row, column, message in response.context["problems"]]


def test_a_good_file_is_stored_whole_and_said_so(tenants, tracked):
    client = tenants.client_for(tenants.owner)
    response = upload(client, good_csv(tracked))

    assert response.status_code == 302
    assert TrackingEvent.objects.filter(source="CSV").count() == 4
    page = client.get(PAGE)
    assert "4 events recorded, 0 already recorded." in page.content.decode()


def test_the_same_file_twice_stores_nothing_new(tenants, tracked):
    client = tenants.client_for(tenants.owner)
    upload(client, good_csv(tracked))

    upload(client, good_csv(tracked))

    assert TrackingEvent.objects.count() == 4


def test_chinese_headers_semicolons_and_gb18030_are_read(tenants, tracked):
    booking, first = tracked.booking.reference, tracked.numbers[0]
    text = "订舱号;箱号;节点;时间;地点代码;备注\n" + (
        f"{booking};{first};gate_in_origin;{hours_ago(5)};CNXIA;进站正常"
    )

    response = upload(tenants.client_for(tenants.owner), text, encoding="gb18030")

    assert response.status_code == 302
    assert TrackingEvent.objects.get().remark == "进站正常"


def test_each_bad_row_is_named_by_row_and_column_and_nothing_is_stored(tenants, tracked):
    other = make_tracked(tenants, reference="CC-TR-2")
    booking, first = tracked.booking.reference, tracked.numbers[0]
    text = "\n".join(
        [
            "订舱号,箱号,节点,时间,地点代码",
            f"{booking},{first},gate_in_origin,{hours_ago(30)},CNXIA",
            f"{booking},MSKU1234565,gate_in_origin,{hours_ago(30)},CNXIA",
            f"{booking},{other.numbers[0]},gate_in_origin,{hours_ago(30)},CNXIA",
            "",
            f"{booking},{first},gate_in_origin,{hours_ago(30)},XXZZZ",
            f"{booking},{first},loaded,{(timezone.now() + timedelta(days=1)).isoformat()},CNXIA",
            f"{booking},{first},loaded,not a time,CNXIA",
            f"{booking},{first},loaded",
        ]
    )

    response = upload(tenants.client_for(tenants.owner), text)

    assert response.status_code == 422
    assert [(row, column) for row, column, _ in problems_of(response)] == [
        ("9", ""),  # too few fields: refused before any event is looked at
    ]
    without_short_row = text.rsplit("\n", 1)[0]
    response = upload(tenants.client_for(tenants.owner), without_short_row)
    assert [(row, column) for row, column, _ in problems_of(response)] == [
        ("3", "箱号"),
        ("4", "箱号"),
        ("6", "地点代码"),
        ("7", "时间"),
        ("8", "时间"),
    ]
    assert "MSKU1234565" in problems_of(response)[0][2]
    assert "row-problems" in response.content.decode()
    assert TrackingEvent.objects.count() == 0


def test_a_file_without_the_required_columns_or_with_unknown_ones_is_refused(tenants, tracked):
    response = upload(tenants.client_for(tenants.owner), "booking_reference,colour\nBK-1,red")

    assert response.status_code == 422
    assert [(row, column) for row, column, _ in problems_of(response)] == [
        ("1", "colour"),
        ("1", ""),
        ("1", ""),
    ]


def test_a_binary_or_broken_file_is_refused_with_a_message(tenants, tracked):
    client = tenants.client_for(tenants.owner)
    binary = client.post(
        PAGE, {"file": SimpleUploadedFile("x.csv", b"PK\x03\x04\x00\x00\xff", "text/csv")}
    )
    quoted = upload(client, f'{HEADER}\n"BK-1,unterminated')

    assert binary.status_code == 422 and quoted.status_code == 422
    assert "not CSV text" in binary.content.decode()
    assert TrackingEvent.objects.count() == 0


def test_a_read_only_member_cannot_upload(tenants, tracked):
    response = upload(tenants.client_for(tenants.colleague), good_csv(tracked))

    assert response.status_code == 403
    assert TrackingEvent.objects.count() == 0


def test_the_stranger_uploading_the_owners_bookings_stores_nothing(tenants, tracked):
    response = upload(tenants.client_for(tenants.stranger), good_csv(tracked))

    assert response.status_code == 422
    assert {message for _, _, message in problems_of(response)} == {
        f"No booking {tracked.booking.reference} is yours to track."
    }
    assert TrackingEvent.objects.count() == 0


def test_the_api_takes_the_same_file_and_names_rows_the_same_way(tenants, tracked):
    client = Client(headers={"X-API-Key": tenants.api_key(tenants.owner)})
    bad = good_csv(tracked).replace(",CNXIA,R2", ",XXZZZ,R2")

    refused = upload(client, bad, url=API)
    stored = upload(client, good_csv(tracked), url=API)

    assert refused.status_code == 422
    assert [(e["path"], e["code"]) for e in refused.json()["errors"]] == [
        ("row 3.un_location_code", "TRACKING_LOCATION_UNKNOWN")
    ]
    assert stored.status_code == 201 and stored.json()["created"] == 4
