"""The address a request came from: one answer for the sign-in lockout and for the form throttles.

Behind `TRYGG_PROXY_COUNT` trusted reverse proxies (env AXES_PROXY_COUNT; 1 behind one nginx with
`proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;`) each proxy appends the address it was
reached from to X-Forwarded-For, so the client is the Nth entry counted from the right. Whatever stands
to the left of it was sent by the client and may be forged: it is never read. With 0 proxies the header
is ignored and the socket address (REMOTE_ADDR) is the client.

django-axes calls this function (AXES_CLIENT_IP_CALLABLE) instead of its own ipware call, which cannot
do the above: it hands AXES_IPWARE_PROXY_COUNT to ipware's strict check, which counts the proxies
*listed in* the header (one fewer than stand in front of the app, since nginx lists the client, not
itself), and a forged entry in front then makes it fall back to the proxy's own address, a fresh
lockout bucket. ipware's lenient mode is no fix either: an unclosed quote the client sends swallows the
address nginx appends. So the header is cut on plain commas here, and only the entries our proxies
appended go to python-ipware, which parses them (ports, brackets, IPv4-mapped IPv6).
"""

from django.conf import settings
from python_ipware import IpWare

FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"
REMOTE_ADDR = "REMOTE_ADDR"


def _parse(header: str, value: str, *, proxies_listed: int = 0) -> str | None:
    """The client's address in `value` (a chain holding the client and `proxies_listed` proxies)."""
    ipware = IpWare(precedence=(header,), proxy_count=proxies_listed)
    ip, _trusted = ipware.get_client_ip({header: value}, strict=True)
    return str(ip) if ip is not None else None


def client_ip(request) -> str | None:
    """The client's address as seen by the outermost of our trusted proxies, or the socket's."""
    proxies = settings.TRYGG_PROXY_COUNT
    if proxies:
        hops = request.META.get(FORWARDED_FOR, "").split(",")
        if len(hops) >= proxies:
            ip = _parse(FORWARDED_FOR, ",".join(hops[-proxies:]), proxies_listed=proxies - 1)
            if ip:
                return ip
    # No proxy, or a request that did not come through them (a health check on the app server itself).
    return _parse(REMOTE_ADDR, request.META.get(REMOTE_ADDR, ""))
