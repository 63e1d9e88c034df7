"""uvicorn's logging, with secrets taken out of the URLs it logs.

uvicorn writes the path and query of every request to its access log (`uvicorn.access`) and
of every WebSocket handshake to `uvicorn.error` ("WebSocket /path?query" [accepted]). A
browser's WIP socket may carry its bearer token as `?token=` (the contract allows it), so
`RedactSecrets` rewrites any query parameter whose name looks secret (token, ticket, key,
password, secret, signature, auth, …) to `name=[redacted]` before a line is written.
`log_config()` is uvicorn's default configuration with that filter on both loggers; it is
handed to uvicorn, so every worker process configures it too.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

from uvicorn.config import LOGGING_CONFIG

REDACTED = "[redacted]"
# `?name=value` or `&name=value` where the name contains a secret-looking word.
_SECRET_PARAM = re.compile(
    r"(?P<name>[?&;](?:[^=&#\s\"]*?)"
    r"(?:token|ticket|key|password|passwd|pwd|secret|signature|sig|auth|credential|session)"
    r"[^=&#\s\"]*=)"
    r"(?P<value>[^&#\s\"]*)",
    re.IGNORECASE,
)


def redact(text: str) -> str:
    """`text` with the values of secret-looking query parameters replaced."""
    if "=" not in text:
        return text
    return _SECRET_PARAM.sub(lambda m: m["name"] + REDACTED, text)


class RedactSecrets(logging.Filter):
    """Redacts secret-looking query parameters in a record's message and arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        args = record.args
        if isinstance(args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in args)
        elif isinstance(args, dict):
            record.args = {k: redact(v) if isinstance(v, str) else v for k, v in args.items()}
        return True


FILTER = f"{RedactSecrets.__module__}.{RedactSecrets.__qualname__}"
REDACTED_LOGGERS = ("uvicorn.access", "uvicorn.error")


def log_config() -> dict[str, Any]:
    """uvicorn's default logging configuration plus `RedactSecrets` on the loggers that
    write request URLs."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["redact_secrets"] = {"()": FILTER}
    for name in REDACTED_LOGGERS:
        logger = config["loggers"].setdefault(name, {})
        logger["filters"] = [*logger.get("filters", []), "redact_secrets"]
    return config
