"""andon: issue types and issues

Issue types are configuration; issues are raised on the shop floor and go through
open → acknowledged → resolved → closed. A blocking issue naming an order blocks it
(`orders.status_before_block` remembers where it returns to); the partial index of open
blocking issues per order is what the release counts under the order's row lock. A second
partial index serves the coming workstation/line blocking (`workstation_blocked`).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-20 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_ACTIVE_BLOCKING = "blocking AND status IN ('open', 'acknowledged')"


def _now() -> sa.TextClause:
    return sa.text("CURRENT_TIMESTAMP")


def upgrade() -> None:
    op.create_table(
        "issue_types",
        sa.Column("id", _ID, nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("blocking", sa.Boolean(), nullable=False),
        sa.Column("severity", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.CheckConstraint(
            "severity IN ('low', 'medium', 'high', 'critical')",
            name=op.f("ck_issue_types_severity"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issue_types")),
        sa.UniqueConstraint("code", name=op.f("uq_issue_types_code")),
    )
    op.create_table(
        "issues",
        sa.Column("id", _ID, nullable=False),
        sa.Column("type_id", _ID, nullable=False),
        sa.Column("blocking", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("order_id", _ID, nullable=True),
        sa.Column("line_id", _ID, nullable=True),
        sa.Column("workstation_id", _ID, nullable=True),
        sa.Column("unit_id", _ID, nullable=True),
        sa.Column("opened_by", sa.String(length=100), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("acknowledged_by", sa.String(length=100), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.String(length=100), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("closed_by", sa.String(length=100), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('open', 'acknowledged', 'resolved', 'closed')",
            name=op.f("ck_issues_status"),
        ),
        sa.ForeignKeyConstraint(
            ["type_id"],
            ["issue_types.id"],
            name=op.f("fk_issues_type_id_issue_types"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_issues_order_id_orders"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["line_id"], ["lines.id"], name=op.f("fk_issues_line_id_lines"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["workstation_id"],
            ["workstations.id"],
            name=op.f("fk_issues_workstation_id_workstations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_issues_unit_id_units"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issues")),
    )
    for column in ("status", "type_id", "order_id", "line_id", "workstation_id"):
        op.create_index(f"ix_issues_{column}", "issues", [column], unique=False)
    for name, columns in (
        ("ix_issues_blocking_order", ["order_id"]),
        ("ix_issues_blocking_place", ["line_id", "workstation_id"]),
    ):
        op.create_index(
            name,
            "issues",
            columns,
            unique=False,
            postgresql_where=sa.text(_ACTIVE_BLOCKING),
            sqlite_where=sa.text(_ACTIVE_BLOCKING),
        )


def downgrade() -> None:
    op.drop_table("issues")
    op.drop_table("issue_types")
