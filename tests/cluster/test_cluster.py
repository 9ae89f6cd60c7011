"""The production topology on loopback (deploy/cluster.py, `make cluster`): nginx from the shipped
deploy/nginx/ files in front of two gunicorn app servers on trygg.settings_prod, the task worker,
Redis, PostgreSQL and a mail relay, started once for the module with the demo data.

What only this topology shows: a session made through nginx works on either app server; an app
server stopped under load loses no request; a mail sent while the relay is down arrives once it is
back; no app server serves a page from the shared cache after a change made on the other; files
leave through nginx only to who may see them; the sign-in lockout follows the real client address.
"""

import os
import re
import secrets
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

import pytest

from deploy.cluster import Cluster
from tests.cluster.client import Client, errors, form_with, location_path, sign_in

pytestmark = pytest.mark.cluster

PASSWORD = "trygg-demo-2026"  # README "Demo users"
COORDINATOR, COORDINATOR_EMAIL = "samordnare", "samordnare@example.org"  # trygg/demo.py
START_TIMEOUT = 150  # seconds; a start with the demo data takes about 30 here
MODULE_BUDGET = 420  # seconds for the whole module: then the watchdog kills the cluster, and tests fail fast
PUBLIC_PAGES = ["/", "/atgarder/", "/samverkan/", "/kretslopp/", "/uppfoljning/"]


@pytest.fixture(scope="module")
def cluster():
    """One cluster for the module: random free ports, a database of this pytest-xdist worker's own,
    dropped and created afresh, the demo data; stopped at the end whatever happened."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    folder = Path(tempfile.mkdtemp(prefix=f"trygg-cluster-{worker}-"))
    folder.chmod(0o755)  # nginx runs as nobody when the tests run as root
    running = Cluster(folder, database=f"trygg_cluster_{worker}", demo=True, fresh=True)
    watchdog = threading.Timer(MODULE_BUDGET, running.kill)
    watchdog.daemon = True
    watchdog.start()
    try:
        running.start(timeout=START_TIMEOUT)
        print(f"\nThe cluster started in {running.started_in:.1f} s ({folder})")
        yield running
    finally:
        watchdog.cancel()
        running.stop()
        if not os.environ.get("TRYGG_KEEP_CLUSTER"):
            shutil.rmtree(folder, ignore_errors=True)


def signed_in(cluster: Cluster, username: str = COORDINATOR) -> Client:
    client = Client(cluster.ports.site)
    response = sign_in(client, username, PASSWORD)
    assert response.status == 302, errors(response)
    return client


def admin_ids(client: Client, model: str, query: str) -> list[str]:
    page = client.get(f"/admin/{model}/?{query}")
    assert page.status == 200
    return list(dict.fromkeys(re.findall(rf"/admin/{model}/(\d+)/change/", page.text)))


# --- Sessions ------------------------------------------------------------------------------------------


def test_a_session_made_through_nginx_works_on_both_app_servers(cluster):
    browser = Client(cluster.ports.site)

    response = sign_in(browser, COORDINATOR, PASSWORD)

    assert response.status == 302
    assert location_path(response) == "/arbete/"
    session_cookie = next(c for c in response.set_cookies if c.startswith("sessionid="))
    assert "Secure" in session_cookie
    for index in (0, 1):
        page = browser.on(cluster.app_port(index)).get("/arbete/")
        assert page.status == 200, f"app server {index + 1}"
        assert "Logga ut" in page.text
        anonymous = Client(cluster.app_port(index), app_server=True).get("/arbete/")
        assert anonymous.status == 302
        assert location_path(anonymous) == "/konto/logga-in/"


# --- An app server stops under load ---------------------------------------------------------------------


def test_stopping_an_app_server_under_load_loses_no_request(cluster):
    """Visitors load public pages through nginx for about 4 s; 1 s in, app server 1's gunicorn gets
    SIGTERM (what `systemctl restart` sends). The load goes on for 2 s after the server has gone."""
    answers: list[tuple[float, str, int | str]] = []  # (when the request was sent, path, status or error)
    lock = threading.Lock()
    began, done, most = time.monotonic(), threading.Event(), 10000

    def visitor(offset: int) -> None:
        n = offset
        while not done.is_set():
            path, sent = PUBLIC_PAGES[n % len(PUBLIC_PAGES)], time.monotonic() - began
            n += 1
            try:
                status = Client(cluster.ports.site, timeout=15).get(path).status
            except OSError as exc:
                status = f"{type(exc).__name__}: {exc}"
            with lock:
                answers.append((sent, path, status))
                if len(answers) >= most:
                    return

    visitors = [threading.Thread(target=visitor, args=(i,)) for i in range(4)]
    try:
        for thread in visitors:
            thread.start()
        time.sleep(1.0)
        stopping = time.monotonic() - began
        cluster.stop_app(0)
        stopped = time.monotonic() - began
        time.sleep(max(4.0 - stopped, 2.0))
        done.set()
        for thread in visitors:
            thread.join(timeout=60)
        gone = not _port_open(cluster.app_port(0))
    finally:
        done.set()
        if "app1" not in cluster.running():
            cluster.start_app(0)

    assert not any(thread.is_alive() for thread in visitors)
    failed = [answer for answer in answers if answer[2] != 200]
    assert not failed, f"{len(failed)} of {len(answers)} requests failed: {failed[:10]}"
    timing = f"{len(answers)} requests, the stop from {stopping:.1f} s to {stopped:.1f} s"
    assert sum(1 for sent, _, _ in answers if sent >= stopping) >= 20, f"too few during the stop: {timing}"
    assert sum(1 for sent, _, _ in answers if sent >= stopped) >= 5, f"too few after the stop: {timing}"
    assert gone, "app server 1 still listened after its stop"
    assert Client(cluster.app_port(0), app_server=True).get("/atgarder/").status == 200  # started again
    assert Client(cluster.ports.site).get("/atgarder/").status == 200


def _port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


# --- Mail while the relay is down ---------------------------------------------------------------------


def mails_to(cluster: Cluster, address: str) -> list:
    return [mail for mail in cluster.mails() if address in mail["X-Sink-Rcpt-To"]]


# Waits (at most 20 s) until the worker has tried the mail once and the relay refused it (trygg.mail).
FAILED_ONCE = """
import time
from trygg.models import OutgoingMail
deadline = time.monotonic() + 20
mails = OutgoingMail.objects.filter(to__contains=[%r], sent_at=None, attempts__gte=1).exclude(last_error="")
while not mails.exists() and time.monotonic() < deadline:
    time.sleep(0.2)
