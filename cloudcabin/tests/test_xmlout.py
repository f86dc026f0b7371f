"""Schemas built by many threads at once, as a pack's documents are rendered side by side."""

from __future__ import annotations

import threading

from lxml import etree

from cloudcabin import xmlout
from cloudcabin.bookings.exports import XSD_PATH
from cloudcabin.documents.declaration.elements import XSD_FILE
from cloudcabin.documents.ens.message import ENS_XSD
from cloudcabin.documents.kinds.shipping_instructions import XSD

SCHEMAS = [XSD_FILE, ENS_XSD, XSD, XSD_PATH]


def test_threads_building_every_schema_at_once_each_get_them_all_working() -> None:
    built: list[list[etree.XMLSchema]] = []
    failures: list[BaseException] = []
    start = threading.Barrier(8)

    def build() -> None:
        start.wait()
        try:
            built.append([xmlout.schema(xsd) for xsd in SCHEMAS])
        except BaseException as exc:  # reported below, with the thread's error
            failures.append(exc)

    threads = [threading.Thread(target=build) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    # Each thread has schemas of its own, and they validate: an empty document is refused.
    assert len({id(schemas[0]) for schemas in built}) == 8
    assert all(not s.validate(etree.fromstring(b"<empty/>")) for s in built[0])
