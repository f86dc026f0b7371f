"""Form widgets shared by the apps' pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.functional import Promise


class ConfirmingSelect(forms.Select):
    """A select whose dangerous options ask before the form is sent: app.js reads
    ``data-confirm`` on the chosen option. The option already chosen asks nothing."""

    def __init__(self, *args: Any, confirm: Mapping[str, str | Promise], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.confirm = dict(confirm)

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(*args, **kwargs)
        question = self.confirm.get(str(option["value"]))
        if question and not option["selected"]:
            option["attrs"]["data-confirm"] = str(question)
        return option
