"""A backup of the database and the uploaded files restores into an empty database and storage with the
same rows and the same files; a restore refuses a database or storage that is not empty."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from actors.models import Decision
from cycles.models import Measure
from lagesbild.models import IndicatorValue
from trygg.backup import row_counts

pytestmark = pytest.mark.django_db(transaction=True)


def test_backup_then_restore_into_an_empty_database_and_storage(settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=io.StringIO())
    decision = Decision.objects.order_by("pk").first()
    decision.document.save("beslut.pdf", ContentFile(b"%PDF-1.7 demo"), save=True)
    before = row_counts()
    stored = (tmp_path / "media" / decision.document.name).read_bytes()
    out = io.StringIO()
    call_command("backup", output=str(tmp_path / "backup"), stdout=out)
    assert "Säkerhetskopian finns i" in out.getvalue()

    # A restore never mixes into live data.
    with pytest.raises(CommandError, match="Databasen är inte tom"):
        call_command("restore", str(tmp_path / "backup"), stdout=io.StringIO())

    call_command("flush", interactive=False, verbosity=0)  # an empty, migrated database
    settings.MEDIA_ROOT = tmp_path / "new-media"
    assert not Measure.objects.exists()
    call_command("restore", str(tmp_path / "backup"), stdout=io.StringIO())
    assert row_counts() == before
    assert Measure.objects.count() > 0 and IndicatorValue.objects.count() > 0
    restored = Decision.objects.get(pk=decision.pk)
    assert (tmp_path / "new-media" / restored.document.name).read_bytes() == stored


def test_restore_refuses_storage_that_is_not_empty(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("backup", output=str(tmp_path / "backup"), stdout=io.StringIO())
    (tmp_path / "media").mkdir(exist_ok=True)
    (tmp_path / "media" / "annan.pdf").write_bytes(b"x")
    with pytest.raises(CommandError, match="MEDIA_ROOT"):
        call_command("restore", str(tmp_path / "backup"), stdout=io.StringIO())
