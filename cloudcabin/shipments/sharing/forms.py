"""Forms of the sharing page: share with a named organization, or invite by e-mail."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cloudcabin.shipments.models import ShareRole
from cloudcabin.shipments.sharing.selectors import Candidate


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("e-mail address"), max_length=254)
    role = forms.ChoiceField(label=_("role"), choices=ShareRole.choices)


class ShareForm(forms.Form):
    """One organization the shipment's parties name; the role follows the party."""

    organization_id = forms.TypedChoiceField(label=_("organization"), coerce=int)
    role = forms.ChoiceField(label=_("role"), choices=ShareRole.choices)

    def __init__(self, *args: Any, candidates: list[Candidate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization_id"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(c.organization.pk, c.organization.name_en) for c in candidates]
