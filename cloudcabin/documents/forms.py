"""Forms for the origin page. They only shape input: every field is text so that
``origin.services.save_origin`` decides what is valid, and the same problems (with the
same paths) reach the page and the API. No form here is ever ``save()``d."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cloudcabin.documents.models import MaterialLine, OriginCriterion, OriginLine, RvcMethod
from cloudcabin.errors import Problem, add_problems_to_form
from cloudcabin.fields import PrintableTextForm

BLANK_ROWS = 5
MAX_ROWS = 100
MATERIAL_PATH = re.compile(r"^materials\[(\d+)\]\.(\w+)$")


class OriginLineForm(PrintableTextForm, forms.Form):
    criterion = forms.ChoiceField(
        label=_("origin criterion"),
        choices=[("", _("— none claimed —")), *OriginCriterion.choices],
        required=False,
    )
    rvc_method = forms.ChoiceField(
        label=_("RVC method"), choices=RvcMethod.choices, initial=RvcMethod.BUILD_DOWN
    )
    fob_value = forms.CharField(
        label=_("FOB value"),
        required=False,
        max_length=20,
        help_text=_("Leave blank to take the line's amount under FOB or FCA."),
    )
    direct_costs = forms.CharField(
        label=_("direct costs"),
        required=False,
        max_length=20,
        help_text=_("Labour, overhead, profit and other costs, for the build-up method."),
    )


class MaterialForm(PrintableTextForm, forms.Form):
    description = forms.CharField(label=_("description"), required=False, max_length=200)
    hs_code = forms.CharField(label=_("HS code"), required=False, max_length=14)
    origin_country = forms.CharField(label=_("origin country"), required=False, max_length=2)
    value = forms.CharField(label=_("value"), required=False, max_length=20)
    currency = forms.CharField(label=_("currency"), required=False, max_length=3)
    originating = forms.BooleanField(label=_("originating"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The rows stand under the table's column headings, with no <label> of their own:
        # each input still needs its name for a screen reader.
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = field.label

    def is_blank(self) -> bool:
        data = self.cleaned_data
        texts = ("description", "hs_code", "origin_country", "value", "currency")
        return not data.get("originating") and not any(
            str(data.get(name) or "").strip() for name in texts
        )


MaterialFormSet = forms.formset_factory(
    MaterialForm, extra=BLANK_ROWS, max_num=MAX_ROWS, absolute_max=MAX_ROWS
)


def _line_initial(origin: OriginLine | None) -> dict[str, Any]:
    if origin is None:
        return {"rvc_method": RvcMethod.BUILD_DOWN}
    return {
        "criterion": origin.criterion,
        "rvc_method": origin.rvc_method,
        "fob_value": "" if origin.fob_value is None else origin.fob_value,
        "direct_costs": origin.direct_costs,
    }


def _material_initial(material: MaterialLine) -> dict[str, Any]:
    return {
        "description": material.description,
        "hs_code": material.hs_code,
        "origin_country": material.origin_country,
        "value": material.value,
        "currency": material.currency,
        "originating": material.originating,
    }


class OriginEntry:
    """One goods line's form: the criterion fields plus its bill-of-materials rows."""

    def __init__(
        self, line_no: int, origin: OriginLine | None, data: Mapping[str, Any] | None = None
    ) -> None:
        self.line_no = line_no
        prefix = f"line{line_no}"
        self.form = OriginLineForm(data, prefix=prefix, initial=_line_initial(origin))
        saved = [] if origin is None else [_material_initial(m) for m in origin.materials.all()]
        self.materials = MaterialFormSet(data, prefix=f"{prefix}-materials", initial=saved)
        self._rows: list[int] = []  # materials[i] sent to the service → formset row

    def is_valid(self) -> bool:
        return self.form.is_valid() and self.materials.is_valid()

    def save_arguments(self) -> dict[str, Any]:
        """Keyword arguments for ``save_origin``; blank material rows are left out."""
        data = self.form.cleaned_data
        materials: list[dict[str, Any]] = []
        self._rows = []
        for row, form in enumerate(self.materials.forms):
            if form.is_blank():
                continue
            self._rows.append(row)
            materials.append(dict(form.cleaned_data))
        return {
            "line_no": self.line_no,
            "criterion": data["criterion"],
            "rvc_method": data["rvc_method"],
            "fob_value": data["fob_value"],
            "direct_costs": data["direct_costs"],
            "materials": materials,
        }

    def add_problems(self, problems: list[Problem]) -> None:
        """Each problem beside the field its path names, else above the line's form."""
        for found in problems:
            match = MATERIAL_PATH.match(found.path)
            if match and int(match[1]) < len(self._rows):
                form = self.materials.forms[self._rows[int(match[1])]]
                field = match[2] if match[2] in form.fields else None
                form.add_error(field, found.message)
            else:
                add_problems_to_form(self.form, [found])
