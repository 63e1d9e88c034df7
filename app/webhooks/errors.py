"""Domain errors of webhooks (codes are part of the API contract)."""

from __future__ import annotations

from app.kit.errors import Invalid


class WebhookUrlInvalid(Invalid):
    """Not an http(s) URL with a host, or a host that does not resolve."""

    code = "invalid_webhook_url"
    title = "Invalid webhook URL"


class PrivateAddress(Invalid):
    """The URL's host resolves to a loopback, private or link-local address."""

    code = "private_address"
    title = "Webhook URL not allowed"
