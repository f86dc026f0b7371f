"""Time-zone names as people read them: "Beijing time (UTC+8)", "北京时间 (UTC+8)", not the
IANA identifier "Asia/Shanghai"."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The zones of the network's stations; another zone is named after its city as IANA spells it.
ZONE_NAMES = {
    "Asia/Shanghai": _("Beijing time"),
    "Asia/Urumqi": _("Xinjiang time"),
    "Asia/Almaty": _("Almaty time"),
    "Asia/Tashkent": _("Tashkent time"),
    "Asia/Ulaanbaatar": _("Ulaanbaatar time"),
    "Asia/Baku": _("Baku time"),
    "Asia/Tbilisi": _("Tbilisi time"),
    "Europe/Moscow": _("Moscow time"),
    "Europe/Minsk": _("Minsk time"),
    "Europe/Warsaw": _("Warsaw time"),
    "Europe/Berlin": _("Berlin time"),
    "Europe/Amsterdam": _("Amsterdam time"),
    "Europe/Budapest": _("Budapest time"),
    "Europe/Rome": _("Rome time"),
    "Europe/Paris": _("Paris time"),
    "Europe/Madrid": _("Madrid time"),
    "Europe/Istanbul": _("Istanbul time"),
    "Europe/Bucharest": _("Bucharest time"),
    "UTC": _("Coordinated Universal Time"),
}


def zone_label(zone: str, at: datetime | None = None) -> str:
    """The zone's name in the active language with its offset at ``at`` (summer time
    moves it): "Berlin time (UTC+1)"."""
    offset = (at or timezone.now()).astimezone(ZoneInfo(zone)).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    shown = f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
    name = ZONE_NAMES.get(zone) or zone.rsplit("/", 1)[-1].replace("_", " ")
    return f"{name} ({shown})"


# Countries of the network that keep one time zone, so a station's country names its zone.
# Russia and Mongolia span several zones: a place there has no zone known from its country.
COUNTRY_ZONES = {
    "CN": "Asia/Shanghai",  # the railways keep Beijing time in Xinjiang too
    "KZ": "Asia/Almaty",  # one zone (UTC+5) since March 2024
    "UZ": "Asia/Tashkent",
    "AZ": "Asia/Baku",
    "GE": "Asia/Tbilisi",
    "BY": "Europe/Minsk",
    "PL": "Europe/Warsaw",
    "DE": "Europe/Berlin",
    "NL": "Europe/Amsterdam",
    "HU": "Europe/Budapest",
    "IT": "Europe/Rome",
    "FR": "Europe/Paris",
    "TR": "Europe/Istanbul",
    "RO": "Europe/Bucharest",
}


def zone_of_place(locode: str) -> str:
    """The IANA zone of a UN/LOCODE place from its country, or "" where it is not one zone."""
    return COUNTRY_ZONES.get(locode[:2].upper(), "")
