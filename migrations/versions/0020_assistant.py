"""assistant: pending confirmations of destructive actions

`assistant_confirmations` holds one row per confirmation token the assistant handed out
(POST /api/v1/assistant, or an MCP scrap/rework/cancel without a token): the SHA-256 of the
token, the caller it is bound to, the tool and its resolved arguments (the exact action), and
when it expires. Redeeming deletes the row (`DELETE … RETURNING`), so a token is used once
whatever the number of server processes.

Revision ID: 0020
Revises: 0018
Create Date: 2026-12-02 22:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "assistant_confirmations",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("principal_kind", sa.String(length=16), nullable=False),
        sa.Column("principal_id", sa.BigInteger(), nullable=False),
        sa.Column("tool", sa.String(length=64), nullable=False),
        sa.Column("arguments", _JSON, nullable=False),
        sa.Column("summary", sa.String(length=1000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "principal_kind IN ('user', 'api_key')", name=op.f("ck_assistant_confirmations_kind")
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_assistant_confirmations")),
    )
    with op.batch_alter_table("assistant_confirmations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assistant_confirmations_expires_at"), ["expires_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("assistant_confirmations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assistant_confirmations_expires_at"))
    op.drop_table("assistant_confirmations")
