"""The client's address behind a reverse proxy.

Behind nginx every request arrives from the proxy's address, so a limit counted per
address (the login failure limit) would count every user together. The proxy appends the
address it saw to ``X-Forwarded-For``; when a request comes from a proxy we trust
(``SELDINGER_TRUSTED_PROXIES``: addresses or networks, default the loopback), its last
address not itself a trusted proxy becomes ``REMOTE_ADDR``. From anyone else the header is
ignored, so a client cannot choose its own address.
"""

import ipaddress
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_networks(addresses: Iterable[str]) -> list[Network]:
    return [ipaddress.ip_network(address.strip(), strict=False) for address in addresses]


def _is_trusted(address: str, trusted: list[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def client_address(remote: str, forwarded_for: str, trusted: list[Network]) -> str:
    """The client's address: ``remote`` unless a trusted proxy forwarded the request."""
    if not _is_trusted(remote, trusted):
        return remote
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    while hops and _is_trusted(hops[-1], trusted):
        hops.pop()
    if not hops:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-1]))
    except ValueError:  # not an address: keep the proxy's rather than trust garbage
        return remote


class ForwardedClientMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.trusted = trusted_networks(settings.SELDINGER_TRUSTED_PROXIES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        forwarded_for = request.META.get("HTTP_X_FORWARDED_FOR")
        if forwarded_for:
            request.META["REMOTE_ADDR"] = client_address(
                request.META.get("REMOTE_ADDR", ""), forwarded_for, self.trusted
            )
        return self.get_response(request)
