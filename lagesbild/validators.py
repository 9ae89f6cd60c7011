"""Checks on free text: no personal identity numbers, and rich text cleaned of anything active.

The portal must not hold data on named individuals (no names, no personal identity numbers, no
confidential police material), so text that looks like a personnummer or samordningsnummer is refused
with an explanation rather than stored, and the fields where people might be tempted to write names
say so in their help text.
"""

import nh3
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from trygg.personaldata import PERSONNUMMER_RE

# The help text of free-text fields about people and events.
NO_NAMES_HELP = _(
    "Skriv inte namn på enskilda personer eller personnummer, och inget sekretessbelagt polismaterial."
)

PERSONNUMMER_MESSAGE = _(
    "Texten ser ut att innehålla ett personnummer (%(match)s). Uppgifter om enskilda personer får inte "
    "sparas här. Ta bort numret och beskriv situationen utan att peka ut någon."
)


def find_personnummer(value: str | None) -> str | None:
    """The first personnummer-like string in the text (tags ignored), or None."""
    if not value:
        return None
    match = PERSONNUMMER_RE.search(strip_tags(str(value)))
    return match.group(0) if match else None


def validate_no_personnummer(value: str | None) -> None:
    found = find_personnummer(value)
    if found:
        raise ValidationError(PERSONNUMMER_MESSAGE, code="personnummer", params={"match": found})


ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "ul",
    "ol",
    "li",
    "h3",
    "h4",
    "blockquote",
    "a",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "th": {"scope"}}


def clean_rich_text(value: str | None) -> str:
    """Keep simple formatting only: scripts, styles, event handlers and javascript: links go."""
    if not value:
        return ""
    return nh3.clean(
        str(value),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()
