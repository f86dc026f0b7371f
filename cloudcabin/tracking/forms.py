"""Forms of the tracking pages (one block per concern)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cloudcabin.fields import PrintableTextForm
from cloudcabin.tracking.models import WebhookEventType


# webhooks
class WebhookEndpointForm(PrintableTextForm, forms.Form):
    url = forms.CharField(
        label=_("URL"),
        max_length=500,
        help_text=_("An https:// address on the public internet."),
    )
    description = forms.CharField(label=_("description"), max_length=200, required=False)
    event_types = forms.MultipleChoiceField(
        label=_("event types"),
        choices=WebhookEventType.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=list(WebhookEventType.values),
    )


class WebhookEndpointEditForm(WebhookEndpointForm):
    active = forms.BooleanField(label=_("active"), required=False)
