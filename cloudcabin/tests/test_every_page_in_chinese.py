"""Every page rendered in Chinese, with every message looked up in the compiled catalogue.

The pages are found by walking the URL patterns (the route world of the tenancy tests gives
real path values) and requested by each role (owner, read-only colleague, the operator's
agent, the staff in the admin) and by an anonymous visitor, in 简体中文. While they render,
every msgid passed to gettext / pgettext / ngettext / npgettext through the active Chinese
translation (templates' ``{% translate %}`` and ``{% blocktranslate %}``, lazy labels,
form errors, Django's own strings) is checked against the catalogue; one that has no entry
is shown in English to a Chinese user, and the test fails listing them with the page that
asked for them.
"""

from __future__ import annotations

import functools
import gettext as gettext_module
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import django
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.test import Client
from django.urls import get_resolver
from django.utils.encoding import force_bytes
from django.utils.functional import Promise
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import trans_real

from cloudcabin.accounts.models import User
from cloudcabin.accounts.tests.tenancy_world import (  # noqa: F401
    PATH_VALUES,
    World,
    world_once,
)
from cloudcabin.accounts.tests.test_tenancy_routes import (
    _PARAMETER,
    ADMIN_PREFIX,
    API_PREFIX,
    PUBLIC_PAGES,
    _walk,
)
from cloudcabin.documents.models import IssuedFile
from cloudcabin.network.models import Quote
from cloudcabin.reference.tests.conftest import reference_data, reference_subset_dir  # noqa: F401
from cloudcabin.shipments.models import HeaderSynonym
from cloudcabin.tracking.models import EdifactProfile

CHINESE = "zh-hans"
# Choices whose label is a code read alike in every language.
CODES_AS_LABELS = {
    (Quote, "size_type"),  # 20', 40', 40' HC
    (IssuedFile, "format"),  # PDF, XML
    (HeaderSynonym, "field"),  # "net_kg — Net weight (kg) / 净重": both languages at once
    (EdifactProfile, "version"),  # UN/EDIFACT directories: D:97A, D:00B
}
# Pages that show more with a query: the route search with its options (modes, charges,
# the CO2 method), as the owner's saved quote was searched.
QUERIES = {
    "routes/": "?origin=CNXIA&destination=DEDUI&container_count=1&size_type=40"
    "&ready_date=2026-12-07&objective=fastest",
}
# The language switch and sign-out change the client's state for the pages after them.
NOT_POSTED = {"logout/", "language/", "i18n/setlang/"}


class MissingMessages:
    """Records each msgid the Chinese translation has no entry for, with where it was asked."""

    def __init__(self) -> None:
        self.where = ""
        self.found: dict[str, set[str]] = defaultdict(set)

    def check(self, translation: Any, key: object, msgid: str) -> None:
        if translation.language() != CHINESE or key in translation._catalog:
            return
        if _third_party(msgid) or msgid in _chinese_texts(translation):
            return
        self.found[msgid].add(self.where)

    def report(self) -> str:
        lines = []
        for msgid in sorted(self.found):
            shown = msgid.replace(trans_real.CONTEXT_SEPARATOR, " | context: ")
            pages = sorted(self.found[msgid])
            lines.append(f"{shown!r}  ← {', '.join(pages[:3])}{' …' if len(pages) > 3 else ''}")
        return "\n".join(lines)


@functools.cache
def _django_msgids() -> frozenset[str]:
    """Django's own messages, read from its German and French catalogues (complete)."""
    root = Path(django.__file__).parent
    msgids: set[str] = set()
    for mo in root.glob("**/locale/[df][er]/LC_MESSAGES/*.mo"):
        with mo.open("rb") as catalogue:
            found = gettext_module.GNUTranslations(catalogue)._catalog  # type: ignore[attr-defined]
        msgids.update(key if isinstance(key, str) else key[0] for key in found)
    return frozenset(msgids)


@functools.cache
def _packages_source() -> str:
    """The source of the installed apps that are neither Django's nor ours (django-axes)."""
    folders = [
        Path(config.path)
        for config in apps.get_app_configs()
        if not config.name.startswith(("cloudcabin", "django."))
    ]
    return "\n".join(
        path.read_text(encoding="utf-8", errors="replace")
        for folder in folders
        for path in folder.glob("**/*.py")
    )


def _third_party(msgid: str) -> bool:
    """Django's and the installed packages' own messages are their translators' work, which
    makemessages cannot bring into our catalogue. In 5.2 that is three screen-reader labels
    of the admin, django-axes' log pages and django-tasks' task statuses (with a context),
    which ship without Chinese: only the staff see them."""
    message = msgid.split(trans_real.CONTEXT_SEPARATOR)[-1]
    return msgid in _django_msgids() or f'"{message}"' in _packages_source()


def _chinese_texts(translation: Any) -> set[str]:
    """Text that is already a translation, passed to gettext again (Django's language
    switch tag translates the names LANGUAGES holds, which are lazily translated)."""
    if not hasattr(translation, "_chinese_texts"):
        translation._chinese_texts = {str(v) for _k, v in translation._catalog.items()}
    texts: set[str] = translation._chinese_texts
    return texts


