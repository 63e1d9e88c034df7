"""Where webhooks may point: http(s) URLs whose host resolves only to public addresses
(loopback, private, link-local, … are refused unless `TAKT_WEBHOOKS_ALLOW_PRIVATE=true`).

Checked when a webhook is created or its URL changed, and again before every delivery (a
name may resolve elsewhere later: DNS rebinding)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from app.webhooks.errors import PrivateAddress, WebhookUrlInvalid

SCHEMES = ("http", "https")
RESOLVE_TIMEOUT = 5.0


def parse(url: str) -> tuple[str, int]:
    """The host and port of a webhook URL, or WebhookUrlInvalid."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise WebhookUrlInvalid(f"not a valid URL: {exc}", field="url") from exc
    if parts.scheme not in SCHEMES:
        raise WebhookUrlInvalid("the URL must start with http:// or https://", field="url")
    host = parts.hostname
    if not host:
        raise WebhookUrlInvalid("the URL has no host", field="url")
    if parts.fragment:
        raise WebhookUrlInvalid("the URL must not have a #fragment", field="url")
    return host, port or (443 if parts.scheme == "https" else 80)


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


async def resolve(host: str, port: int) -> list[str]:
    loop = asyncio.get_running_loop()
    try:
        infos = await asyncio.wait_for(
            loop.getaddrinfo(host, port, type=socket.SOCK_STREAM), RESOLVE_TIMEOUT
        )
    except (OSError, TimeoutError) as exc:
        raise WebhookUrlInvalid(f"the host {host!r} does not resolve: {exc}", field="url") from exc
    return sorted({str(info[4][0]) for info in infos})


async def check(url: str, *, allow_private: bool) -> None:
    """Refuse a URL a webhook may not point to (422)."""
    host, port = parse(url)
    if allow_private:
        return
    refused = [a for a in await resolve(host, port) if not is_public(a)]
    if refused:
        raise PrivateAddress(
            f"the host {host!r} resolves to a non-public address ({', '.join(refused)}); "
            "set TAKT_WEBHOOKS_ALLOW_PRIVATE=true to allow it",
            field="url",
        )
