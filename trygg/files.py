"""Uploaded files, delivered only to someone who may see the object that holds them: /filer/<path>.

Nothing serves MEDIA_ROOT directly. Each app says, next to its permissions (its rules.py), which file
fields it has, which of their objects are public (the same QuerySet method its public pages start
from) and who else may read them (the same permission its workspace checks). The view looks the stored
name up in those fields and answers 404 to anyone else, so that a file's existence is not revealed.

Development and tests send the bytes from Django; production (`TRYGG_FILE_DELIVERY = "nginx"`) hands
the file to nginx with X-Accel-Redirect to an internal location (deploy/nginx/trygg-files.conf), so a
gunicorn worker is not held while a large PDF goes out. With an object store (STORAGE=s3) the answer is a
redirect to the file's link in the store, signed and valid for a minute ("redirect").
"""

import mimetypes
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.db import models
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from .models import MunicipalitySettings

PUBLIC_CACHE = "public, max-age=3600"
PRIVATE_CACHE = "private, no-store"
INLINE_EXTENSIONS = {".pdf"}  # browsers show PDFs; office documents are downloaded


@dataclass(frozen=True)
class ProtectedFile:
    """A file field and who may read its files."""

    model: type[models.Model]
    field: str
    public: Callable[[models.QuerySet], models.QuerySet]  # the objects whose file anyone may read
    may_read: Callable  # (user, obj) -> bool: signed-in staff who may read it in the workspace
    label: Callable[[models.Model], str] = str  # the file name offered to the browser, before slugify

    def owner(self, name: str) -> models.Model | None:
        return self.model._default_manager.filter(**{self.field: name}).first()

    def is_public(self, obj) -> bool:
        return self.public(self.model._default_manager.all()).filter(pk=obj.pk).exists()


PROTECTED_FILES: list[ProtectedFile] = []


def protect(model, field: str, *, public, may_read, label=str) -> None:
    """Register a file field; every FileField in the project must be registered (a test checks)."""
    PROTECTED_FILES.append(ProtectedFile(model, field, public, may_read, label))


def candidates(name: str) -> list[ProtectedFile]:
    """The registered fields to look a stored name up in: first those of the model its folder names
    ('<app>/<model>/…', trygg.uploads.upload_to), then the rest (files stored under other names)."""
    folder = "/".join(name.split("/")[:2])
    first = [e for e in PROTECTED_FILES if f"{e.model._meta.app_label}/{e.model._meta.model_name}" == folder]
    return first + [e for e in PROTECTED_FILES if e not in first]


def no_one(queryset: models.QuerySet) -> models.QuerySet:
    """For `public=`: files that are never public."""
    return queryset.none()


def is_safe_name(name: str) -> bool:
    """A relative storage name without '..', '.', empty parts, backslashes or NUL bytes."""
    if not name or name.startswith("/") or "\\" in name or "\x00" in name:
        return False
    parts = name.split("/")
    return all(part not in ("", ".", "..") for part in parts) and posixpath.normpath(name) == name


def download_name(label: str, name: str) -> str:
    """An ASCII file name for Content-Disposition: the object's name, slugified, with the file's extension."""
    return f"{slugify(label)[:80] or 'dokument'}{PurePosixPath(name).suffix.lower()}"


@require_safe
def download(request, path: str):
    """/filer/<path>: the file, if its object is public or the signed-in user may read it; else 404."""
    if not is_safe_name(path):
        raise Http404
    for entry in candidates(path):
        obj = entry.owner(path)
        if obj is None:
            continue
        if entry.is_public(obj):
            return deliver(entry, obj, path, public=True)
        user = request.user
        if user.is_authenticated and user.has_perm("trygg.view_workspace") and entry.may_read(user, obj):
            return deliver(entry, obj, path, public=False)
    raise Http404


def deliver(entry: ProtectedFile, obj, name: str, *, public: bool) -> HttpResponse:
    """The file's response: from nginx (X-Accel-Redirect) or from Django, with safe headers."""
    storage = entry.model._meta.get_field(entry.field).storage
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    suffix = PurePosixPath(name).suffix.lower()
    disposition = content_disposition_header(
        as_attachment=suffix not in INLINE_EXTENSIONS, filename=download_name(entry.label(obj), name)
    )
    if settings.TRYGG_FILE_DELIVERY == "redirect":
        # An object store (STORAGE=s3): to its link, signed for a minute, with the same headers.
        if not storage.exists(name):
            raise Http404
        url = storage.url(
            name, parameters={"ResponseContentType": content_type, "ResponseContentDisposition": disposition}
        )
        response = HttpResponseRedirect(url)
        response["Cache-Control"] = PRIVATE_CACHE  # the signed link expires: never keep the redirect
        return response
    if settings.TRYGG_FILE_DELIVERY == "nginx":
        if not storage.exists(name):
            raise Http404
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.TRYGG_FILE_ACCEL_PREFIX + quote(name)
    else:
        try:
            response = FileResponse(storage.open(name, "rb"), content_type=content_type)
        except FileNotFoundError:
            raise Http404 from None
    response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = PUBLIC_CACHE if public else PRIVATE_CACHE
    return response


# The programme plan is linked from the home page: always public.
protect(
    MunicipalitySettings,
    "programme_plan",
    public=lambda rows: rows.all(),
    may_read=lambda user, obj: True,
    label=lambda site: f"programplan {site}",
)
