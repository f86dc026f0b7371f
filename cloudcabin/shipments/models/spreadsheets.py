"""What spreadsheet import remembers: the header wordings operators keep, and each
organization's saved column mappings."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cloudcabin.accounts.models import Organization
from cloudcabin.accounts.tenancy import TenantQuerySet
from cloudcabin.shipments.spreadsheets.fields import field_choices


class HeaderSynonym(models.Model):
    """Editable table: a column header seen on shippers' packing lists and invoices, and
    the goods-line field it names.

    Seeded by a data migration; operators add the wordings their shippers use in the admin.
    Headers are compared normalised (case, width, punctuation, spaces and bracketed units
    ignored), and a bilingual header such as "商品编码 HS Code" matches by either part, so
    one row per wording is enough.
    """

    field = models.CharField(max_length=40, choices=field_choices)
    text = models.CharField(max_length=100, unique=True)
    note = models.CharField(max_length=200, blank=True, help_text="Where this wording is seen.")

    class Meta:
        ordering = ["field", "text"]
        verbose_name = _("column header synonym")
        verbose_name_plural = _("column header synonyms")

    def __str__(self) -> str:
        return f"{self.text} → {self.field}"

    def clean(self) -> None:
        # Imported here: the mapping code imports these models.
        from cloudcabin.shipments.spreadsheets.mapping import header_key

        key = header_key(self.text, keep_brackets=True)
        if not key:
            raise ValidationError({"text": _("Give a header with letters or digits.")})
        for other in HeaderSynonym.objects.exclude(pk=self.pk).exclude(field=self.field):
            if header_key(other.text, keep_brackets=True) == key:
                message = _("“%(text)s” already names %(field)s: it reads as the same header.")
                raise ValidationError(
                    {"text": message % {"text": other.text, "field": other.field}}
                )


class ImportTemplate(models.Model):
    """A saved column mapping for the shipper's own spreadsheet layout."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    # {"<field name>": "<header text as in the file>"}
    mapping = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="one_template_name")
        ]
        verbose_name = _("import template")
        verbose_name_plural = _("import templates")

    def __str__(self) -> str:
        return self.name
