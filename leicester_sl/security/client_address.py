"""The client's address: one rule for the staff lockout and the rate limits.

``X-Forwarded-For`` is believed only when the request came from one of our
own proxies (``settings.TRUSTED_PROXIES``: addresses or networks, from
``DJANGO_TRUSTED_PROXIES``), never by counting entries: anyone who reaches the
app directly could otherwise write any address there and be counted as
someone new on every request. From a trusted proxy, the header is read from
the right, skipping our proxies; the first address that is not one of them is
the client (entries further left were written by the client and may be
forged). The header is split and parsed by python-ipware (installed with
django-axes), which copes with ports, brackets and RFC 7239 forms; its own
``proxy_list`` matches positions in the header and cannot say "only when the
peer is a proxy", which is the point here.

django-axes reads it through ``AXES_CLIENT_IP_CALLABLE``; the rate limits
(``leicester_sl.security.abuse.client_ip``) through their key.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from python_ipware.modern.parsers import parse_ip, split_proxy_chain


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]):
    return tuple(
        ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip()
    )


def trusted_networks():
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))


def _is_proxy(address, networks) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def client_address(request) -> str:
    """The address of the client that sent ``request`` (a string; "" if none)."""
    remote_text = request.META.get("REMOTE_ADDR", "") or ""
    remote = parse_ip(remote_text)
    networks = trusted_networks()
    if remote is None:
        return remote_text
    if not networks or not _is_proxy(remote, networks):
        return str(remote)
    chain = split_proxy_chain(request.META.get("HTTP_X_FORWARDED_FOR", ""), False) or []
    for address in reversed(chain):
        if not _is_proxy(address, networks):
            return str(address)
    return str(chain[0]) if chain else str(remote)
