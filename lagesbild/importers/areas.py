"""Names and codes of Sweden's municipalities and counties (trygg.Municipality), for matching imports."""

import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from trygg.models import Municipality

from ..models import AreaLevel

COUNTRY_CODE = "0000"


def normalise(name: str) -> str:
    """'  TINGSRYDS KOMMUN ' -> 'tingsryd'-ish key: NFC, case-folded, spaces collapsed, suffix dropped."""
    text = unicodedata.normalize("NFC", name or "").casefold().strip()
    text = " ".join(text.replace("\u00a0", " ").split())
    for suffix in (" kommun", " stad"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return text


def fold(text: str) -> str:
    """Without diacritics: 'växjö' -> 'vaxjo' (for files whose Swedish letters were lost)."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@dataclass(frozen=True)
class Place:
    level: str
    code: str
    name: str


class AreaRegistry:
    """All municipalities, counties (Kolada region ids "00" + länskod) and the country, read once."""

    def __init__(self):
        self.by_code: dict[str, Place] = {COUNTRY_CODE: Place(AreaLevel.COUNTRY, COUNTRY_CODE, _("Riket"))}
        self.by_name: dict[str, Place] = {"riket": self.by_code[COUNTRY_CODE]}
        folded: dict[str, list[Place]] = {}
        for m in Municipality.objects.all():
            place = Place(AreaLevel.MUNICIPALITY, m.code, m.name)
            county = Place(AreaLevel.COUNTY, f"00{m.county_code}", m.county_name)
            self.by_code[m.code] = place
            self.by_code[county.code] = county
            self.by_name[normalise(m.name)] = place
            self.by_name[normalise(m.county_name)] = county
        for key, place in self.by_name.items():
            folded.setdefault(fold(key), []).append(place)
        self.by_folded = {k: v[0] for k, v in folded.items() if len(v) == 1}

    def code(self, code: str) -> Place | None:
        return self.by_code.get((code or "").strip())

    def name(self, name: str) -> Place | None:
        key = normalise(name)
        candidates = [key]
        # "Tingsryds kommun" -> "tingsryds" -> "tingsryd" (genitive s before "kommun").
        if (name or "").strip().casefold().endswith("kommun") and key.endswith("s"):
            candidates.append(key[:-1])
        for candidate in candidates:
            if candidate in self.by_name:
                return self.by_name[candidate]
        for candidate in candidates:
            if fold(candidate) in self.by_folded:
                return self.by_folded[fold(candidate)]
        return None
