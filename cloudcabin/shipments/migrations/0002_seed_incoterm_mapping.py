"""Seed the Incoterm → China customs transaction-mode table (operators correct it in the admin).

The mapping is the common practice noted in shared/reference/trade-documents.md §3b
(FCA/FAS → FOB, CPT/CFR → C&F, CIP/CIF → CIF, D-terms → CIF, EXW → EXW); it is marked
unverified there, which is why it is data and not code.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

ROWS = [
    ("EXW", False, "7"),
    ("FCA", False, "3"),
    ("CPT", False, "2"),
    ("CIP", False, "1"),
    ("DAP", False, "1"),
    ("DPU", False, "1"),
    ("DDP", False, "1"),
    ("FAS", True, "3"),
    ("FOB", True, "3"),
    ("CFR", True, "2"),
    ("CIF", True, "1"),
]
NOTE = "common practice (trade-documents.md §3b); confirm against the 填制规范 appendix"


def seed(apps: Any, schema_editor: Any) -> None:
    mapping = apps.get_model("shipments", "IncotermCustomsMapping")
    for incoterm, sea_only, mode in ROWS:
        mapping.objects.get_or_create(
            incoterm=incoterm,
            defaults={"sea_only": sea_only, "transaction_mode": mode, "note": NOTE},
        )


class Migration(migrations.Migration):
    dependencies = [("shipments", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
