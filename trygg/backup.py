"""A consistent backup of the database and the uploaded files, and its restore (`manage.py backup`,
`manage.py restore`).

A backup is a folder with three files:
- `data.json.gz`: every row of every app (Django's dumpdata, natural keys), read inside one
  REPEATABLE READ transaction on PostgreSQL, so the rows agree with each other even while the site is
  in use. Left out: what Django rebuilds itself (content types, permissions), sessions and django-axes'
  sign-in logs.
- `media.tar.gz`: everything under MEDIA_ROOT (uploaded documents, stored report PDFs).
- `manifest.json`: when, the row count per model and the SHA-256 of every file, which `restore`
  checks after loading.

`restore` loads a backup into an empty database that has been migrated (`manage.py migrate`) and an
empty MEDIA_ROOT, and refuses anything else, so it can never mix a backup into live data. Works on
PostgreSQL and SQLite alike; for large installations the database's own tools (pg_dump) are faster,
but this keeps database and files together and is the same on every machine.
"""

import datetime
import gzip
import hashlib
import io
import json
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import override_settings

EXCLUDE = ["contenttypes", "auth.permission", "sessions", "axes", "admin.logentry"]
# Rows that `migrate` itself creates (reference data and the roles' groups): present in an empty
# database, and replaced by the backup's rows on restore.
REFERENCE = {"trygg.municipality", "cycles.step", "cycles.checklisttemplateitem", "auth.group"}


def _is_reference(label: str) -> bool:
    app, _dot, model = label.partition(".")
    return label in REFERENCE or (model.startswith("historical") and f"{app}.{model[10:]}" in REFERENCE)


class BackupError(Exception):
    pass


def _models():
    excluded = set(EXCLUDE)
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in excluded or label in excluded or not model._meta.managed:
            continue
        if model._meta.proxy:
            continue
        yield label, model


def row_counts() -> dict[str, int]:
    """Rows per model label, for every model a backup holds."""
    return {label: model._default_manager.count() for label, model in _models()}


def _files(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def backup(folder: Path) -> dict:
    """Write a backup into `folder` (created; must not exist). Returns the manifest."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=False)
    data = io.StringIO()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        call_command(
            "dumpdata",
            natural_foreign=True,
            natural_primary=True,
            exclude=EXCLUDE,
            stdout=data,
            verbosity=0,
        )
        counts = row_counts()
    with gzip.open(folder / "data.json.gz", "wt", encoding="utf-8") as out:
        out.write(data.getvalue())
    media = Path(settings.MEDIA_ROOT)
    files = _files(media) if media.exists() else {}
    with tarfile.open(folder / "media.tar.gz", "w:gz") as tar:
        for name in files:
            tar.add(media / name, arcname=name)
    manifest = {
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "counts": counts,
        "files": files,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return manifest


def restore(folder: Path) -> dict:
    """Load a backup into an empty, migrated database and an empty MEDIA_ROOT, then check it against the
    manifest. Raises BackupError (changing nothing) if the target is not empty or the backup is broken."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"Hittar ingen läsbar manifest.json i {folder}: {exc}") from exc
    media = Path(settings.MEDIA_ROOT)
    present = {label: n for label, n in row_counts().items() if n and not _is_reference(label)}
    if present:
        raise BackupError(
            "Databasen är inte tom, så inget har lästs in. Återställ till en ny, migrerad databas. "
            f"Det finns redan: {', '.join(sorted(present))}."
        )
    if media.exists() and any(p.is_file() for p in media.rglob("*")):
        raise BackupError(f"MEDIA_ROOT ({media}) är inte tom, så inget har lästs in.")
    # The backup holds the audit history itself: neither clearing nor loading writes history of its own.
    with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        # What migrate created is replaced by the backup's own rows (their keys may differ).
        for label, model in _models():
            if _is_reference(label):
                model._default_manager.all().delete()
        call_command("loaddata", str(folder / "data.json.gz"), verbosity=0)
        counts = row_counts()
        wrong = {
            label: (counts.get(label), n)
            for label, n in manifest["counts"].items()
            if counts.get(label) != n and not _is_reference(label)
        }
        if wrong:
            raise BackupError(f"Antalet rader stämmer inte med säkerhetskopian: {wrong}")
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / "media.tar.gz", "r:gz") as tar:
        tar.extractall(media, filter="data")
    files = _files(media)
    if files != manifest["files"]:
        raise BackupError("Filerna stämmer inte med säkerhetskopians kontrollsummor.")
    return manifest
