"""Fixtures shared by the cycles tests: stored PDFs go to a temporary folder, and WeasyPrint (the
outside library) can be replaced by a fake that records the HTML it is given."""

import pytest


class FakeHTML:
    """Stands in for WeasyPrint: records the HTML it is given, returns a tiny PDF."""

    rendered: list[str] = []

    def __init__(self, string, **kwargs):
        FakeHTML.rendered.append(string)

    def write_pdf(self, **kwargs):
        return b"%PDF-1.7 test"


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded and stored files (finalised reports' PDFs) go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def pdf_html(monkeypatch):
    """The HTML each PDF would have been made from, with WeasyPrint faked."""
    FakeHTML.rendered = []
    monkeypatch.setattr("weasyprint.HTML", FakeHTML)
    return FakeHTML.rendered
