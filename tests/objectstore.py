"""A stand-in for an S3-compatible object store in tests: files on disk, links signed as S3 signs them
(an address outside the site, valid for a short time, with the response headers as parameters)."""

from urllib.parse import quote, urlencode

from django.core.files.storage import FileSystemStorage


class SignedLinkStorage(FileSystemStorage):
    def url(self, name, parameters=None, expire=None):
        query = {"X-Amz-Expires": 60, "X-Amz-Signature": "abc123", **(parameters or {})}
        return f"https://objekt.example/trygg/{quote(name)}?{urlencode(query)}"
