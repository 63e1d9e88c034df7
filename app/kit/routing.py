"""Route classes with transaction behaviour."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from app.db.executor import CommandExecutor


class CommandRoute(APIRoute):
    """Commits the request's command executor (`DbCommand`) after the endpoint has returned
    and before the response is sent; rolls it back when anything raised. Then runs the
    after-commit listeners (realtime). A plain wrapper: much cheaper than a yield dependency
    on the hot path."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def run_command(request: Request) -> Response:
            try:
                response = await handler(request)
            except BaseException:
                executor: CommandExecutor | None = getattr(request.state, "command", None)
                if executor is not None:
                    await executor.finish(commit=False)
                raise
            executor = getattr(request.state, "command", None)
            if executor is not None:
                await executor.finish(commit=True)
                request.app.state.db.notify(executor.topics)
            return response

        return run_command
