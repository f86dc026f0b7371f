"""Writes for documents: render a pack (preview), and issue it as an immutable version.

Issuing is idempotent on the data: a pack is rendered from the shipment's frozen
revision, the origin data and the booked departure (``PackData``) under the issuer's
name, and the SHA-256 of those is kept on the pack. Issuing again while they are
unchanged (a double-click, a retried request) returns the current pack; nothing new is
rendered and nothing is superseded.

Rendering and writing the files (through the storage API, never over an existing file)
happen before the shipment's row lock is taken; under it, only the decision (a few small
reads) and the rows: see ``issue_pack``.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from cloudcabin import storage
from cloudcabin.accounts.tenancy import Actor, get_for_org_or_404
from cloudcabin.documents import selectors, typst_compile
from cloudcabin.documents.data import PackData
from cloudcabin.documents.kinds import KINDS, PER_LINE
from cloudcabin.documents.kinds.base import (
    DocumentSpec,
    Rendered,
    Stamp,
    StampBook,
    in_parallel,
)
from cloudcabin.documents.models import (
    DocumentEvent,
    DocumentEventKind,
    DocumentKind,
    DocumentPack,
    IssuedFile,
    PackStatus,
)
from cloudcabin.errors import Problem, ProblemError, Severity, problem, render_failure_is_a_finding
from cloudcabin.shipments import selectors as shipment_selectors
from cloudcabin.shipments import services as shipment_services
from cloudcabin.shipments.holds import holds_on
from cloudcabin.shipments.models import GoodsLine, Shipment
from cloudcabin.shipments.snapshot import shared_rows, shipment_snapshot

# Short codes avoid look-alike characters (0/O, 1/I/L) so people can type them.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10

# Told (documents rendered, documents in the pack) as each document is rendered.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RenderedPack:
    data: PackData
    files: list[Rendered]
    findings: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.findings if p.severity == Severity.ERROR]


@dataclass(frozen=True)
class Issued:
    pack: DocumentPack
    # False: the current pack was rendered from the same data and is returned as it is.
    created: bool


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return (cls.__qualname__, *(f.name for f in dataclasses.fields(cls)))


def _canonical(value: Any) -> Any:
    """``value`` as JSON-ready data that is the same whenever the value is equal."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # Fields in their declared order, after the class name: no key sorting needed.
        names = _field_names(type(value))
        return [names[0], *(_canonical(getattr(value, name)) for name in names[1:])]
    if isinstance(value, dict):
        pairs = [[_canonical(k), _canonical(v)] for k, v in value.items()]
        return sorted(pairs, key=lambda pair: json.dumps(pair[0], sort_keys=True))
    if isinstance(value, (set, frozenset)):
        return sorted((_canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if value is None or isinstance(value, (str, int, float)):
        return value
    if isinstance(value, (Decimal, date, datetime, time, Enum)):
        return str(value)
    # Anything else could print its memory address and never compare equal: say so.
    raise TypeError(f"no canonical form for {type(value).__name__}")


def data_digest(data: PackData, issuer: str) -> str:
    """SHA-256 of everything an issued pack's files are rendered from, but the stamps and
    the reference answers (``lookups``: thousands of table rows, the same for every
    pack; walking them cost more than 0.3 s an issue). A reference table edited since the
    current pack is therefore no change by itself: the next edit of the shipment is."""
    fields = [f.name for f in dataclasses.fields(data) if f.name != "lookups"]
    rendered_from = [_canonical(getattr(data, name)) for name in fields]
    text = json.dumps([rendered_from, issuer], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def new_short_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def verify_url(short_code: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("documents:verify", args=[short_code])


def render_files(
    data: PackData, book: StampBook, progress: Progress | None = None
) -> tuple[list[Rendered], list[Problem]]:
    """Every applicable document in every format (and part), and what failed to render.

    The findings have already said whether the pack can be issued; a document that
    still cannot be produced (an XML failing its XSD) is a finding too, never a 500.
    """

    def render(spec: DocumentSpec) -> tuple[list[Rendered], list[Problem]]:
        try:
            with render_failure_is_a_finding(_label(spec.kind)):
                return spec.render(data, book.for_kind(spec.kind)), []
        except ProblemError as exc:
            return [], exc.problems

    specs = [s for s in KINDS if s.applies(data)]
    done = None if progress is None else (lambda n: progress(n, len(specs)))
    # Side by side (Typst compiles without the GIL), the longest first: the last to
    # start is then a short one, and the cores end together. Listed in the order of KINDS.
    order = sorted(range(len(specs)), key=lambda i: -_typst_us(specs[i], data))
    results = in_parallel(render, [specs[i] for i in order], done)
    in_kinds_order = [result for _, result in sorted(zip(order, results, strict=True))]
    files: list[Rendered] = []
    failures: list[Problem] = []
    for rendered, failed in in_kinds_order:
        files += rendered
        failures += failed
    return files, failures


def _typst_us(spec: DocumentSpec, data: PackData) -> int:
    per_line = PER_LINE.get(spec.kind)
    return 0 if per_line is None else per_line.typst_us * len(data.lines)


def _needs_typst_processes(data: PackData) -> bool:
    """Whether a PDF of the pack will compile in a Typst process of its own."""
    return any(
        per_line.data_bytes * len(data.lines) > typst_compile.PROCESS_ABOVE_BYTES
        for per_line in PER_LINE.values()
    )


def _label(kind: str) -> str:
    return str(dict(DocumentKind.choices).get(kind, kind))


def _preview_book(issuer: str) -> StampBook:
    return StampBook(lambda: Stamp("PREVIEW", verify_url("PREVIEW"), 0, issuer, ""))


def preview_file(
    *, actor: Actor, shipment_id: int, kind: str, file_format: str, part: int = 1
) -> Rendered:
    """One document of the pack rendered from the shipment as it is now (nothing stored)."""
    shipment = shipment_selectors.get_shipment(actor.organization, shipment_id)
    data = selectors.pack_data(shipment_snapshot(shipment))
    spec = next((s for s in KINDS if s.kind == kind and s.applies(data)), None)
    if spec is None or file_format not in spec.formats:
        raise Http404
    book = _preview_book(actor.organization.name_en)
    with render_failure_is_a_finding(_label(spec.kind)):
        rendered = spec.render(data, book.for_kind(spec.kind))
    found = next((r for r in rendered if r.format == file_format and r.part == part), None)
    if found is None:
        raise Http404
    return found


def preview_pack(*, actor: Actor, shipment_id: int) -> RenderedPack:
    """Render the pack from the shipment as it is now, without storing anything."""
    shipment = shipment_selectors.get_shipment(actor.organization, shipment_id)
    data = selectors.pack_data(shipment_snapshot(shipment))
    findings = selectors.findings_for(shipment, data)
    files, failures = render_files(data, _preview_book(actor.organization.name_en))
    return RenderedPack(data=data, files=files, findings=findings.all + failures)


# A pack rendered from data that changed before the lock is rendered again, this often.
ISSUE_ATTEMPTS = 3


@dataclass(frozen=True)
class _Draft:
    """A pack prepared outside any transaction: what it was rendered from, and its files."""

    # Read before the snapshot: a write committed while it was read moves it.
    mark: shipment_services.EditMark
    snapshot: shipment_services.EncodedSnapshot
    data: PackData
    digest: str
    version: int
    issued_at: datetime
    findings: selectors.PackFindings
    book: StampBook
    files: list[Rendered]
    # The goods lines read with it: unchanged while ``mark`` is, so the holds checked
    # again under the lock read them from here, not from the table.
    lines: Sequence[GoodsLine]


class _Changed(Exception):
    """The data, or the next version number, moved between rendering and the lock."""


def issue_pack(*, actor: Actor, shipment_id: int, progress: Progress | None = None) -> Issued:
    """Check, render, write the files, then decide and store the rows under the
    shipment's lock.

    Rendering (seconds for a large pack) and the file writes happen before the lock, so
    other writers — on SQLite every writer — wait only for the decision and the rows.
    Under the lock the shipment's edit mark and the few rows it shares are read again
    (``_unchanged_since_prepared``): unchanged, the files rendered are the pack; changed
    since (an edit, a concurrent issue), it is rendered again. Unchanged data since the
    current pack: that pack, as it is (see the module's note). ``progress`` hears of
    each document rendered (the worker shows it on the page).
    """
    actor.require_write()
    for _attempt in range(ISSUE_ATTEMPTS):
        draft = _prepare(actor, shipment_id, progress)
        if isinstance(draft, Issued):
            return draft
        try:
            return _record(actor, shipment_id, draft)
        except _Changed:
            continue
    raise ProblemError(problem("DOCUMENTS_CHANGED_WHILE_ISSUING"), status=409)


def _prepare(actor: Actor, shipment_id: int, progress: Progress | None) -> _Draft | Issued:
    """Read, check (409 before anything is rendered) and render, without a transaction.

    The current pack when it was rendered from the data just read: a repeated issue (a
    double-click, a retry, a user who issues to download) takes no lock and writes
    nothing."""
    shipment = shipment_selectors.get_shipment(actor.organization, shipment_id)
    mark = shipment_services.edit_mark(shipment)
    # The lines, containers and stowage, read once for the snapshot, the rules and the
    # holds; a frozen revision holds its own copy (an unchanged pack needs no lines).
    view = None if shipment.revision_frozen else shipment_selectors.shipment_view(shipment)
    snapshot = shipment_services.revision_snapshot(shipment, view)
    data = selectors.pack_data(snapshot)
    issuer = actor.organization.name_en
    digest = data_digest(data, issuer)
    packs = DocumentPack.objects.filter(shipment=shipment)
    current = packs.filter(status=PackStatus.ISSUED).first()
    version = (packs.aggregate(v=Max("version"))["v"] or 0) + 1
    now = timezone.now()

    def new_stamp() -> Stamp:
        code = new_short_code()
        return Stamp(code, verify_url(code), version, issuer, now.isoformat(timespec="seconds"))

    if current is not None and current.data_sha256 == digest:
        return Issued(pack=current, created=False)
    book = StampBook(new_stamp)
    if _needs_typst_processes(data):
        # Started (Python, Typst, the fonts) while the findings run, if not running.
        typst_compile.start()
    # "Ready" is one function: what the shipment page and GET …/checks show is what
    # blocks here, before anything is rendered.
    if view is None:
        view = shipment_selectors.shipment_view(shipment)
    findings = selectors.findings_for(
        shipment, data, rules=shipment_selectors.check_view(view), lines=view.lines
    )
    if findings.errors:
        raise ProblemError(problem("DOCUMENTS_BLOCKED"), *findings.errors, status=409)
    files, failures = render_files(data, book, progress)
    if failures:
        raise ProblemError(problem("DOCUMENTS_BLOCKED"), *failures, status=409)
    encoded = shipment_services.EncodedSnapshot.of(snapshot)
    return _Draft(mark, encoded, data, digest, version, now, findings, book, files, view.lines)


def _record(actor: Actor, shipment_id: int, draft: _Draft) -> Issued:
    """Write the files, then under the shipment's lock: the same data still? Then freeze,
    supersede and write the rows. Files no committed record names are removed."""
    written: list[str] = []
    try:
        files = _write_files(actor, shipment_id, draft, written)
        issued = _decide_and_store(actor, shipment_id, draft, files)
    except BaseException:
        # The rows rolled back: the files written for them go too (a crash before this
        # line leaves them to `manage.py clean_orphan_files`).
        storage.delete_quietly(written)
        raise
    if not issued.created:
        storage.delete_quietly(written)  # the current pack was the answer
    return issued


@transaction.atomic
def _decide_and_store(
    actor: Actor, shipment_id: int, draft: _Draft, files: list[IssuedFile]
) -> Issued:
    """The locked step: every other writer of the shipment (on SQLite, every writer)
    waits for it, so nothing it reads or writes grows with the lines but the revision's
    snapshot, inserted as the text encoded before."""
    # The shipment's row lock queues a second click behind the first, which then finds
    # the first one's pack. Its parties in one query, for the comparison below (not one
    # per role).
    shipment = shipment_selectors.with_parties(
        get_for_org_or_404(Shipment.objects.select_for_update(), actor.organization, pk=shipment_id)
    )
    _unchanged_since_prepared(shipment, draft)
    revision = shipment_services.freeze_revision(
        actor=actor, shipment_id=shipment.pk, snapshot=draft.snapshot
    )
    packs = DocumentPack.objects.filter(shipment=shipment)
    current = packs.filter(status=PackStatus.ISSUED).first()
    if current is not None and current.data_sha256 == draft.digest:
        return Issued(pack=current, created=False)
    version = (packs.aggregate(v=Max("version"))["v"] or 0) + 1
    if version != draft.version:
        raise _Changed
    # The rules and the documents' findings follow from the data, unchanged; what the
    # domains above shipments hold it for (a party now on a list) may have moved.
    findings = dataclasses.replace(draft.findings, holds=holds_on(shipment, draft.lines))
    if findings.errors:
        raise ProblemError(problem("DOCUMENTS_BLOCKED"), *findings.errors, status=409)
    superseded = list(
        DocumentPack.objects.select_for_update().filter(shipment=shipment, status=PackStatus.ISSUED)
    )
    DocumentPack.objects.filter(pk__in=[p.pk for p in superseded]).update(
        status=PackStatus.SUPERSEDED
    )
    pack = DocumentPack.objects.create(
        organization=actor.organization,
        shipment=shipment,
        version=version,
        revision=revision,
        issued_at=draft.issued_at,
        # An API key acts for its organization; the person who created it answers for it.
        issued_by=actor.user or (actor.api_key.created_by if actor.api_key else None),
        findings=[p.as_dict() for p in findings.all],
        data_sha256=draft.digest,
    )
    for issued in files:
        issued.pack = pack
    IssuedFile.objects.bulk_create(files)
    _record_events(actor, pack, superseded, revision.number, len(draft.files))
    return Issued(pack=pack, created=True)


def _unchanged_since_prepared(shipment: Shipment, draft: _Draft) -> None:
    """Is what the draft was rendered from what is stored now? A few small reads, however
    many lines (the snapshot is not rebuilt under the lock):

    - the shipment's own data (header, lines, containers, stowage, origin data) and its
      revision: ``edit_mark``, which every write to them moves in its transaction;
    - rows other shipments share (organization, operator, the parties' address-book
      entries), read again while the revision is open; a frozen one holds its copy;
    - the booked departure, read again (a booking or a timetable change)."""
    if shipment_services.edit_mark(shipment) != draft.mark:
        raise _Changed
    if not draft.mark.frozen and any(
        draft.snapshot.data[key] != value for key, value in shared_rows(shipment).items()
    ):
        raise _Changed
    if selectors.booked_departure(shipment.pk) != draft.data.departure:
        raise _Changed


def _write_files(
    actor: Actor, shipment_id: int, draft: _Draft, written: list[str]
) -> list[IssuedFile]:
    """Each file through the storage API, before the lock (seconds to an object store),
    in a folder of this attempt's own under the version: two attempts at one version
    (a double-click) never meet, and none is ever written over. Their records, returned
    unsaved, are written under the lock once the pack is decided."""
    pack = DocumentPack(
        organization=actor.organization, shipment_id=shipment_id, version=draft.version
    )
    folder = secrets.token_hex(4)
    records = []
    for item in draft.files:
        issued = IssuedFile(
            pack=pack,
            kind=item.kind,
            format=item.format,
            part=item.part,
            sha256=hashlib.sha256(item.content).hexdigest(),
            size=len(item.content),
            short_code=draft.book.stamp(item.kind, item.format, item.part).short_code,
        )
        name = issued.file.field.generate_filename(issued, f"{folder}/{item.filename}")
        issued.file.name = storage.save_new(name, item.content)
        written.append(issued.file.name)
        records.append(issued)
    return records


def _record_events(
    actor: Actor, pack: DocumentPack, superseded: list[DocumentPack], revision: int, files: int
) -> None:
    for old in superseded:
        DocumentEvent.objects.create(
            organization=actor.organization,
            pack=old,
            actor=actor.user,
            kind=DocumentEventKind.SUPERSEDED,
            detail={"by_version": pack.version},
        )
    DocumentEvent.objects.create(
        organization=actor.organization,
        pack=pack,
        actor=actor.user,
        kind=DocumentEventKind.ISSUED,
        detail={
            "revision": revision,
            "files": files,
            "api_key": actor.api_key.prefix if actor.api_key else "",
        },
    )
