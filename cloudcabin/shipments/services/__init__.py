"""Writes for shipments. Every change goes through here, checks the actor may write,
starts a new revision when the current one is frozen, and writes an event row.

One module per thing written: ``shipments`` (the header), ``parties`` (the address
book), ``lines``, ``containers`` (with the stowage plan), ``routes`` (the planned
route), ``quotes`` (a shipment from a quote), ``revisions``; ``editing`` holds what they
share. Callers import this package (``services.save_line``); what each takes is typed in
``cloudcabin.shipments.inputs``.
"""

from cloudcabin.shipments.services.containers import (
    delete_container,
    save_container,
    stow,
    stow_everything_evenly,
)
from cloudcabin.shipments.services.editing import mark_changed, record_event
from cloudcabin.shipments.services.lines import delete_line, merge_line, replace_lines, save_line
from cloudcabin.shipments.services.parties import save_party
from cloudcabin.shipments.services.quotes import create_shipment_from_quote
from cloudcabin.shipments.services.revisions import (
    EditMark,
    EncodedSnapshot,
    edit_mark,
    freeze_revision,
    frozen_revision,
    revision_snapshot,
)
from cloudcabin.shipments.services.routes import (
    clear_shipment_route,
    plan_shipment_route,
    route_kind_for,
)
from cloudcabin.shipments.services.shipments import (
    create_shipment,
    delete_shipment,
    update_shipment,
)

__all__ = [
    "EditMark",
    "EncodedSnapshot",
    "clear_shipment_route",
    "create_shipment",
    "create_shipment_from_quote",
    "delete_container",
    "delete_line",
    "delete_shipment",
    "edit_mark",
    "freeze_revision",
    "frozen_revision",
    "mark_changed",
    "merge_line",
    "plan_shipment_route",
    "record_event",
    "replace_lines",
    "revision_snapshot",
    "route_kind_for",
    "save_container",
    "save_line",
    "save_party",
    "stow",
    "stow_everything_evenly",
    "update_shipment",
]
