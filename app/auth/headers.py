"""Security headers on every HTTP response: `X-Content-Type-Options: nosniff`.

Browsers must take a response for what its Content-Type says (a JSON body with a user's
text in it is never run as a script or styled as HTML). A pure ASGI wrapper: one header
appended to the response start. It is also where a response that changed users or keys
waits for every server process to have forgotten their cached principals
(`app.auth.revocation.hold_response`).
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.types import ASGIApp, Message, Receive, Scope, Send

NOSNIFF = (b"x-content-type-options", b"nosniff")


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        # Shared with the request (`request.state`), even where the scope is copied.
        state = scope.setdefault("state", {})

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), NOSNIFF]
                change = state.get("auth_change")
                if change is not None:
                    bus = getattr(scope["app"].state, "auth_bus", None)
                    if bus is not None:
                        await bus.settled(change)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install_security_headers(app: Starlette) -> None:
    """Wrap the whole middleware stack, so error pages answered by Starlette's outermost
    middleware (500) carry the headers too."""
    build = app.build_middleware_stack

    def build_with_headers() -> ASGIApp:
        return SecurityHeaders(build())

    app.build_middleware_stack = build_with_headers  # type: ignore[method-assign]
