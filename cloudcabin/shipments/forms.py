"""Forms for the shipment pages. They only shape input (types, lengths); services and the
rule checks decide what is valid. No form here is ever ``save()``d: views pass
what it cleaned to ``cloudcabin.shipments.services`` as the typed input it takes
(``cloudcabin.shipments.inputs``), through the form's own method (``line_fields`` …).

Django types ``cleaned_data`` as ``dict[str, Any]``; those methods state what it holds (each
model-form field cleans to its column's Python type) with a ``cast``, and the services
refuse any key the typed input does not have."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from cloudcabin.errors import ProblemError
from cloudcabin.fields import INT_MAX, IsoDateInput, PrintableTextForm
from cloudcabin.network.selectors import place_locode
from cloudcabin.reference import codes
from cloudcabin.reference.models import CustomsTable
from cloudcabin.shipments.checks.context import PARTY_ROLES
from cloudcabin.shipments.inputs import (
    CONTAINER_FIELDS,
    LINE_FIELDS,
    PARTY_FIELDS,
    PLACE_NAME_LENGTH,
    SHIPMENT_FIELDS,
    ContainerFields,
    LineFields,
    PartyFields,
    ShipmentFields,
)
from cloudcabin.shipments.models import Container, Direction, GoodsLine, Party, Shipment

PARTY_LABELS = {
    "seller": _("seller"),
    "buyer": _("buyer"),
    "consignor": _("consignor (exporter)"),
    "consignee": _("consignee"),
    "notify_party": _("notify party"),
    "declarant": _("declarant (customs broker)"),
    "producer": _("producer"),
}
PLACE_FIELDS = ("incoterm_place_locode", "origin_locode", "destination_locode", "loading_locode")
LOCODE_SPLIT = re.compile(r"[\s,;]+")
DATE = IsoDateInput()


def version_field() -> forms.IntegerField:
    """The version a form was drawn from, sent back so that a save over someone else's
    newer one is refused (services: STALE_VERSION). Left out (an older page), no check."""
    return forms.IntegerField(
        required=False, min_value=1, max_value=INT_MAX, widget=forms.HiddenInput
    )


# Header fields entered by picking from a customs code table (blank: the empty choice).
PICKED_HEADER_CODES = [
    ("supervision_mode", CustomsTable.SUPERVISION_MODE, None),
    ("levy_nature", CustomsTable.LEVY_NATURE, None),
    ("transaction_mode", CustomsTable.TRANSACTION_MODE, _("— from the Incoterm —")),
]


def party_choices(parties: Iterable[Party]) -> list[tuple[str, str]]:
    return [("", "—"), *((str(p.pk), f"{p.name_latin} ({p.country})") for p in parties)]


class ShipmentForm(PrintableTextForm, forms.ModelForm[Shipment]):
    """The shipment header. Party selects list the organization's address book."""

    reference = forms.CharField(
        label=_("reference"),
        max_length=40,
        required=False,
        help_text=_("Left empty, one is made up (CC-year-number)."),
    )
    border_crossings = forms.CharField(
        label=_("border crossings"),
        required=False,
        help_text=_("UN/LOCODEs in route order, separated by commas, e.g. KZDOS, BYBQT, PLMAA."),
    )
    licence_documents = forms.CharField(
        label=_("licence documents (随附单证)"),
        required=False,
        help_text=_("Code and number, separated by commas, e.g. B:24610100123456."),
    )
    version = version_field()

    class Meta:
        model = Shipment
        fields = SHIPMENT_FIELDS
        widgets = {"contract_date": DATE, "invoice_date": DATE, "ready_date": DATE}
        labels = {
            "freight_currency": _("freight currency"),
            "insurance_currency": _("insurance currency"),
            "other_charges_currency": _("other charges currency"),
        }

    def __init__(
        self,
        *args: Any,
        parties: Iterable[Party] = (),
        route_planned: bool = False,
        direction_from_route: bool = False,
        **kwargs: Any,
    ) -> None:
        # Ids the check panel links to: path "incoterm" → "f-incoterm".
        kwargs.setdefault("auto_id", "f-%s")
        super().__init__(*args, **kwargs)
        if route_planned:
            # Derived from the planned route: shown, never typed over (ROUTE_CROSSINGS_DERIVED).
            self.fields["border_crossings"].disabled = True
            self.fields["border_crossings"].help_text = _(
                "The border stations of the planned route; plan the route again to change them."
            )
        if direction_from_route:
            # A route from or into China decides it (ROUTE_DIRECTION_DERIVED).
            self.fields["direction"].disabled = True
            self.fields["direction"].help_text = _(
                "Set by the planned route: from China is an export, into China an import."
            )
        for name in PLACE_FIELDS:
            # A name (杜伊斯堡, Duisburg) is welcome too; the service stores its UN/LOCODE.
            self.fields[name] = forms.CharField(
                label=self.fields[name].label, required=False, max_length=PLACE_NAME_LENGTH
            )
        choices = party_choices(parties)
        for role in PARTY_ROLES:
            self.fields[role] = forms.TypedChoiceField(
                label=PARTY_LABELS[role],
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
            )
            # The check panel links "parties.consignee" to this select.
            self.fields[role].widget.attrs["id"] = f"f-parties-{role}"
        self.fields["incoterm"].required = False
        self.fields["transaction_mode"].help_text = _(
            "Filled from the Incoterm when it changes, unless you set it."
        )
        for name, table, blank in PICKED_HEADER_CODES:
            # A select of "code name"; the field stays a CharField so that any code the
            # API stored is kept as it is.
            current = str(self[name].value() or "")
            self.fields[name].widget = forms.Select(
                choices=codes.customs_choices(
                    table, current, blank=None if blank is None else str(blank)
                )
            )

    def party_fields(self) -> list[forms.BoundField]:
        return [self[role] for role in PARTY_ROLES]

    @staticmethod
    def initial_for(shipment: Shipment) -> dict[str, Any]:
        initial = model_to_dict(shipment, fields=SHIPMENT_FIELDS)
        initial["border_crossings"] = ", ".join(shipment.border_crossings or [])
        initial["licence_documents"] = ", ".join(
            f"{doc.get('code', '')}:{doc.get('number', '')}"
            for doc in shipment.licence_documents or []
            if isinstance(doc, dict)
        )
        for role in PARTY_ROLES:
            initial[role] = getattr(shipment, f"{role}_id")
        initial["version"] = shipment.version
        return initial

    def clean(self) -> dict[str, Any]:
        # Names become UN/LOCODEs before the model's 5-character columns see them; the
        # service resolves again (the API's way in), which a code passes unchanged.
        cleaned = super().clean() or {}
        for name in PLACE_FIELDS:
            if cleaned.get(name):
                try:
                    cleaned[name] = place_locode(cleaned[name], path=name)
                except ProblemError as exc:
                    self.add_error(name, [problem.message for problem in exc.problems])
        return cleaned

    def clean_border_crossings(self) -> list[str]:
        value: str = self.cleaned_data.get("border_crossings") or ""
        return [code.upper() for code in LOCODE_SPLIT.split(value) if code]

    def clean_licence_documents(self) -> list[dict[str, str]]:
        value: str = self.cleaned_data.get("licence_documents") or ""
        documents = []
        for entry in (part.strip() for part in value.split(",")):
            if not entry:
                continue
            code, _colon, number = entry.partition(":")
            if not code.strip() or not number.strip():
                raise forms.ValidationError(
                    _("“%(entry)s”: write the document code, a colon and its number."),
                    params={"entry": entry},
                )
            documents.append({"code": code.strip().upper(), "number": number.strip()})
        return documents

    def changed_fields(self) -> ShipmentFields:
        """What the user changed, in the shape ``services.update_shipment`` takes.

        Only changes are sent, so that an unchanged transaction mode is derived again from a
        changed Incoterm (the service derives it when it is not given).
        """
        fields: dict[str, Any] = {}
        parties: dict[str, int | None] = {}
        for name in self.changed_data:
            value = self.cleaned_data.get(name)
            if name == "version":
                continue
            if name in PARTY_ROLES:
                parties[name] = value
            else:
                fields[name] = "" if value is None and name in _TEXT_FIELDS else value
        if parties:
            fields["parties"] = parties
        return cast(ShipmentFields, fields)

    def all_fields(self) -> ShipmentFields:
        """Everything, for a new shipment (transaction mode only when typed)."""
        fields = {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in {*PARTY_ROLES, "version"}
            and not (name == "transaction_mode" and not value)
        }
        fields["parties"] = {
            role: self.cleaned_data.get(role)
            for role in PARTY_ROLES
            if self.cleaned_data.get(role) is not None
        }
        return cast(ShipmentFields, fields)


