"""wip_events becomes the event outbox (outbox_events) with durable consumers

Revision ID: 0005
Revises: 0004
The WIP outbox is the outbox of every event: `wip_events` is renamed `outbox_events` (its
indexes, primary key and id sequence with it), the sequencer's counter `wip_seq` becomes
`outbox_seq`, and `outbox_consumers` holds the position of each durable consumer (every
event up to it is handled; retention keeps everything above the lowest).
Create Date: 2026-12-08 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (index, columns, unique, where) — the two partial indexes of the outbox
_INDEXES = (
    ("seq", ["seq"], True, "seq IS NOT NULL"),
    ("pending", ["id"], False, "seq IS NULL"),
)


def _rename(old: str, new: str, counter: tuple[str, str]) -> None:
    op.rename_table(old, new)
    if op.get_bind().dialect.name == "postgresql":
        for suffix, *_ in _INDEXES:
            op.execute(f"ALTER INDEX ix_{old}_{suffix} RENAME TO ix_{new}_{suffix}")
        op.execute(f"ALTER TABLE {new} RENAME CONSTRAINT pk_{old} TO pk_{new}")
        op.execute(f"ALTER SEQUENCE {old}_id_seq RENAME TO {new}_id_seq")
    else:
        # SQLite cannot rename an index (its ALTER TABLE RENAME keeps them, and the primary
        # key's name inside the table definition, which nothing reads): create them anew.
        for suffix, columns, unique, where in _INDEXES:
            op.drop_index(f"ix_{old}_{suffix}", table_name=new)
            op.create_index(
                f"ix_{new}_{suffix}",
                new,
                columns,
                unique=unique,
                postgresql_where=sa.text(where),
                sqlite_where=sa.text(where),
            )
    op.execute(
        sa.text("UPDATE counters SET name = :new WHERE name = :old").bindparams(
            old=counter[0], new=counter[1]
        )
    )


def upgrade() -> None:
    _rename("wip_events", "outbox_events", ("wip_seq", "outbox_seq"))
    op.create_table(
        "outbox_consumers",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_outbox_consumers")),
    )


def downgrade() -> None:
    op.drop_table("outbox_consumers")
    _rename("outbox_events", "wip_events", ("outbox_seq", "wip_seq"))
