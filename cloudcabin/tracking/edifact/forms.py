"""Forms of the IFTSTA pages: an interchange to upload, a partner profile to edit."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cloudcabin.accounts.models import Organization
from cloudcabin.tracking.edifact.reader import decode
from cloudcabin.tracking.edifact.services import PROFILE_FIELDS
from cloudcabin.tracking.models import EdifactProfile

MAX_UPLOAD = 2 * 1024 * 1024


class IftstaUploadForm(forms.Form):
    file = forms.FileField(label=_("IFTSTA file"), required=False)
    text = forms.CharField(
        label=_("or paste the EDIFACT text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_UPLOAD:
                raise forms.ValidationError(_("The file is larger than 2 MB."))
            data["text"] = decode(upload.read())
        if not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Choose an IFTSTA file or paste its text."))
        return data


class EdifactProfileForm(forms.ModelForm[EdifactProfile]):
    class Meta:
        model = EdifactProfile
        fields = list(PROFILE_FIELDS)

    def __init__(self, *args: Any, partners: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]
