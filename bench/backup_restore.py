"""Back up and restore the demo database with 1,000 issued packs (issue 14: under 60 s each).

    .venv/bin/python bench/backup_restore.py [--packs 1000] [--keep DIR]

Builds the demo (``prepare_demo``, SQLite) in a folder of its own, then issues packs of
the demo's ready shipment (XSR-2026-0001) until the database holds ``--packs`` of them:
before each issue the invoice number changes, so each is a new version with its own
files, rendered and stored as a user's issue is. Then times ``manage.py backup`` and
``manage.py restore`` onto a new empty database and file folder (restore verifies every
issued file by its SHA-256), each in a process of its own, and prints wall and processor
time, the archive's size and the files' count. ``--keep DIR`` keeps the folder and reuses
the database built there before (issuing only the packs missing).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = "XSR-2026-0001"


def environment(folder: Path, database: str, media: str) -> dict[str, str]:
    return {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{folder / database}",
        "MEDIA_ROOT": str(folder / media),
        # Issued in the process, as the page does for a small pack; no mail is sent.
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }


def manage(env: dict[str, str], *arguments: str) -> tuple[float, float, str]:
    """Run ``manage.py`` in a process of its own: wall seconds, processor seconds, output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *arguments],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout.strip()


def issue_packs(env: dict[str, str], wanted: int) -> int:
    """Issue new versions of the demo's ready shipment until ``wanted`` packs exist."""
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cloudcabin.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from cloudcabin.accounts.models import Membership
    from cloudcabin.accounts.tenancy import Actor
    from cloudcabin.documents.models import DocumentPack
    from cloudcabin.documents.services import issue_pack
    from cloudcabin.shipments.models import Shipment
    from cloudcabin.shipments.services import update_shipment

    owner = Membership.objects.select_related("user", "organization").get(
        user__email="owner@xian.demo"
    )
    actor = Actor(organization=owner.organization, role=owner.role, can_write=True, user=owner.user)
    shipment = Shipment.objects.get(organization=owner.organization, reference=REFERENCE)
    have = DocumentPack.objects.count()
    started = time.perf_counter()
    for number in range(have, wanted):
        update_shipment(
            actor=actor, shipment_id=shipment.pk, invoice_number=f"XSR-INV-BENCH-{number:05d}"
        )
        issue_pack(actor=actor, shipment_id=shipment.pk)
        done = number + 1 - have
        if done % 50 == 0:
            rate = done / (time.perf_counter() - started)
            print(f"  {number + 1:,} packs issued ({rate:.1f}/s)", flush=True)
    return DocumentPack.objects.count()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packs", type=int, default=1000)
    parser.add_argument("--keep", type=Path, default=None)
    options = parser.parse_args()
    folder = options.keep or Path(tempfile.mkdtemp(prefix="cloudcabin-bench-backup-"))
    folder.mkdir(parents=True, exist_ok=True)
    source = environment(folder, "demo.sqlite3", "media")
    if not (folder / "demo.sqlite3").exists():
        print("==> prepare_demo")
        manage(source, "prepare_demo")
    print(f"==> issuing packs up to {options.packs:,}")
    packs = issue_packs(source, options.packs)
    archive = folder / "backup.tar.gz"
    archive.unlink(missing_ok=True)
    wall, cpu, said = manage(source, "backup", str(archive))
    print(said)
    print(
        f"backup:  {wall:6.1f} s wall, {cpu:6.1f} s processor; {packs:,} packs, "
        f"archive {archive.stat().st_size / 1e6:,.1f} MB"
    )
    target = environment(folder, "restored.sqlite3", "restored-media")
    (folder / "restored.sqlite3").unlink(missing_ok=True)
    subprocess.run(["rm", "-rf", str(folder / "restored-media")], check=True)
    wall, cpu, said = manage(target, "restore", str(archive))
    print(said)
    print(f"restore: {wall:6.1f} s wall, {cpu:6.1f} s processor (every issued file verified)")
    print(f"load average: {os.getloadavg()[0]:.1f}; folder {folder}")


if __name__ == "__main__":
    main()
