"""Completed batch steps as quality records, for the figures and rules that count batch items.

A batch step completed by its operators reports a verdict for every item that entered it:
`good` passed, `scrap` failed. A step that was running when its order ended early (cancel,
or a completion that scraps what is open: `app.batches.open_batches`) is closed as well,
with nothing passed — but that judged no item: like the units an order's end scraps, its
items are scrapped, not failed at the step. Such a closing leaves a `batch_scrapped` history
row for the batch at the step's completion time; nothing else does.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, literal_column

from app.models import BatchEvent, BatchEventType, BatchStep, BatchStepStatus

# A literal, not a parameter: both databases then see that the partial indexes on completed
# steps (`ix_batch_steps_done_at`, `ix_batch_steps_done_workstation`) cover the query.
DONE = BatchStep.status == literal_column(f"'{BatchStepStatus.DONE.value}'")
SCRAPPED_WITH_ORDER = BatchEventType.SCRAPPED.value


def closed_with_order(batch_id: Any, completed_at: Any) -> Any:
    """Whether the completed step (of `batch_id`, completed at `completed_at`) was closed by
    its order's end rather than completed by its operators (one lookup in the batch's
    history, `ix_batch_events_batch_id_id`)."""
    return exists().where(
        BatchEvent.batch_id == batch_id,
        BatchEvent.type == SCRAPPED_WITH_ORDER,
        BatchEvent.at == completed_at,
    )


def judged() -> Any:
    """A completed batch step that judged its items (see the module docstring)."""
    return ~closed_with_order(BatchStep.batch_id, BatchStep.completed_at)