_TEXT_FIELDS = frozenset(
    f.name for f in Shipment._meta.concrete_fields if f.get_internal_type() == "CharField"
)


class LineForm(PrintableTextForm, forms.ModelForm[GoodsLine]):
    """One goods line, as posted by one row of the line editor."""

    version = version_field()

    class Meta:
        model = GoodsLine
        fields = LINE_FIELDS

    def __init__(self, *args: Any, only: Iterable[str] | None = None, **kwargs: Any) -> None:
        """``only``: the fields the editor sent (it sends the changed ones); the others
        are left as stored rather than blanked."""
        super().__init__(*args, **kwargs)
        self.fields["line_no"].required = False
        if only is not None:
            kept = set(only) | {"version"}
            for name in [name for name in self.fields if name not in kept]:
                del self.fields[name]

    def line_fields(self) -> LineFields:
        fields = dict(self.cleaned_data)
        fields.pop("version", None)
        if not fields.get("line_no"):
            fields.pop("line_no", None)
        return cast(LineFields, fields)


class ContainerForm(PrintableTextForm, forms.ModelForm[Container]):
    seals = forms.CharField(
        label=_("seal numbers"),
        required=False,
        help_text=_("Separated by commas."),
    )
    version = version_field()

    class Meta:
        model = Container
        fields = CONTAINER_FIELDS

    def __init__(
        self,
        *args: Any,
        size_types: list[tuple[str, list[codes.Choice]]] | None = None,
        **kwargs: Any,
    ) -> None:
        """``size_types``: ``codes.container_choices()`` made once for a page's several
        container forms (~150 size-types each); a form whose size-type is not among them
        makes its own, with its size-type listed."""
        super().__init__(*args, **kwargs)
        current = str(self["size_type"].value() or "")
        if size_types is None or (
            current and all(current != code for _group, listed in size_types for code, _ in listed)
        ):
            size_types = codes.container_choices(current)
        self.fields["size_type"].widget = forms.Select(choices=size_types)

    @staticmethod
    def initial_for(container: Container) -> dict[str, Any]:
        initial = model_to_dict(container, fields=CONTAINER_FIELDS)
        initial["seals"] = ", ".join(container.seals or [])
        initial["version"] = container.version
        return initial

    def container_fields(self) -> ContainerFields:
        """The container as typed (seals as the text typed; the service splits it)."""
        return cast(ContainerFields, _without_version(self.cleaned_data))