@pytest.fixture
def missing(monkeypatch: pytest.MonkeyPatch) -> MissingMessages:
    """Wraps the translation objects' lookups: pgettext and npgettext reach them with the
    context joined to the msgid, as the catalogue stores it."""
    recorder = MissingMessages()
    translation_class = trans_real.DjangoTranslation
    gettext = translation_class.gettext
    ngettext = translation_class.ngettext

    def recording_gettext(self: Any, message: str) -> str:
        recorder.check(self, message, message)
        return gettext(self, message)

    def recording_ngettext(self: Any, singular: str, plural: str, n: int) -> str:
        recorder.check(self, (singular, 0), singular)
        return ngettext(self, singular, plural, n)

    monkeypatch.setattr(translation_class, "gettext", recording_gettext)
    monkeypatch.setattr(translation_class, "ngettext", recording_ngettext)
    return recorder


def _page_templates() -> list[str]:
    templates = sorted(set(_walk(get_resolver().url_patterns)))
    return [t for t in templates if not t.startswith((ADMIN_PREFIX, API_PREFIX))]


def _path(template: str, world: World) -> str:
    """The tenancy routes' values, and the public pages' own: the issued document's code,
    the owner's password-reset link (its token is the invitation's: the page says so)."""
    values = {
        **PATH_VALUES,
        "short_code": lambda w: w.short_code,
        "uidb64": lambda w: urlsafe_base64_encode(force_bytes(w.tenants.owner.pk)),
    }

    def value(match: re.Match[str]) -> str:
        return str(values[match.group("name")](world))

    return "/" + _PARAMETER.sub(value, template)


def _in_chinese(user: User | None) -> Client:
    client = Client()
    if user is not None:
        user.language = CHINESE
        user.save(update_fields=["language"])
        client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = CHINESE
    return client


def _admin_paths() -> Iterator[str]:
    """The back office: its index, and every registered model's list, form and a record."""
    yield "/admin/"
    for model in admin.site._registry:
        meta = model._meta
        base = f"/admin/{meta.app_label}/{meta.model_name}/"
        yield base
        yield f"{base}add/"
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            yield f"{base}{first.pk}/change/"


@pytest.fixture
def world(world_once: World, db: None) -> World:  # noqa: F811
    return world_once


def test_every_page_in_chinese_finds_each_message_in_the_catalogue(
    world: World, missing: MissingMessages
) -> None:
    tenants = world.tenants
    roles: dict[str, User | None] = {
        "anonymous": None,
        "owner": tenants.owner,
        "read-only": tenants.colleague,
        "agent": tenants.agent,
    }
    failures = []
    requested = 0
    for role, user in roles.items():
        client = _in_chinese(user)
        for template in _page_templates():
            path = _path(template, world) + QUERIES.get(template, "")
            missing.where = f"GET {template} ({role})"
            response = client.get(path, follow=True)
            requested += 1
            if response.status_code >= 500:
                failures.append(f"{missing.where} → {response.status_code}")
            if template in QUERIES and b'data-testid="route-option"' not in response.content:
                failures.append(f"{missing.where}: the search showed no route option")
    # A refused form renders its errors: the read-only colleague changes nothing (the
    # tenancy tests prove it), and a visitor posting an empty public form creates nothing.
    posters = {"read-only": tenants.colleague, "anonymous": None}
    for role, user in posters.items():
        client = _in_chinese(user)
        for template in _page_templates():
            if template in NOT_POSTED or (user is None and template not in PUBLIC_PAGES):
                continue
            missing.where = f"POST {template} ({role})"
            response = client.post(_path(template, world), follow=True)
            if response.status_code >= 500:
                failures.append(f"{missing.where} → {response.status_code}")
    staff = User.objects.create_superuser("staff@operator.example", "x", full_name="Staff")
    client = _in_chinese(staff)
    for path in _admin_paths():
        missing.where = f"GET {path} (staff)"
        response = client.get(path, follow=True)
        requested += 1
        if response.status_code >= 500:
            failures.append(f"{missing.where} → {response.status_code}")
    assert requested > 200, "the walk of the URL patterns found too few pages"
    assert not failures, "\n".join(failures)
    assert not missing.found, (
        f"{len(missing.found)} messages have no Chinese translation:\n{missing.report()}"
    )


def test_every_model_names_itself_and_its_plural_so_the_admin_shows_no_english() -> None:
    """Without ``verbose_name`` the admin shows the class name in English; without
    ``verbose_name_plural`` Django appends "s" to the translated name: "HS 编码s"."""
    ours = [
        model
        for model in apps.get_models()
        if model.__module__.startswith("cloudcabin.") and not model._meta.auto_created
    ]
    unnamed = [
        model._meta.label
        for model in ours
        if not {"verbose_name", "verbose_name_plural"} <= set(model._meta.original_attrs)
    ]
    assert ours
    assert not unnamed, f"models without verbose_name and verbose_name_plural: {unnamed}"


def test_every_choice_of_every_model_has_a_translated_label() -> None:
    """A TextChoices member without a label shows its value title-cased, in English,
    whatever the language ("Organization Created")."""
    untranslated = [
        f"{model._meta.label}.{field.name}={value}"
        for model in apps.get_models()
        if model.__module__.startswith("cloudcabin.")
        for field in model._meta.get_fields()
        if getattr(field, "choices", None) and (model, field.name) not in CODES_AS_LABELS
        for value, label in field.flatchoices  # type: ignore[union-attr]
        if not isinstance(label, Promise)
    ]
    assert not untranslated, untranslated
