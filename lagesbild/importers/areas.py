"""Names and codes of Sweden's municipalities and counties (trygg.Municipality), for matching imports.

Sources write the same place in many ways, and all of them must find it:
- the name alone ("Tingsryd"), the official name ("Tingsryds kommun", "Falu kommun", "Stockholms stad",
  "Region Gotland", "Gotlands kommun"), or the name without the genitive s ("Tingsryd kommun");
- any case, extra or non-breaking spaces, letters composed or decomposed (NFC/NFD), and files whose Swedish
  letters were lost ("Vaxjo");
- hyphen, en dash, em dash or minus alike ("Malung–Sälen"), and with or without the space or hyphen of
  "Upplands-Bro" and "Upplands Väsby";
- counties as "Kronobergs län", "Kronoberg län" or "Region Kronoberg"; the country as "Riket", "Hela
  landet", "Hela riket", "Sverige" or "Totalt".
Counties have Kolada's region ids ("00" + länskod, e.g. "0007"), the country "0000".

Brå's older tables also list Stockholm's stadsdelsområden among the municipalities; `stadsdel` knows their
names (the current ones, from 2020, and the earlier ones) so that an importer can skip them with a reason.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from trygg.models import Municipality

from ..models import AreaLevel

COUNTRY_CODE = "0000"
COUNTRY_NAMES = ("riket", "hela riket", "hela landet", "sverige", "totalt")
# Genitives that are not the name plus s.
IRREGULAR = {"falu": "falun", "region gotland": "gotland"}
_DASHES = re.compile(r"\s*[-‐‑‒–—―−]\s*")

# Stockholm's stadsdelsområden: the 13 since 2020, the 14 of 2007–2019 (Älvsjö, Hägersten-Liljeholmen)
# and the 18 before 2007, as Brå's tables write them.
STOCKHOLM_STADSDELAR = (
    "Rinkeby-Kista",
    "Spånga-Tensta",
    "Hässelby-Vällingby",
    "Bromma",
    "Kungsholmen",
    "Norrmalm",
    "Östermalm",
    "Södermalm",
    "Enskede-Årsta-Vantör",
    "Skarpnäck",
    "Farsta",
    "Hägersten-Älvsjö",
    "Skärholmen",
    "Älvsjö",
    "Hägersten-Liljeholmen",
    "Kista",
    "Rinkeby",
    "Hägersten",
    "Liljeholmen",
    "Enskede-Årsta",
    "Vantör",
    "Maria-Gamla stan",
    "Katarina-Sofia",
)


def _text(name: str) -> str:
    """NFC, case-folded, one space between words, every kind of dash a hyphen."""
    text = unicodedata.normalize("NFC", name or "").casefold()
    text = " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ").split())
    return _DASHES.sub("-", text)


def normalise(name: str) -> str:
    """'  TINGSRYDS KOMMUN ' -> 'tingsryds' key: NFC, case-folded, spaces collapsed, dashes made hyphens,
    the suffix " kommun" or " stad" dropped."""
    text = _text(name)
    for suffix in (" kommun", " stad"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return text


def fold(text: str) -> str:
    """Without diacritics: 'växjö' -> 'vaxjo' (for files whose Swedish letters were lost)."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def compact(key: str) -> str:
    """Without spaces and hyphens: 'upplands-bro' and 'upplands bro' -> 'upplandsbro'."""
    return key.replace(" ", "").replace("-", "")


_STADSDELAR = {compact(fold(_text(n))): n for n in STOCKHOLM_STADSDELAR}


def stadsdel(name: str) -> str | None:
    """The stadsdelsområde of Stockholm that `name` is ("Södermalm", "Stockholm - Södermalm",
    "Rinkeby–Kista stadsdelsområde"), or None."""
    text = _text(name)
    text = re.sub(r"^stockholms?(?: stad)?\s*[-:,/]\s*", "", text)
    text = re.sub(r" (?:stadsdelsområde|stadsdelsnämnd|sdo|sdn)$", "", text)
    return _STADSDELAR.get(compact(fold(text)))


@dataclass(frozen=True)
class Place:
    level: str
    code: str
    name: str


class AreaRegistry:
    """All municipalities, counties (Kolada region ids "00" + länskod) and the country, read once."""

    def __init__(self):
        self.by_code: dict[str, Place] = {COUNTRY_CODE: Place(AreaLevel.COUNTRY, COUNTRY_CODE, _("Riket"))}
        self.by_name: dict[str, Place] = {n: self.by_code[COUNTRY_CODE] for n in COUNTRY_NAMES}
        # County code ("0007") -> its municipalities' codes, for sums over a county.
        self.municipalities_in: dict[str, list[str]] = {}
        for m in Municipality.objects.all():
            place = Place(AreaLevel.MUNICIPALITY, m.code, m.name)
            county = Place(AreaLevel.COUNTY, f"00{m.county_code}", m.county_name)
            self.by_code[m.code] = place
            self.by_code[county.code] = county
            self.by_name[normalise(m.name)] = place
            self.by_name[normalise(m.county_name)] = county
            self.municipalities_in.setdefault(county.code, []).append(m.code)
        for alias, key in IRREGULAR.items():
            if key in self.by_name:
                self.by_name[alias] = self.by_name[key]
        self.by_loose = {}
        for variant in (compact, fold, lambda k: compact(fold(k))):
            for key, place in self._unique(variant).items():
                self.by_loose.setdefault(key, place)

    def _unique(self, variant) -> dict[str, Place]:
        """Keys made looser by `variant`, kept only where they still name one place."""
        found: dict[str, set[Place]] = {}
        for key, place in self.by_name.items():
            found.setdefault(variant(key), set()).add(place)
        return {k: next(iter(v)) for k, v in found.items() if len(v) == 1}

    def code(self, code: str) -> Place | None:
        return self.by_code.get((code or "").strip())

    def candidates(self, name: str) -> list[str]:
        """The keys a written name may stand for, the likeliest first."""
        text = _text(name)
        key = normalise(name)
        keys = [text, key]
        if key != text and key.endswith("s"):  # "Tingsryds kommun" -> "tingsryds" -> "tingsryd"
            keys.append(key[:-1])
        if text.endswith(" län"):  # "Kronoberg län" -> "kronobergs län"
            keys.append(f"{text[:-4]}s län")
        if text.startswith("region ") and text not in IRREGULAR:  # "Region Kronoberg"
            keys += [f"{text[7:]} län", f"{text[7:]}s län"]
        return keys

    def name(self, name: str) -> Place | None:
        keys = self.candidates(name)
        for key in keys:
            if key in self.by_name:
                return self.by_name[key]
        for key in keys:
            for loose in (compact(key), fold(key), compact(fold(key))):
                if loose in self.by_loose:
                    return self.by_loose[loose]
        return None
