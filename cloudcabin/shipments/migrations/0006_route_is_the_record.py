"""The planned route is the journey's record: a shipment planned from a quote keeps its
border crossings in step with it (every border station of the route, not only the
crossings' exits, which left out Dostyk and Małaszewicze)."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def derive_crossings(apps: Any, schema_editor: Any) -> None:
    from cloudcabin.network.journey import has_route, journey_of

    Shipment = apps.get_model("shipments", "Shipment")
    for shipment in Shipment.objects.exclude(route_option={}).iterator():
        if has_route(shipment.route_option):
            stations = [stop.locode for stop in journey_of(shipment.route_option).border_stations]
            if stations != shipment.border_crossings:
                shipment.border_crossings = stations
                shipment.save(update_fields=["border_crossings"])


class Migration(migrations.Migration):
    dependencies = [("shipments", "0005_declaration_record")]

    operations = [migrations.RunPython(derive_crossings, migrations.RunPython.noop)]