print("failed" if mails.exists() else "not tried")
"""


def test_a_mail_sent_while_the_relay_is_down_arrives_once_it_is_back(cluster):
    before = len(mails_to(cluster, COORDINATOR_EMAIL))
    cluster.stop_mail()
    visitor = Client(cluster.ports.site)
    form = form_with(visitor.get("/konto/glomt-losenord/"), "email")

    response = visitor.post("/konto/glomt-losenord/", form.with_values(email=COORDINATOR_EMAIL))

    assert response.status == 302, errors(response)
    assert visitor.get(location_path(response)).status == 200
    tried = cluster.manage("shell", "--no-imports", "-c", FAILED_ONCE % COORDINATOR_EMAIL).stdout
    assert "failed" in tried, "the worker did not try to send the mail while the relay was down"
    assert len(mails_to(cluster, COORDINATOR_EMAIL)) == before

    cluster.start_mail()

    deadline = time.monotonic() + 20
    while len(mails_to(cluster, COORDINATOR_EMAIL)) == before and time.monotonic() < deadline:
        time.sleep(0.25)
    time.sleep(2)  # and no second copy follows
    arrived = mails_to(cluster, COORDINATOR_EMAIL)[before:]
    assert len(arrived) == 1, f"{len(arrived)} mails to {COORDINATOR_EMAIL}"
    body = arrived[0].get_body(("plain",)).get_content()
    link = re.search(rf"https://127\.0\.0\.1:{cluster.ports.site}(/konto/aterstall/\S+/)", body)
    assert link, body
    reset = Client(cluster.ports.site).get(link.group(1))
    assert reset.status == 302  # a valid link: Django moves the token into the session
    assert location_path(reset).endswith("/set-password/")


# --- The shared page cache -----------------------------------------------------------------------------


def test_no_app_server_serves_a_stale_page_after_a_change_on_the_other(cluster):
    coordinator = signed_in(cluster)
    measure_id = admin_ids(coordinator, "cycles/measure", "visibility__exact=public")[0]
    change = f"/admin/cycles/measure/{measure_id}/change/"
    on_app1 = coordinator.on(cluster.app_port(0))
    form = form_with(on_app1.get(change), "title")
    title, path = form.value("title"), f"/atgarder/{form.value('slug')}/"
    residents = [Client(cluster.app_port(index), app_server=True) for index in (0, 1)]
    for resident in residents:
        for _ in range(2):
            page = resident.get(path)
            assert page.status == 200
            assert title in page.text
        assert page.header("X-Trygg-Cache") == "hit", "the page should come from the shared cache by now"
    new_title = f"{title} ({secrets.token_hex(3)})"

    saved = on_app1.post(change, [*form.with_values(title=new_title), ("_save", "Spara")])

    assert saved.status == 302, errors(saved)
    for resident in reversed(residents):  # app server 2 first: the change was made on 1
        page = resident.get(path)
        assert page.status == 200
        assert new_title in page.text, f"stale page from app server {residents.index(resident) + 1}"


# --- Uploaded files -------------------------------------------------------------------------------------


def upload_decision_document(client: Client, decision_id: str, data: bytes) -> str:
    """Attach a PDF to a decision in the admin; return its /filer/ path."""
    change = f"/admin/actors/decision/{decision_id}/change/"
    form = form_with(client.get(change), "document")
    saved = client.post(
        change,
        [*form.fields, ("_continue", "Spara och fortsätt redigera")],
        files={"document": ("beslut.pdf", data, "application/pdf")},
    )
    assert saved.status == 302, errors(saved)
    links = re.findall(r'href="(/filer/actors/decision/[^"]+\.pdf)"', client.get(change).text)
    assert links, "no link to the uploaded document"
    return links[0]


def pdf() -> bytes:
    return b"%PDF-1.7\n% " + secrets.token_hex(16).encode() + b"\ntrailer<<>>\n%%EOF\n"


def test_files_leave_through_nginx_and_only_to_who_may_see_them(cluster):
    coordinator = signed_in(cluster)
    public_id = admin_ids(coordinator, "actors/decision", "visibility__exact=public")[0]
    internal_id = admin_ids(coordinator, "actors/decision", "visibility__exact=internal")[0]
    public_pdf, internal_pdf = pdf(), pdf()
    public_path = upload_decision_document(coordinator, public_id, public_pdf)
    internal_path = upload_decision_document(coordinator, internal_id, internal_pdf)
    anonymous = Client(cluster.ports.site)

    download = anonymous.get(public_path)

    assert download.status == 200
    assert download.body == public_pdf
    assert download.header("Content-Type") == "application/pdf"
    assert download.header("Cache-Control") == "public, max-age=3600"
    assert download.header("Content-Disposition").startswith("inline; filename=")
    assert download.header("X-Content-Type-Options") == "nosniff"
    handed_over = Client(cluster.app_port(0), app_server=True).get(public_path)
    stored_name = public_path.removeprefix("/filer/")
    assert handed_over.status == 200
    assert handed_over.header("X-Accel-Redirect") == f"/_protected/{stored_name}"
    assert handed_over.body == b""
    assert anonymous.get(internal_path).status == 404
    assert coordinator.get(internal_path).body == internal_pdf
    assert anonymous.get(f"/_protected/{stored_name}").status == 404
    assert anonymous.get(f"/media/{stored_name}").status == 404


# --- Sign-in lockout behind the proxy ---------------------------------------------------------------


def test_the_lockout_follows_the_real_client_address_not_x_forwarded_for(cluster):
    attacker = Client(cluster.ports.site, source="127.0.0.2")
    for attempt in range(5):
        forged = {"X-Forwarded-For": f"198.51.100.{attempt + 1}"}
        response = sign_in(attacker, COORDINATOR, "not-the-password", **forged)
        assert response.status in (200, 429), f"attempt {attempt + 1}: {response.status}"

    locked = sign_in(attacker, COORDINATOR, PASSWORD, **{"X-Forwarded-For": "198.51.100.99"})
    elsewhere = sign_in(Client(cluster.ports.site, source="127.0.0.3"), COORDINATOR, PASSWORD)

    assert locked.status == 429
    assert elsewhere.status == 302
    assert location_path(elsewhere) == "/arbete/"


# --- nginx's own work ------------------------------------------------------------------------------------


def test_nginx_sends_static_files_itself_and_redirects_plain_http(cluster):
    home = Client(cluster.ports.site).get("/")
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', home.text).group(1)
    static = Client(cluster.ports.site).get(stylesheet, **{"Accept-Encoding": "gzip"})
    plain = Client(cluster.ports.http)

    assert static.status == 200
    assert static.header("Content-Encoding") == "gzip"  # the .gz collectstatic wrote
    assert static.header("Cache-Control") == "max-age=315360000"
    assert plain.get("/atgarder/").status == 301
    assert plain.get("/atgarder/").header("Location") == "https://127.0.0.1/atgarder/"
    assert plain.get("/healthz").status == 200
    assert plain.get("/readyz").status == 200
