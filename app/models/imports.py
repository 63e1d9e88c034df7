"""Import mapping profiles: how a file's columns map to an import target's fields."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, CheckConstraint, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, BigId, TimestampMixin

_JSON = JSON().with_variant(JSONB(), "postgresql")
IMPORT_TARGETS = ("orders", "parts", "lots")


class ImportMapping(TimestampMixin, Base):
    """A named profile for `POST /imports/{target}`: field → column header, defaults for
    fields the file lacks, and the strptime format of its dates (ISO 8601 without one)."""

    __tablename__ = "import_mappings"
    __table_args__ = (
        CheckConstraint(
            "target IN (" + ", ".join(f"'{t}'" for t in IMPORT_TARGETS) + ")", name="target"
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    target: Mapped[str] = mapped_column(String(16))
    columns: Mapped[dict[str, str]] = mapped_column(_JSON)
    defaults: Mapped[dict[str, Any]] = mapped_column(_JSON)
    date_format: Mapped[str | None] = mapped_column(String(64), nullable=True)
