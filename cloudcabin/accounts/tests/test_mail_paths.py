"""Every e-mail goes through the mail task (``accounts.tasks.deliver_mail``): written in the
recipient's language by its caller, sent by the task with ``EMAIL_TIMEOUT`` and retried.
A module that sent mail itself would do so inside a request, without either."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

import cloudcabin

SENDING = {
    "send_mail",
    "send_mass_mail",
    "mail_admins",
    "mail_managers",
    "EmailMessage",
    "EmailMultiAlternatives",
    "get_connection",
}
ROOT = Path(cloudcabin.__file__).parent


def senders() -> dict[str, set[str]]:
    """Each module (tests aside) that imports Django's mail sending, and what it imports."""
    found: dict[str, set[str]] = {}
    for path in ROOT.rglob("*.py"):
        if "tests" in path.relative_to(ROOT).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: set[str] = set()
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("django.core"):
                imported = {alias.name for alias in node.names}
                names = imported & SENDING if node.module == "django.core.mail" else set()
                if node.module == "django.core" and "mail" in imported:
                    names = {"mail"}
            elif isinstance(node, ast.Import):
                names = {a.name for a in node.names if a.name.startswith("django.core.mail")}
            if names:
                found.setdefault(str(path.relative_to(ROOT)), set()).update(names)
    return found


def test_only_the_mail_task_talks_to_the_mail_server():
    assert senders() == {"accounts/tasks.py": {"send_mail"}}


def test_the_mail_server_has_a_timeout():
    assert 0 < settings.EMAIL_TIMEOUT <= 60
