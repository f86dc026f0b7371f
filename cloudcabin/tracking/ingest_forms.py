"""Forms of the agent's recording page and the CSV upload."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cloudcabin.fields import PrintableTextForm

LOCAL_MINUTE = "%Y-%m-%dT%H:%M"


class RecordForm(PrintableTextForm, forms.Form):
    """One milestone, for a whole departure (no container) or for one container."""

    milestone = forms.CharField(label=_("Milestone"), max_length=40)
    event_time = forms.DateTimeField(
        label=_("Time"),
        input_formats=[LOCAL_MINUTE, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_MINUTE),
    )
    locode = forms.CharField(
        label=_("Place (UN/LOCODE)"),
        max_length=5,
        min_length=5,
        required=False,
        widget=forms.TextInput(attrs={"size": 6, "autocapitalize": "characters"}),
    )
    booking = forms.IntegerField(required=False, widget=forms.HiddenInput)
    container = forms.CharField(required=False, max_length=15, widget=forms.HiddenInput)

    def __init__(self, *args: Any, zone: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone

    def clean_event_time(self) -> datetime:
        """The browser sends the station's wall-clock time, without an offset."""
        value: datetime = self.cleaned_data["event_time"]
        naive = value.replace(tzinfo=None)
        return timezone.make_aware(naive, ZoneInfo(self.zone))

    def clean_locode(self) -> str:
        return str(self.cleaned_data["locode"]).strip().upper()


class UploadForm(PrintableTextForm, forms.Form):
    file = forms.FileField(label=_("CSV file"))
