"""trygg.uploads: only PDF and office documents, by content as well as by name, within the size limit."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from actors.forms import DecisionForm
from actors.models import Decision
from tests.actors.factories import DecisionFactory, ForumFactory
from trygg.uploads import safe_extension, upload_to, validate_document

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ZIP = b"PK\x03\x04" + b"\x00" * 40
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TRYGG_UPLOAD_MAX_MB = 1


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("protokoll.pdf", PDF),
        ("Protokoll.PDF", PDF),
        ("beslut.docx", ZIP),
        ("budget.xlsx", ZIP),
        ("bilder.pptx", ZIP),
        ("text.odt", ZIP),
        ("kalkyl.ods", ZIP),
        ("gammal.doc", OLE),
        ("gammal.xls", OLE),
    ],
)
def test_allowed_documents_pass(name, content):
    validate_document(SimpleUploadedFile(name, content))


def test_wrong_file_type_is_refused_in_swedish():
    with pytest.raises(ValidationError) as excinfo:
        validate_document(SimpleUploadedFile("virus.exe", b"MZ\x90\x00"))
    assert excinfo.value.messages == [
        "Filtypen .exe är inte tillåten. Ladda upp PDF eller ett vanligt kontorsformat."
    ]


def test_fake_pdf_is_refused_by_its_content():
    with pytest.raises(ValidationError) as excinfo:
        validate_document(SimpleUploadedFile("protokoll.pdf", b"MZ\x90\x00 not a pdf at all"))
    assert excinfo.value.code == "file_content"
    assert "stämmer inte med filändelsen .pdf" in excinfo.value.messages[0]


def test_docx_that_is_really_a_pdf_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        validate_document(SimpleUploadedFile("beslut.docx", PDF))
    assert excinfo.value.code == "file_content"


def test_too_big_file_is_refused_with_the_limit_in_the_message():
    big = SimpleUploadedFile("protokoll.pdf", PDF + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError) as excinfo:
        validate_document(big)
    assert excinfo.value.messages == ["Filen är för stor (max 1 MB)."]


def test_validator_leaves_the_file_position_at_the_start():
    upload = SimpleUploadedFile("protokoll.pdf", PDF)
    validate_document(upload)
    assert upload.read() == PDF


def test_upload_to_uses_a_random_name_in_a_folder_per_model():
    first = upload_to(Decision(), "Protokoll med Namn Efternamn.PDF")
    second = upload_to(Decision(), "Protokoll med Namn Efternamn.PDF")
    assert re.fullmatch(r"actors/decision/[0-9a-f]{32}\.pdf", first)
    assert first != second
    assert "Namn" not in first


def test_upload_to_drops_an_unknown_extension():
    assert safe_extension("skript.php") == ""
    assert re.fullmatch(r"actors/decision/[0-9a-f]{32}", upload_to(Decision(), "skript.php"))


def _decision_data(forum):
    return {
        "forum": forum.pk,
        "decided_on": "2025-03-04",
        "paragraph": "KS § 45",
        "diary_number": "KS 2025/12",
        "title": "Trygghetsvandringar i Ryd",
        "summary": "Kommunstyrelsen gav förvaltningen i uppdrag att genomföra vandringarna.",
        "visibility": "public",
    }


@pytest.mark.django_db
def test_rejected_file_keeps_the_rest_of_the_form():
    forum = ForumFactory()
    form = DecisionForm(
        data=_decision_data(forum), files={"document": SimpleUploadedFile("beslut.exe", b"MZ\x90\x00")}
    )
    assert not form.is_valid()
    assert form.errors["document"] == [
        "Filtypen .exe är inte tillåten. Ladda upp PDF eller ett vanligt kontorsformat."
    ]
    html = form.as_div()
    assert 'value="KS § 45"' in html
    assert 'value="KS 2025/12"' in html
    assert "Kommunstyrelsen gav förvaltningen i uppdrag" in html
    assert Decision.objects.count() == 0


@pytest.mark.django_db
def test_valid_file_is_stored_under_a_random_name():
    forum = ForumFactory()
    form = DecisionForm(
        data=_decision_data(forum), files={"document": SimpleUploadedFile("Beslut KS 45.pdf", PDF)}
    )
    assert form.is_valid(), form.errors
    decision = form.save()
    assert re.fullmatch(r"actors/decision/[0-9a-f]{32}\.pdf", decision.document.name)
    assert decision.document.read() == PDF


@pytest.mark.django_db
def test_editing_a_decision_keeps_its_stored_file_without_rechecking():
    decision = DecisionFactory(
        document=SimpleUploadedFile("beslut.pdf", PDF), decided_on=datetime.date(2025, 1, 2)
    )
    data = _decision_data(decision.forum) | {"title": "Ny rubrik", "loaded_version": decision.version}
    form = DecisionForm(data=data, instance=decision)
    assert form.is_valid(), form.errors
    assert form.save().document.name == decision.document.name
