"""SQLAlchemy models, one module per aggregate. Importing this package registers them all."""

from app.db.base import Base
from app.models.assistant import AssistantConfirmation
from app.models.audit import AuditEntry
from app.models.auth import (
    ApiKey,
    InstanceSetting,
    LoginThrottle,
    Role,
    User,
    UserKind,
    UserLine,
)
from app.models.batches import (
    Batch,
    BatchEvent,
    BatchEventType,
    BatchStatus,
    BatchStep,
    BatchStepStatus,
)
from app.models.idempotency import IdempotencyRecord
from app.models.imports import ImportMapping
from app.models.issues import Issue, IssueSeverity, IssueStatus, IssueType
from app.models.labour import LabourEntry
from app.models.masterdata import DefectCode, Line, Part, Severity, Workstation
from app.models.materials import (
    Assembly,
    BomItem,
    BomRevision,
    Consumption,
    Lot,
    LotStatus,
    PartKind,
)
from app.models.orders import Counter, Order, OrderStatus, Tracking
from app.models.outbox import OutboxConsumer, OutboxEvent
from app.models.quality import (
    Alert,
    AlertKind,
    AlertRule,
    Measurement,
    MeasurementSource,
    QualityEvent,
    QualityEventType,
    TestDefinition,
    ValueKind,
)
from app.models.routes import Route, RouteRevision, RouteStep
from app.models.shifts import DowntimeCategory, DowntimeReason, Shift
from app.models.telemetry import (
    DeadLetter,
    DeadLetterStatus,
    MachineCount,
    MachineCounter,
    MachinePresence,
    MachineState,
    MachineStateName,
    MessageOutcome,
    TelemetryKind,
    TelemetryMapping,
    TelemetryMessage,
)
from app.models.units import Awaiting, EventType, Unit, UnitEvent, UnitStatus
from app.models.webhooks import DeliveryStatus, Webhook, WebhookDelivery

__all__ = [
    "Alert",
    "AlertKind",
    "AlertRule",
    "ApiKey",
    "Assembly",
    "AssistantConfirmation",
    "AuditEntry",
    "Awaiting",
    "Base",
    "Batch",
    "BatchEvent",
    "BatchEventType",
    "BatchStatus",
    "BatchStep",
    "BatchStepStatus",
    "BomItem",
    "BomRevision",
    "Consumption",
    "Counter",
    "DeadLetter",
    "DeadLetterStatus",
    "DefectCode",
    "DeliveryStatus",
    "DowntimeCategory",
    "DowntimeReason",
    "EventType",
    "IdempotencyRecord",
    "ImportMapping",
    "InstanceSetting",
    "Issue",
    "IssueSeverity",
    "IssueStatus",
    "IssueType",
    "LabourEntry",
    "Line",
    "LoginThrottle",
    "Lot",
    "LotStatus",
    "MachineCount",
    "MachineCounter",
    "MachinePresence",
    "MachineState",
    "MachineStateName",
    "Measurement",
    "MeasurementSource",
    "MessageOutcome",
    "Order",
    "OrderStatus",
    "OutboxConsumer",
    "OutboxEvent",
    "Part",
    "PartKind",
    "QualityEvent",
    "QualityEventType",
    "Role",
    "Route",
    "RouteRevision",
    "RouteStep",
    "Severity",
    "Shift",
    "TelemetryKind",
    "TelemetryMapping",
    "TelemetryMessage",
    "TestDefinition",
    "Tracking",
    "Unit",
    "UnitEvent",
    "UnitStatus",
    "User",
    "UserKind",
    "UserLine",
    "ValueKind",
    "Webhook",
    "WebhookDelivery",
    "Workstation",
]
