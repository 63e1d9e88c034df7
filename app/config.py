"""Takt settings: one pydantic-settings class, `TAKT_` prefix, safe embedded defaults."""

from __future__ import annotations

from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything Takt can be configured with, read from the environment (`TAKT_*`)."""

    model_config = SettingsConfigDict(env_prefix="TAKT_", env_file=".env", extra="ignore")

    env: Literal["development", "production", "test"] = Field(
        "development", description="production refuses unsafe settings"
    )
    database_url: str = Field(
        "sqlite+aiosqlite:///./takt.sqlite",
        description="SQLAlchemy async URL: sqlite+aiosqlite:///file or postgresql+asyncpg://…",
    )
    migration_database_url: str | None = Field(
        None,
        description="URL `takt migrate` and `takt serve` migrate with: a role that owns the "
        "tables, while TAKT_DATABASE_URL names a role that does not (so it can neither "
        "truncate the audit log nor disable its triggers); default TAKT_DATABASE_URL",
    )
    database_app_role: str | None = Field(
        None,
        min_length=1,
        max_length=63,
        description="PostgreSQL role the application runs as; after migrating, it is granted "
        "what it needs (read and write the tables, never change or empty the audit log). "
        "Default: the user of TAKT_DATABASE_URL when TAKT_MIGRATION_DATABASE_URL is set",
    )
    db_pool_size: int = Field(20, ge=1, le=500)
    db_max_overflow: int = Field(10, ge=0, le=500)
    db_echo: bool = False

    secret_key: str | None = Field(
        None,
        description="signing key for bearer tokens; when unset a random key is generated once "
        "and stored in the database so every server process shares it",
    )
    token_expire_minutes: int = Field(480, ge=1, le=60 * 24 * 30)
    auth_cache_seconds: float = Field(
        5.0,
        ge=0,
        description="how long a verified token's or key's principal is cached in-process; "
        "revocations and expiry apply at once all the same (app.auth.revocation)",
    )
    admin_password: str | None = Field(
        None, description="password of the bootstrap `admin` user (generated when unset)"
    )
    # Argon2id cost; the defaults are the argon2-cffi recommendations (RFC 9106 low-memory).
    argon2_time_cost: int = Field(3, ge=1)
    argon2_memory_kib: int = Field(65536, ge=8)

    idempotency_ttl_hours: int = Field(24, ge=1)

    # The assistant (app/assistant): how long a destructive action's confirmation token lives.
    assistant_confirm_seconds: int = Field(
        300, ge=5, le=86_400, description="lifetime of an assistant confirmation token"
    )

    # Request bodies (app/kit/edge.py): a longer one is refused with 413 before it is read.
    max_body_bytes: int = Field(
        1024 * 1024, ge=1024, description="largest request body accepted (413 beyond)"
    )
    max_import_bytes: int = Field(
        100 * 1024 * 1024,
        ge=1024,
        description="largest request body accepted under /api/v1/imports (413 beyond)",
    )

    # Failed logins (app/auth/logins.py): counted in the database, so every worker process
    # shares them. After the free attempts each further failure doubles the wait, up to the
    # cap; a success clears the user's counters, and failures are forgotten after a quiet spell.
    login_free_attempts: int = Field(
        5, ge=1, description="failures per (username, client address) before logins wait"
    )
    login_user_free_attempts: int = Field(
        20, ge=1, description="failures per username, from any address, before logins wait"
    )
    login_address_free_attempts: int = Field(
        50, ge=1, description="failures per client address, any username, before logins wait"
    )
    login_base_delay_seconds: float = Field(
        1.0, gt=0, le=3600, description="the first wait; each further failure doubles it"
    )
    login_max_delay_seconds: float = Field(
        300, gt=0, le=24 * 3600, description="longest wait of an address or (username, address)"
    )
    login_user_max_delay_seconds: float = Field(
        60,
        gt=0,
        le=24 * 3600,
        description="longest wait of a username from every address (short: it slows the "
        "real user too, so it never locks them out)",
    )
    login_forget_seconds: float = Field(
        3600, gt=0, description="failures are forgotten after this long without a new one"
    )
    login_verify_threads: int = Field(
        2, ge=1, le=64, description="threads hashing and verifying passwords (per process)"
    )

    # Realtime WIP (app/realtime): an event is pruned only once it is older than the hours
    # AND not among the newest events; until then clients can resume from it with `since`.
    wip_retention_hours: float = Field(
        24, ge=0, description="keep WIP events at least this long for `since` resumes"
    )
    wip_retention_events: int = Field(
        1_000_000, ge=0, description="keep at least this many of the newest WIP events"
    )
    wip_prune_seconds: float = Field(300, gt=0, description="how often old WIP events are pruned")
    wip_ws_queue: int = Field(
        20_000,
        ge=1,
        description="events queued per WIP WebSocket; a client further behind is closed (1013)",
    )
    wip_ws_ping_seconds: float = Field(
        20, gt=0, le=30, description="interval of the WIP WebSocket heartbeat `ping` messages"
    )

    # Machines over MQTT (app/telemetry): the consumer runs in every process with a URL.
    mqtt_url: str | None = Field(
        None,
        pattern=r"^mqtts?://[^/\s]+$",
        description="mqtt://host:port (mqtts:// for TLS); MQTT is off when unset",
    )
    mqtt_username: str | None = Field(None, description="broker user name")
    mqtt_password: str | None = Field(None, description="broker password")
    mqtt_tls_ca_file: str | None = Field(
        None, description="CA bundle that signs the broker's certificate (mqtts://)"
    )
    mqtt_client_id: str = Field(
        "takt",
        min_length=1,
        max_length=40,
        description="base client id; each process claims `<id>-<n>`, a persistent session",
    )
    mqtt_shared_group: str = Field(
        "takt", pattern=r"^[A-Za-z0-9_\-]+$", description="MQTT v5 shared subscription group"
    )
    mqtt_topic_root: str = Field(
        "takt",
        pattern=r"^[A-Za-z0-9_\-.]+$",
        description="first level of the built-in topics {root}/{line}/{workstation}/{kind}",
    )
    mqtt_session_expiry_seconds: int = Field(
        7 * 24 * 3600,
        ge=0,
        le=0xFFFFFFFF,
        description="how long the broker keeps a disconnected consumer's session and messages",
    )
    mqtt_batch_size: int = Field(200, ge=1, le=5000, description="messages per transaction")
    mqtt_batch_ms: float = Field(
        20, ge=0, le=5000, description="how long a batch waits to fill up before it commits"
    )
    mqtt_lanes: int = Field(
        4,
        ge=1,
        le=32,
        description="parallel transactions per batch on PostgreSQL (messages of one unit or "
        "one machine stay in one lane, in order)",
    )
    mqtt_dedup_hours: float = Field(
        24, gt=0, description="a repeated message within this window is applied once"
    )
    silence_check_seconds: float = Field(
        5,
        gt=0,
        le=3600,
        description="how often each server process looks for machines silent past their "
        "workstation's `silence_timeout_s`",
    )
    mqtt_keepalive_seconds: int = Field(30, ge=5, le=3600)
    mqtt_reconnect_max_seconds: float = Field(
        30, gt=0, le=600, description="longest wait between reconnection attempts"
    )

    # Webhooks (app/webhooks): every server process delivers; the database coordinates.
    webhooks_allow_private: bool = Field(
        False,
        description="allow webhook URLs whose host resolves to a loopback, private, "
        "link-local or otherwise non-public address (refused with 422 otherwise)",
    )
    webhooks_enabled: bool = Field(
        True,
        description="send webhook deliveries from this process (events are queued for "
        "delivery in every process regardless)",
    )
    webhooks_timeout_seconds: float = Field(
        10, gt=0, le=300, description="how long a receiver may take to answer a delivery"
    )
    webhooks_retry_base_seconds: float = Field(
        5,
        gt=0,
        le=3600,
        description="the first retry waits up to this long; each further one doubles the "
        "bound (exponential backoff with full jitter)",
    )
    webhooks_retry_max_seconds: float = Field(
        3600, gt=0, le=7 * 24 * 3600, description="longest wait between two attempts"
    )
    webhooks_max_attempts: int = Field(
        12, ge=1, le=100, description="attempts of one delivery before it is given up (dead)"
    )
    webhooks_max_consecutive_failures: int = Field(
        50,
        ge=1,
        le=100_000,
        description="failed attempts in a row after which a webhook is deactivated",
    )
    webhooks_poll_seconds: float = Field(
        1.0,
        gt=0,
        le=60,
        description="how often each process looks for due deliveries (new events wake it "
        "at once in the process that fans them out)",
    )
    webhooks_batch: int = Field(
        100, ge=1, le=1000, description="deliveries one webhook's sender takes in one claim"
    )

    timezone: str = Field(
        "UTC",
        description="the plant's time zone (IANA name, e.g. `Europe/Berlin`): shift times are "
        "local wall-clock times in it",
    )

    log_level: str = "INFO"
    cors_origins: list[str] = Field(default_factory=list)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(
                f"TAKT_TIMEZONE {value!r} is not an IANA time zone name (e.g. Europe/Berlin)"
            ) from exc
        return value

    @property
    def zone(self) -> ZoneInfo:
        """The plant's time zone."""
        return ZoneInfo(self.timezone)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def migration_url(self) -> str:
        """The URL migrations run with (the tables' owner)."""
        return self.migration_database_url or self.database_url

    @property
    def app_role(self) -> str | None:
        """The role to grant the application's privileges to after migrating (PostgreSQL),
        None when the application runs as the role that migrates (it owns the tables)."""
        if self.is_sqlite:
            return None
        if self.database_app_role:
            return self.database_app_role
        if self.migration_database_url is None:
            return None
        from sqlalchemy.engine import make_url

        app_user = make_url(self.database_url).username
        owner = make_url(self.migration_database_url).username
        return app_user if app_user and app_user != owner else None

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.env == "production":
            if not self.secret_key or len(self.secret_key) < 32:
                raise ValueError(
                    "TAKT_SECRET_KEY of at least 32 characters is required in production"
                )
            if self.is_sqlite:
                raise ValueError(
                    "production needs PostgreSQL (TAKT_DATABASE_URL=postgresql+asyncpg://…)"
                )
            if self.admin_password is not None:
                from app.auth.passwords import weakness

                problem = weakness(self.admin_password, "admin")
                if problem:
                    raise ValueError(f"TAKT_ADMIN_PASSWORD is too weak: {problem}")
        return self


def get_settings() -> Settings:
    """Fresh settings from the environment (tests build their own instead)."""
    return Settings()
