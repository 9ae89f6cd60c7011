"""A small HTTP client for the cluster tests (standard library only, loopback only).

It keeps its own cookies, since the production settings mark them Secure and the loopback cluster
speaks plain http; it reads forms from the HTML and sends them back as a browser would (every field
with its current value, the CSRF token included), with an Origin header that Django's CSRF check
accepts: http://127.0.0.1:<port> through nginx (in CSRF_TRUSTED_ORIGINS), https://… straight to an
app server, to which the client then also says `X-Forwarded-Proto: https`, as nginx does.
"""

import html
import http.client
import re
import secrets
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

HOST = "127.0.0.1"


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    set_cookies: list[str]

    @property
    def text(self) -> str:
        """The body as text, HTML entities resolved (for looking for a title in a page)."""
        return html.unescape(self.body.decode("utf-8", errors="replace"))

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


class Client:
    """One visitor: a cookie jar and the server it talks to (nginx, or an app server directly)."""

    def __init__(
        self,
        port: int,
        *,
        app_server: bool = False,
        source: str | None = None,
        cookies: dict | None = None,
        timeout: float = 30,
    ):
        self.port, self.app_server, self.source, self.timeout = port, app_server, source, timeout
        self.cookies: dict[str, str] = {} if cookies is None else cookies

    def on(self, port: int, *, app_server: bool = True) -> "Client":
        """The same visitor (the same cookie jar) talking to another server."""
        return Client(
            port, app_server=app_server, source=self.source, cookies=self.cookies, timeout=self.timeout
        )

    @property
    def origin(self) -> str:
        return f"{'https' if self.app_server else 'http'}://{HOST}:{self.port}"

    def request(
        self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None
    ) -> Response:
        source = (self.source, 0) if self.source else None
        conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout, source_address=source)
        sent = {"Host": f"{HOST}:{self.port}", **(headers or {})}
        if self.app_server:
            sent["X-Forwarded-Proto"] = "https"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method != "GET":
            sent.setdefault("Origin", self.origin)
        try:
            conn.request(method, path, body=body, headers=sent)
            raw = conn.getresponse()
            response = Response(raw.status, raw.headers, raw.read(), raw.headers.get_all("Set-Cookie") or [])
        finally:
            conn.close()
        for header in response.set_cookies:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, path: str, **headers) -> Response:
        return self.request("GET", path, headers=headers)

    def post(
        self, path: str, fields: list[tuple[str, str]], *, files: dict | None = None, **headers
    ) -> Response:
        """A form: urlencoded, or multipart/form-data with files ({name: (filename, bytes, type)})."""
        if files:
            body, content_type = multipart(fields, files)
        else:
            body, content_type = urlencode(fields).encode(), "application/x-www-form-urlencoded"
        return self.request("POST", path, body=body, headers={"Content-Type": content_type, **headers})


def multipart(fields: list[tuple[str, str]], files: dict) -> tuple[bytes, str]:
    boundary = f"----trygg{secrets.token_hex(12)}"
    parts = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, data, content_type) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


# --- Forms ------------------------------------------------------------------------------------------


@dataclass
class Form:
    attrs: dict[str, str]
    fields: list[tuple[str, str]] = field(default_factory=list)  # what a browser would send, in order
    file_fields: list[str] = field(default_factory=list)

    def value(self, name: str) -> str | None:
        return next((v for k, v in self.fields if k == name), None)

    def with_values(self, **values: str) -> list[tuple[str, str]]:
        """The fields with some values replaced (or added)."""
        fields = [(k, values.get(k, v)) for k, v in self.fields]
        return fields + [(k, v) for k, v in values.items() if k not in dict(self.fields)]


class _FormParser(HTMLParser):
    """Every <form> with the fields a browser would submit (no buttons; checked boxes only)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: tuple[str, bool, list, list] | None = None  # name, multiple, options, selected
        self._option: str | None = None
        self._option_text = ""
        self._textarea: tuple[str, list] | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a))
        if not self.forms or "disabled" in a:
            return
        form = self.forms[-1]
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind == "file":
                form.file_fields.append(a["name"])
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    form.fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button", "image", "reset"):
                form.fields.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self._select = (a["name"], "multiple" in a, [], [])
        elif tag == "option" and self._select:
            self._option, self._option_text = a.get("value"), ""
            if "selected" in a:
                self._select[3].append(a.get("value"))
        elif tag == "textarea" and a.get("name"):
            self._textarea = (a["name"], [])

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1].append(data)
        if self._option is None and self._select is not None:
            self._option_text += data

    def handle_endtag(self, tag):
        if tag == "option" and self._select:
            self._select[2].append(self._option if self._option is not None else self._option_text.strip())
            self._option = None
        elif tag == "select" and self._select:
            name, multiple, options, selected = self._select
            chosen = [s for s in selected if s is not None] or ([] if multiple else options[:1])
            self.forms[-1].fields.extend((name, value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea:
            name, parts = self._textarea
            self.forms[-1].fields.append((name, "".join(parts).removeprefix("\n")))
            self._textarea = None


def forms(page: Response) -> list[Form]:
    parser = _FormParser()
    parser.feed(page.body.decode("utf-8"))
    return parser.forms


def form_with(page: Response, field_name: str) -> Form:
    """The page's form that has a field of that name."""
    for form in forms(page):
        if field_name in dict(form.fields) or field_name in form.file_fields:
            return form
    raise AssertionError(f"no form with a field {field_name!r} (status {page.status})")


def sign_in(client: Client, username: str, password: str, **headers) -> Response:
    """The sign-in form, filled in and sent as a browser does (CSRF token and cookie included)."""
    page = client.get("/konto/logga-in/")
    form = form_with(page, "password")
    return client.post(
        form.attrs.get("action") or "/konto/logga-in/",
        form.with_values(username=username, password=password),
        **headers,
    )


def errors(page: Response) -> list[str]:
    """The error messages of a form page that did not go through (for assertion messages)."""
    return re.findall(
        r'class="[^"]*(?:errornote|errorlist|invalid-feedback)[^"]*"[^>]*>(.*?)</', page.text, re.S
    )


def location_path(response: Response) -> str:
    return urlsplit(response.header("Location") or "").path
