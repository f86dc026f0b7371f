"""Forms for the accounts pages. They only shape input; services decide what is valid."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from cloudcabin.accounts.identifiers import IDENTIFIER_FIELDS, identifiers_for
from cloudcabin.accounts.models import ApiKeyAccess, Membership, Organization, Role
from cloudcabin.accounts.services import ORGANIZATION_FIELDS, grantable_roles
from cloudcabin.fields import PrintableTextForm
from cloudcabin.reference.codes import country_choices


class OrganizationForm(PrintableTextForm, forms.ModelForm[Organization]):
    """Asks for the identifiers of the chosen country only (``identifiers_for``), and requires
    the ones that country's companies must give; the page swaps them when the country changes."""

    country = forms.ChoiceField(label=_("country"), choices=country_choices)

    class Meta:
        model = Organization
        fields = list(ORGANIZATION_FIELDS)
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source = self.data if self.is_bound else self.initial
        applying = identifiers_for(str(source.get("country") or ""))
        for name in IDENTIFIER_FIELDS:
            if name not in applying:
                del self.fields[name]
            else:
                self.fields[name].required = applying[name]
        self.fields["country"].widget.attrs.update(
            {
                "hx-post": reverse_lazy("accounts:signup_identifiers"),
                "hx-trigger": "change",
                "hx-target": "#identifiers",
                "hx-include": "#identifiers",
            }
        )

    def company_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in IDENTIFIER_FIELDS]

    def identifier_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name in IDENTIFIER_FIELDS]

    def organization_fields(self) -> dict[str, Any]:
        # Only the fields asked for: the others keep their stored values (or, at sign-up,
        # the model's defaults).
        asked = [name for name in self.Meta.fields if name in self.fields]
        return {name: self.cleaned_data.get(name) for name in asked}


class SignUpForm(OrganizationForm):
    full_name = forms.CharField(label=_("your name"), max_length=150, required=False)
    email = forms.EmailField(label=_("e-mail"))
    password = forms.CharField(label=_("password"), widget=forms.PasswordInput, strip=False)

    field_order = ["full_name", "email", "password", "name_en", "address", "country"]

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        password_validation.validate_password(password)
        return password


class EmailLoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("e-mail"), widget=forms.EmailInput(attrs={"autofocus": True})
    )


def role_choices(organization: Organization) -> list[tuple[str, Any]]:
    """The roles this organization's owner may give, in the order of ``Role``."""
    grantable = grantable_roles(organization)
    return [(value, label) for value, label in Role.choices if value in grantable]


# What a role lets its holder do, said when an owner is about to give it.
ROLE_CONSEQUENCES = {
    Role.OWNER: _(
        "An owner can change the organization, invite and remove members, change roles "
        "and create or revoke API keys."
    ),
    Role.MEMBER: _(
        "A member can enter shipments and book trains, but cannot manage members or API keys."
    ),
    Role.READ_ONLY: _("A read-only member can see everything but change nothing."),
    Role.AGENT: _("An agent acts for the customers assigned to them and decides their bookings."),
    Role.DISPATCHER: _(
        "A dispatcher plans whole trains and sees every customer's bookings on them."
    ),
}


@dataclass(frozen=True)
class RoleOption:
    value: str
    label: str
    selected: bool
    confirm: str  # the question asked before saving; empty for the role already held


def role_options(organization: Organization, membership: Membership) -> list[RoleOption]:
    """A member's role picker: the grantable roles, each asking before it changes anything."""
    grantable = grantable_roles(organization)
    email = membership.user.email
    before = Role(membership.role).label if membership.role in Role.values else membership.role
    options = []
    for value, label in Role.choices:
        if value not in grantable and value != membership.role:
            continue
        held = value == membership.role
        confirm = (
            ""
            if held
            else _("Change %(email)s from %(before)s to %(after)s? %(consequence)s")
            % {
                "email": email,
                "before": before,
                "after": label,
                "consequence": ROLE_CONSEQUENCES[Role(value)],
            }
        )
        options.append(RoleOption(value, str(label), held, str(confirm)))
    return options


class InviteForm(PrintableTextForm, forms.Form):
    email = forms.EmailField(label=_("e-mail"))
    role = forms.ChoiceField(label=_("role"))

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(organization)  # type: ignore[attr-defined]
        self.fields["role"].initial = Role.MEMBER


class ApiKeyForm(PrintableTextForm, forms.Form):
    name = forms.CharField(label=_("name"), max_length=100)
    access = forms.ChoiceField(label=_("access"), choices=ApiKeyAccess.choices)


class JoinForm(PrintableTextForm, forms.Form):
    """An invited person without an account picks a name and password."""

    full_name = forms.CharField(label=_("your name"), max_length=150, required=False)
    password = forms.CharField(label=_("password"), widget=forms.PasswordInput, strip=False)

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        password_validation.validate_password(password)
        return password
