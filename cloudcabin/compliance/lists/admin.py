"""The admin of list versions: read-only records, and an upload that loads a new file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _

from cloudcabin.compliance.lists.services import load_list
from cloudcabin.compliance.models.lists import ListSource, ListVersion
from cloudcabin.errors import ProblemError


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    source = forms.ChoiceField(label=_("list"), choices=ListSource.choices)
    list_files = MultipleFileField(
        label=_("files"),
        help_text=_("OFAC lists: their CSV files together (sdn.csv, add.csv, alt.csv)."),
    )
    published = forms.DateField(label=_("published"), required=False)


@admin.register(ListVersion)
class ListVersionAdmin(admin.ModelAdmin[ListVersion]):
    list_display = (
        "source",
        "published",
        "entry_count",
        "is_current",
        "short_sha256",
        "loaded_at",
        "loaded_by",
    )
    list_filter = ("source", "is_current")
    change_list_template = "admin/compliance/listversion/change_list.html"

    @admin.display(description=_("SHA-256"))
    def short_sha256(self, version: ListVersion) -> str:
        return version.sha256[:12]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list[URLPattern]:
        upload = path(
            "upload/",
            self.admin_site.admin_view(self.upload_view),
            name="compliance_listversion_upload",
        )
        return [upload, *super().get_urls()]

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm("compliance.add_listversion"):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            files = [(item.name or "", item.read()) for item in form.cleaned_data["list_files"]]
            try:
                result = load_list(
                    form.cleaned_data["source"],
                    files,
                    published=form.cleaned_data["published"],
                    user=request.user,
                )
            except ProblemError as exc:
                for found in exc.problems:
                    form.add_error("list_files", found.message)
            else:
                version = result.version
                if result.created:
                    messages.success(
                        request,
                        _("Loaded %(version)s; it is now the current version.")
                        % {"version": version},
                    )
                else:
                    messages.info(
                        request,
                        _("This file was loaded before (%(version)s): nothing changed.")
                        % {"version": version},
                    )
                return HttpResponseRedirect(reverse("admin:compliance_listversion_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "opts": self.model._meta,
            "title": _("Load a sanctions list file"),
        }
        return TemplateResponse(request, "admin/compliance/listversion/upload.html", context)
