"""The shipment rule checks: one catalogue, each rule a small pure function."""
