"""Lower-case every stored e-mail address, as sign-in and sign-up now do.

Two accounts whose addresses differ only in case cannot both keep their address, and
which one a person means is not ours to guess: the migration stops, names them and
changes nothing, so that an operator merges or renames them first.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import migrations


def lower_case_emails(apps: Any, schema_editor: Any) -> None:
    User = apps.get_model("accounts", "User")
    by_address: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for pk, email in User.objects.order_by("pk").values_list("pk", "email"):
        by_address[(email or "").strip().lower()].append((pk, email))
    clashes = {address: rows for address, rows in by_address.items() if len(rows) > 1}
    if clashes:
        listed = "; ".join(
            f"{address}: " + ", ".join(f"id {pk} ({email!r})" for pk, email in rows)
            for address, rows in sorted(clashes.items())
        )
        raise RuntimeError(
            "Cannot make e-mail addresses case-insensitive: these accounts differ only in "
            f"the case of their address — {listed}. Merge them or change one address in "
            "the admin, then run migrate again. Nothing was changed."
        )
    for address, [(pk, email)] in by_address.items():
        if email != address:
            User.objects.filter(pk=pk).update(email=address)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(lower_case_emails, migrations.RunPython.noop)]
