"""Demo organizations and users for a local run. Idempotent: never touches existing rows."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from cloudcabin.accounts.models import AgentAssignment, Membership, Organization, Role, User
from cloudcabin.accounts.services import grant_back_office

DEMO_PASSWORD = "cloudcabin-demo"

DEMO_ORGANIZATIONS: list[dict[str, Any]] = [
    {
        "name_en": "Xi'an Silk Road Trading Co., Ltd.",
        "name_zh": "西安丝路贸易有限公司",
        "country": "CN",
        "address": "陕西省西安市国际港务区 / Xi'an International Trade & Logistics Park",
        "uscc": "91610131MA6U0EXA04",
    },
    {
        "name_en": "Duisburg Import GmbH",
        "country": "DE",
        "address": "Logport I, 47229 Duisburg",
        "eori": "DE4567890123456",
        "vat_number": "DE136695976",
    },
    {
        "name_en": "Cloudcabin Forwarding",
        "name_zh": "云舱国际货运代理有限公司",
        "country": "CN",
        # One line, "street, postcode city": the EU entry summary names the operator as
        # the carrier, with this address and its EORI number (a demo number).
        "address": "Gangwu Avenue 1, Xi'an International Port, 710026 Xi'an",
        "eori": "PL1234567890000",
        "is_operator": True,
    },
]

DEMO_PEOPLE = [
    ("owner@xian.demo", "Li Wei", "Xi'an Silk Road Trading Co., Ltd.", Role.OWNER, "zh-hans"),
    (
        "clerk@xian.demo",
        "Zhang Min",
        "Xi'an Silk Road Trading Co., Ltd.",
        Role.READ_ONLY,
        "zh-hans",
    ),
    ("owner@duisburg.demo", "Anna Becker", "Duisburg Import GmbH", Role.OWNER, "en"),
    ("agent@cloudcabin.demo", "Wang Fang", "Cloudcabin Forwarding", Role.AGENT, "en"),
    ("dispatcher@cloudcabin.demo", "Chen Jie", "Cloudcabin Forwarding", Role.DISPATCHER, "en"),
]


class Command(BaseCommand):
    help = "Create the demo organizations and users (if absent) and print their logins."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        organizations = {}
        for fields in DEMO_ORGANIZATIONS:
            org, _ = Organization.objects.get_or_create(name_en=fields["name_en"], defaults=fields)
            organizations[org.name_en] = org
        for email, name, org_name, role, language in DEMO_PEOPLE:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email, DEMO_PASSWORD, full_name=name, language=language
                )
            Membership.objects.get_or_create(
                user=user, organization=organizations[org_name], defaults={"role": role}
            )
        agent = User.objects.get(email="agent@cloudcabin.demo")
        grant_back_office(user=agent)
        for org in organizations.values():
            if not org.is_operator:
                AgentAssignment.objects.get_or_create(agent=agent, organization=org)
        if not User.objects.filter(email="admin@cloudcabin.demo").exists():
            User.objects.create_superuser("admin@cloudcabin.demo", DEMO_PASSWORD, full_name="Admin")

        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
        for email, _name, org_name, role, _lang in DEMO_PEOPLE:
            self.stdout.write(f"  {email:<26} {role:<10} {org_name}")
        self.stdout.write(
            f"  {'admin@cloudcabin.demo':<26} {'superuser':<10} back office at /admin/"
        )
        self.stdout.write("Open http://127.0.0.1:8000/\n")
