"""Every template in the project compiles (a broken include would otherwise only fail when shown)."""

from pathlib import Path

import pytest
from django.template.loader import get_template

ROOT = Path(__file__).resolve().parents[2] / "templates"
TEMPLATES = sorted(str(p.relative_to(ROOT)) for p in ROOT.rglob("*.html"))


@pytest.mark.parametrize("name", TEMPLATES)
def test_template_compiles(name):
    assert get_template(name).template.name == name


def test_templates_have_no_inline_script_or_style():
    offenders = [
        name
        for name in TEMPLATES
        if 'style="' in (ROOT / name).read_text() or "<script>" in (ROOT / name).read_text()
    ]
    assert offenders == []


def test_pagination_keeps_filters_and_anchor(rf):
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string

    page = Paginator(list(range(45)), 20).page(2)
    html = render_to_string(
        "includes/_pagination.html",
        {"page_obj": page, "page_anchor": "beslut"},
        request=rf.get("/samverkan/", {"q": "Ryd", "page": "2"}),
    )
    assert 'href="?q=Ryd&amp;page=3#beslut"' in html
    assert 'aria-current="page" href="?q=Ryd&amp;page=2#beslut"' in html
    assert "Sida 2 av 3 (45 träffar)" in html


def test_select_fields_have_a_swedish_blank_choice():
    """Django 6.1's new blank-choice label is missing from its Swedish catalogue; locale/ adds it."""
    from django.db.models.fields import BLANK_CHOICE_LABEL
    from django.utils import translation

    with translation.override("sv"):
        assert str(BLANK_CHOICE_LABEL) == "- Välj -"
