"""The agent's decision on a hit: clear or confirm, and why."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cloudcabin.compliance.models import HitStatus

DECISIONS = [
    (HitStatus.CLEARED.value, _("Clear: not the listed party")),
    (HitStatus.CONFIRMED.value, _("Confirm: the listed party")),
]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect, required=False
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        strip=True,
        help_text=_("Kept with the decision: what you checked (address, identifiers, owner)."),
    )


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[*HitStatus.choices, ("all", _("all"))],
        required=False,
    )
