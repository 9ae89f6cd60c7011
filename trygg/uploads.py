"""Uploaded documents (minutes, decisions, plans): where they are stored and what is accepted.

Files are stored under a random name in one folder per model, so that a document's address cannot
be guessed from its title, and a user's file name (which may hold personal data) is not kept on disk.
Only PDF and the common office formats are accepted, and the content must match the extension:
a renamed executable is refused even when it is called "protokoll.pdf".
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

PDF_MAGIC = b"%PDF"
ZIP_MAGIC = b"PK\x03\x04"  # OOXML (.docx, .xlsx, .pptx) and ODF (.odt, .ods) are ZIP containers
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old Microsoft Office (.doc, .xls)

ALLOWED_EXTENSIONS: dict[str, bytes] = {
    ".pdf": PDF_MAGIC,
    ".docx": ZIP_MAGIC,
    ".xlsx": ZIP_MAGIC,
    ".pptx": ZIP_MAGIC,
    ".odt": ZIP_MAGIC,
    ".ods": ZIP_MAGIC,
    ".doc": OLE_MAGIC,
    ".xls": OLE_MAGIC,
}


def safe_extension(filename: str) -> str:
    """The file's extension in lower case when it is an allowed one, else an empty string."""
    ext = PurePath(filename or "").suffix.lower()
    return ext if ext in ALLOWED_EXTENSIONS else ""


def upload_to(instance, filename: str) -> str:
    """A non-guessable path: '<app>/<model>/<uuid4 hex><ext>'."""
    opts = instance._meta
    return f"{opts.app_label}/{opts.model_name}/{uuid.uuid4().hex}{safe_extension(filename)}"


def file_url(file) -> str:
    """Where a stored file is read: /filer/<name>, which checks who asks (trygg.files). MEDIA_URL points
    there too, so a FileField's `.url` (the admin's "Nuvarande" link) goes through the same check."""
    return reverse("file", kwargs={"path": file.name}) if file else ""


def max_upload_bytes() -> int:
    return settings.TRYGG_UPLOAD_MAX_MB * 1024 * 1024


@deconstructible
class DocumentValidator:
    """Allow only PDF and office documents within the size limit, checked by content as well as name."""

    def __call__(self, value) -> None:
        if isinstance(value, FieldFile) and getattr(value, "_committed", False):
            return  # already stored: it was checked when it was uploaded
        name = getattr(value, "name", "") or ""
        ext = PurePath(name).suffix.lower()
        if ext not in ALLOWED_EXTENSIONS:
            raise ValidationError(
                _("Filtypen %(ext)s är inte tillåten. Ladda upp PDF eller ett vanligt kontorsformat."),
                code="file_type",
                params={"ext": ext or _("(utan filändelse)")},
            )
        if value.size is not None and value.size > max_upload_bytes():
            raise ValidationError(
                _("Filen är för stor (max %(mb)s MB)."),
                code="file_size",
                params={"mb": settings.TRYGG_UPLOAD_MAX_MB},
            )
        magic = ALLOWED_EXTENSIONS[ext]
        if _read_head(value, len(magic)) != magic:
            raise ValidationError(
                _("Filens innehåll stämmer inte med filändelsen %(ext)s. Kontrollera att det är rätt fil."),
                code="file_content",
                params={"ext": ext},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, DocumentValidator)


def _read_head(value, length: int) -> bytes:
    file = getattr(value, "file", value)
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(length)
    finally:
        file.seek(position)
    return head if isinstance(head, bytes) else head.encode()


validate_document = DocumentValidator()
