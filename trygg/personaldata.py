"""What in a resident's free text may be personal data: the pattern forms refuse (a personnummer), and
the flags a moderator sees on a case page (personnummer, phone numbers, e-mail addresses, names), marked
in the text. Used by every case that starts from a resident's words: reports of unsafe places, feedback
on a measure, accessibility feedback."""

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# YYMMDD-XXXX, YYMMDD+XXXX, YYMMDDXXXX, YYYYMMDD-XXXX and YYYYMMDDXXXX, with a plausible month and
# day (samordningsnummer add 60 to the day). Organisation numbers (month digits 20 and up) and
# ISO dates (2025-06-10) do not match.
PERSONNUMMER_RE = re.compile(
    r"(?<![\d-])(?:(?:19|20)\d{2}|\d{2})(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])"
    r"[-+]?\d{4}(?!\d)"
)


@dataclass(frozen=True)
class Flag:
    kind: str  # personnummer, telefon, e-post, namn
    label: str
    start: int
    end: int
    text: str


# A personnummer written any way: the strict form the forms refuse, and with a space before the last four.
LOOSE_PERSONNUMMER_RE = re.compile(
    r"(?<![\d-])(?:(?:19|20)\d{2}|\d{2})(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])"
    r"[ \t]\d{4}(?!\d)"
)
# Swedish phone numbers: 07x-xxx xx xx, 0477-123 45, +46 70 123 45 67, 0701234567.
PHONE_RE = re.compile(r"(?<![\d+])(?:\+46[ -]?|0)\d{1,3}(?:[ -]?\d){5,8}(?!\d)")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Two capitalised words in a row ("Kalle Svensson"), unless the first one starts a sentence.
NAME_RE = re.compile(r"(?<![\w.])([A-ZÅÄÖÉ][a-zåäöéü]+)[ \t]+([A-ZÅÄÖÉ][a-zåäöéü]+)\b")
SENTENCE_START_RE = re.compile(r"(?:^|[.!?:]\s+|\n\s*)$")


def personal_data_flags(text: str) -> list[Flag]:
    """What in a resident's text may be personal data, for the moderator to look at, in text order.

    Personnummer, phone numbers and e-mail addresses are found reliably. Names cannot be: the heuristic
    takes two capitalised words in a row that do not start a sentence ("såg Kalle Svensson"). It misses
    a first name alone, a name at the start of a sentence and names written in lower case, and it flags
    two-word proper names that are not people ("Folkets Hus", "Ica Maxi"). The moderator reads the whole
    text anyway; the flags only point."""
    found: list[Flag] = []
    patterns = [
        ("personnummer", _("möjligt personnummer"), PERSONNUMMER_RE),
        ("personnummer", _("möjligt personnummer"), LOOSE_PERSONNUMMER_RE),
        ("e-post", _("e-postadress"), EMAIL_RE),
        ("telefon", _("möjligt telefonnummer"), PHONE_RE),
    ]
    for kind, label, pattern in patterns:
        for match in pattern.finditer(text or ""):
            found.append(Flag(kind, label, match.start(), match.end(), match.group(0)))
    for match in NAME_RE.finditer(text or ""):
        if SENTENCE_START_RE.search(text[: match.start()]):
            continue
        found.append(Flag("namn", _("möjligt namn"), match.start(), match.end(), match.group(0)))
    kept: list[Flag] = []
    for flag in sorted(found, key=lambda f: (f.start, -f.end)):
        if kept and flag.start < kept[-1].end:
            continue  # overlaps one found first (a personnummer is not also a phone number)
        kept.append(flag)
    return kept


def highlight_flags(text: str, flags: list[Flag]) -> SafeString:
    """The text, escaped, with each flag in a <mark> followed by its kind for screen readers."""
    parts, pos = [], 0
    for flag in flags:
        parts.append(escape(text[pos : flag.start]))
        parts.append(
            f'<mark class="bg-warning-subtle">{escape(flag.text)}</mark>'
            f'<span class="visually-hidden"> ({escape(flag.label)})</span>'
        )
        pos = flag.end
    parts.append(escape(text[pos:]))
    html = "".join(parts).replace("\n", "<br>\n")
    return mark_safe(html)  # noqa: S308 - every piece of text above is escaped


def flag_context(text: str) -> dict:
    """What a case page shows of a resident's text: the flags, their kinds once each, and the text with
    each flag marked."""
    flags = personal_data_flags(text)
    return {
        "flags": flags,
        "flag_kinds": list(dict.fromkeys(flag.label for flag in flags)),
        "original": highlight_flags(text, flags),
    }
