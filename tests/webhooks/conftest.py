"""Webhook tests run the app with deliveries allowed to local receivers and short timings."""

from __future__ import annotations

import pytest

from app.config import Settings
from tests.conftest import make_settings

FAST = {
    "webhooks_allow_private": True,
    "webhooks_timeout_seconds": 0.5,
    "webhooks_retry_base_seconds": 0.05,
    "webhooks_retry_max_seconds": 0.2,
    "webhooks_poll_seconds": 0.05,
}


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url, **FAST)