class StowForm(PrintableTextForm, forms.Form):
    line = forms.TypedChoiceField(label=_("line"), coerce=int)
    packages = forms.IntegerField(label=_("packages"), min_value=0, max_value=INT_MAX)

    def __init__(self, *args: Any, lines: Iterable[GoodsLine] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        line_field = self.fields["line"]
        assert isinstance(line_field, forms.TypedChoiceField)
        line_field.choices = [
            (line.pk, f"{line.line_no}: {line.description_en or line.description_zh or '—'}")
            for line in lines
        ]


class PartyForm(PrintableTextForm, forms.ModelForm[Party]):
    country = forms.ChoiceField(label=_("country"), choices=codes.country_choices)
    version = version_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("version", self.instance.version)

    class Meta:
        model = Party
        fields = PARTY_FIELDS
        widgets = {
            "address_latin": forms.Textarea(attrs={"rows": 2}),
            "address_local": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"uscc_checksum_confirmed": _("keep a USCC that fails its check character")}

    def party_fields(self) -> PartyFields:
        return cast(PartyFields, _without_version(self.cleaned_data))


def _without_version(cleaned: dict[str, Any]) -> dict[str, Any]:
    """A form's fields but the version it was drawn from (passed to services apart)."""
    return {name: value for name, value in cleaned.items() if name != "version"}


class ShipmentFilterForm(PrintableTextForm, forms.Form):
    search = forms.CharField(label=_("search"), required=False, max_length=100)
    direction = forms.ChoiceField(
        label=_("direction"),
        required=False,
        choices=[("", _("all")), *Direction.choices],
    )
    destination = forms.CharField(
        label=_("destination"), required=False, max_length=5, help_text=_("UN/LOCODE or prefix")
    )


class UploadForm(PrintableTextForm, forms.Form):
    file = forms.FileField(label=_("spreadsheet (.xlsx or .csv)"))


class MappingForm(PrintableTextForm, forms.Form):
    """Which column of the sheet feeds each goods-line field; optionally saved by name."""

    # Not "template_name": forms use that attribute for their own rendering template.
    save_as = forms.CharField(label=_("save this mapping as"), max_length=100, required=False)

    def __init__(
        self,
        *args: Any,
        fields: dict[str, str],
        headers: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— not imported —")), *((h, h) for h in headers if h)]
        self.field_names = list(fields)
        for name, english in fields.items():
            try:
                label: Any = getattr(GoodsLine._meta.get_field(name), "verbose_name", english)
            except FieldDoesNotExist:
                label = english
            self.fields[f"map_{name}"] = forms.ChoiceField(
                label=label, choices=choices, required=False
            )

    @staticmethod
    def initial_for(mapping: dict[str, str]) -> dict[str, str]:
        return {f"map_{name}": header for name, header in mapping.items()}

    def mapping(self) -> dict[str, str]:
        return {
            name: self.cleaned_data[f"map_{name}"]
            for name in self.field_names
            if self.cleaned_data.get(f"map_{name}")
        }

    def mapped_fields(self) -> list[forms.BoundField]:
        return [self[f"map_{name}"] for name in self.field_names]
