"""Secret-looking query parameters are redacted from uvicorn's log lines."""

from __future__ import annotations

import logging

from app.server.logs import REDACTED_LOGGERS, RedactSecrets, log_config, redact


def test_redact_replaces_secret_values_only() -> None:
    assert redact("/api/v1/wip/ws?token=abc.def-ghi&since=4") == (
        "/api/v1/wip/ws?token=[redacted]&since=4"
    )
    assert redact("/x?line_id=1&access_token=s3cr3t") == "/x?line_id=1&access_token=[redacted]"
    assert redact("/x?API_KEY=k&ticket=t&Password=p") == (
        "/x?API_KEY=[redacted]&ticket=[redacted]&Password=[redacted]"
    )
    assert redact("/x?cursor=abc&limit=5") == "/x?cursor=abc&limit=5"
    assert redact('"GET /a?token=xyz HTTP/1.1" 200') == '"GET /a?token=[redacted] HTTP/1.1" 200'


def test_the_filter_rewrites_arguments_and_is_on_uvicorns_url_loggers() -> None:
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s" %d',
        ("127.0.0.1:5", "GET", "/api/v1/wip/ws?token=eyJsecret", 200), None,
    )  # fmt: skip
    assert RedactSecrets().filter(record)
    assert "eyJsecret" not in record.getMessage()
    assert "token=[redacted]" in record.getMessage()
    config = log_config()
    for name in REDACTED_LOGGERS:
        assert "redact_secrets" in config["loggers"][name]["filters"]
