"""Forms of the booking pages: which containers to book, what to cancel, agents' edits."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cloudcabin.bookings.models import DepartureStatus
from cloudcabin.fields import CONTAINER_COUNT_MAX, PrintableTextForm
from cloudcabin.widgets import ConfirmingSelect


class BookForm(PrintableTextForm, forms.Form):
    """One count per size-type; the hidden key makes a double-submitted form book once."""

    departure_id = forms.IntegerField(widget=forms.HiddenInput)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)
    waitlist = forms.BooleanField(
        label=_("Join the waitlist if the train is full"), required=False, initial=True
    )

    def __init__(self, *args: Any, size_types: dict[str, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.size_types = sorted(size_types)
        self.fields["idempotency_key"].initial = uuid.uuid4().hex
        for size, count in sorted(size_types.items()):
            self.fields[f"count_{size}"] = forms.IntegerField(
                label=_("%(size)s containers") % {"size": size},
                min_value=0,
                max_value=CONTAINER_COUNT_MAX,
                initial=count,
            )

    def containers(self) -> list[dict[str, Any]]:
        return [
            {"size_type": size, "count": self.cleaned_data[f"count_{size}"]}
            for size in self.size_types
            if self.cleaned_data.get(f"count_{size}")
        ]


class CancelForm(PrintableTextForm, forms.Form):
    """Empty counts cancel the whole booking; otherwise only the containers counted."""

    def __init__(self, *args: Any, booked: dict[str, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.booked = booked
        for size, count in sorted(booked.items()):
            self.fields[f"cancel_{size}"] = forms.IntegerField(
                label=_("%(size)s containers to cancel") % {"size": size},
                min_value=0,
                max_value=count,
                required=False,
            )

    def containers(self) -> dict[str, int] | None:
        chosen = {
            size: self.cleaned_data[f"cancel_{size}"]
            for size in self.booked
            if self.cleaned_data.get(f"cancel_{size}")
        }
        return chosen or None


class DepartureForm(PrintableTextForm, forms.Form):
    capacity_teu = forms.DecimalField(
        label=_("Capacity (TEU)"), min_value=Decimal(0), max_digits=6, decimal_places=2
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=DepartureStatus.choices,
        widget=ConfirmingSelect(
            confirm={
                DepartureStatus.CANCELLED: _(
                    "Cancel this departure? It can no longer be booked; its customers' "
                    "bookings stay on it until you move or reject them."
                )
            }
        ),
    )


class HoldForm(PrintableTextForm, forms.Form):
    organization = forms.TypedChoiceField(label=_("Customer"), coerce=int)
    teu = forms.DecimalField(
        label=_("TEU to hold"), min_value=Decimal("0.25"), max_digits=6, decimal_places=2
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args: Any, clients: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = clients  # type: ignore[attr-defined]
