"""A goods description read as parts of different weight.

A clerk types "cotton T-shirts"; a marketplace listing reads "Title words… | Material:
Cotton; Item Type: Tees | Category: Women's Clothing > Tops & Tees > T-Shirts". The
category's last step and the item type say what the goods are; the title adds marketing
words; the material decides between subheadings. Plain text is all title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cloudcabin.compliance.hs.vocabulary import key as key_of
from cloudcabin.reference.text import has_han

# Attribute names (any case) that say what the goods are or what they are made of.
KIND_KEYS = frozenset({"item type", "type", "product type", "use", "application"})
# The lining is not what the goods are made of (footwear and bags go by their upper or
# outer surface), so "lining material" is not read as the material.
MATERIAL_KEYS = frozenset({"material", "metals type", "fabric type", "main material", "材质"})
SEGMENT = re.compile(r"\s+\|\s+|\n+")
ATTRIBUTE = re.compile(r"^\s*([^:\uff1a]{1,40})[:\uff1a]\s*(.+)$")  # ASCII or full-width colon
PATH_STEP = re.compile(r"\s*>\s*")
# A category step mangled by a wrong encoding ("Women's Boots锛_o Not Post…(Obsolete)",
# "澶__"): what comes before the damage is kept, the rest says nothing.
GARBLED = re.compile(r"[_\u3400-\u9fff].*$|\((?:old, )?obsolete\)", re.IGNORECASE)
# "25kg bag", "500ml bottle", "750ml": the pack and its size, not the goods.
PACKING = re.compile(
    r"\b\d+(?:[.,]\d+)?\s*(?:kg|g|mg|t|l|ml|cl|oz|lb|lbs|pcs|pc)\b"
    r"(?:\s+(?:bag|bottle|box|can|jar|pack|sack|carton|drum|tin|tube)s?\b)?",
    re.IGNORECASE,
)

# Weights of the parts in the score: the category's last step and the item type name the
# goods; the title names them among marketing words; the rest of the path gives context.
WEIGHTS = {"title": 1.0, "leaf": 1.0, "kind": 0.8, "path": 0.6}


@dataclass(frozen=True)
class Part:
    role: str  # title, leaf, kind, path
    text: str
    weight: float


@dataclass(frozen=True)
class ReadQuery:
    parts: tuple[Part, ...]
    materials_text: str  # the material attributes, normalised ("" when none)
    normalised: str  # the whole text, normalised: the key of the confirmed-lines memory
    chinese: bool


def _clean_steps(path: str) -> list[str]:
    # An English category path: any Chinese in it is a wrongly decoded rest.
    steps = [GARBLED.sub("", step).strip() for step in PATH_STEP.split(path)]
    return [step for step in steps if step]


def read(text: str) -> ReadQuery:
    segments = [segment.strip() for segment in SEGMENT.split(text.strip()) if segment.strip()]
    parts: list[Part] = []
    materials: list[str] = []
    title_done = False
    for segment in segments:
        key, _, value = segment.partition(":")
        if key.strip().casefold() == "category" and value.strip():
            steps = _clean_steps(value)
            if steps:
                parts.append(Part("leaf", steps[-1], WEIGHTS["leaf"]))
            if len(steps) > 1:
                parts.append(Part("path", " ".join(steps[:-1]), WEIGHTS["path"]))
            continue
        attributes = [ATTRIBUTE.match(piece) for piece in segment.split(";")]
        if title_done and all(attributes):
            for found in attributes:
                assert found is not None
                name, value = found.group(1).strip().casefold(), found.group(2).strip()
                if name in MATERIAL_KEYS:
                    materials.append(value)
                elif name in KIND_KEYS:
                    parts.append(Part("kind", value, WEIGHTS["kind"]))
            continue
        title = PACKING.sub(" ", segment).strip() or segment
        parts.append(Part("title", title, WEIGHTS["title"] if not title_done else 0.5))
        title_done = True
    return ReadQuery(
        parts=tuple(parts),
        materials_text=key_of(" ".join(materials)),
        normalised=key_of(text),
        chinese=has_han(text),
    )
