"""Route classes with transaction behaviour."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from app.db.command import Command


class CommandRoute(APIRoute):
    """Every request runs in one command (`app.db.command.Command`, the `DbCommand`
    dependency; a write `DbSession` is its ORM session): committed after the endpoint has
    returned and before the response is sent, rolled back when anything raised; after the
    commit it runs its listeners (realtime). A plain wrapper: much cheaper than a yield
    dependency on the hot path. A command that ran nothing costs nothing."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def run_command(request: Request) -> Response:
            cmd = Command(request.app.state.db, whole=True)
            request.state.command = cmd
            try:
                response = await handler(request)
            except BaseException:
                await cmd.finish(commit=False)
                raise
            await cmd.finish(commit=True)
            return response

        return run_command
