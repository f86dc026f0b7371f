"""Shared shipments: the owner lets the consignee, notify party, customs broker or forwarder
organization read a shipment, its issued documents and its tracking (never write)."""
