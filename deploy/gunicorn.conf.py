"""gunicorn's settings for one Trygg app server: `gunicorn -c deploy/gunicorn.conf.py trygg.wsgi:application`.

The environment chooses what differs between servers (deploy/systemd/trygg-web@.service sets
GUNICORN_BIND from the instance, e.g. trygg-web@8101 → 127.0.0.1:8101):

GUNICORN_BIND       address to listen on (127.0.0.1:8101); only nginx on the same machine talks to it
GUNICORN_WORKERS    worker processes (default: cores + 1, since two servers share the machine)
GUNICORN_TIMEOUT    seconds before a stuck worker is killed and replaced (60)
GUNICORN_ACCESS_LOG 1 writes an access line per request to stdout (the journal); nginx logs them already
GUNICORN_PIDFILE    where to write the master's pid (none by default; systemd knows it)
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8101")
workers = int(os.environ.get("GUNICORN_WORKERS") or (os.cpu_count() or 1) + 1)
worker_class = "sync"  # nginx buffers slow clients, so a sync worker is only ever busy with Django
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # a follow-up report's PDF takes a few seconds
# On SIGTERM (systemctl stop/restart) the server stops accepting at once, nginx moves on to the other
# server, and the requests already running get this long to finish.
graceful_timeout = 30
# Load Django before forking: startup errors stop the service, and systemd hears "ready"
# (Type=notify) only once the app has loaded, so a rolling restart waits for a server that works.
preload_app = True
# A fresh worker now and then keeps memory in check (WeasyPrint, large imports).
max_requests = 2000
max_requests_jitter = 200

# gunicorn 27 opens a control socket in ~/.gunicorn/ unless told not to; nothing uses it here, and
# the home folder is read-only under the service's hardening.
control_socket_disable = True

# nginx on this machine is the only client: trust its X-Forwarded-Proto, so wsgi.url_scheme is https.
# (Django decides by SECURE_PROXY_SSL_HEADER in trygg.settings_prod either way.)
forwarded_allow_ips = "127.0.0.1,::1"

# Logs go to stdout/stderr, which systemd's journal keeps (Django writes JSON lines there too).
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG", "") in {"1", "true", "yes"} else None
pidfile = os.environ.get("GUNICORN_PIDFILE") or None
