"""Contains all the data models used in inputs/outputs"""

from .action import Action
from .action_arguments import ActionArguments
from .action_result import ActionResult
from .alert_kind import AlertKind
from .alert_out import AlertOut
from .alert_out_details_type_0 import AlertOutDetailsType0
from .alert_rule_create import AlertRuleCreate
from .alert_rule_out import AlertRuleOut
from .alert_rule_update import AlertRuleUpdate
from .api_key_create import ApiKeyCreate
from .api_key_create_scopes_item import ApiKeyCreateScopesItem
from .api_key_created import ApiKeyCreated
from .api_key_out import ApiKeyOut
from .assembly_out import AssemblyOut
from .assistant_reply import AssistantReply
from .assistant_reply_status import AssistantReplyStatus
from .assistant_request import AssistantRequest
from .audit_entry_out import AuditEntryOut
from .audit_entry_out_after_type_0 import AuditEntryOutAfterType0
from .audit_entry_out_before_type_0 import AuditEntryOutBeforeType0
from .awaiting import Awaiting
from .batch_measurement_out import BatchMeasurementOut
from .batch_measurement_out_result import BatchMeasurementOutResult
from .batch_out import BatchOut
from .batch_record import BatchRecord
from .batch_status import BatchStatus
from .batch_step_out import BatchStepOut
from .batch_step_status import BatchStepStatus
from .body_auth_issue_access_token import BodyAuthIssueAccessToken
from .body_imports_import_lots import BodyImportsImportLots
from .body_imports_import_orders import BodyImportsImportOrders
from .body_imports_import_parts import BodyImportsImportParts
from .bom_item_in import BomItemIn
from .bom_item_out import BomItemOut
from .bom_out import BomOut
from .bom_revision_create import BomRevisionCreate
from .break_in import BreakIn
from .break_out import BreakOut
from .break_window import BreakWindow
from .child_lot import ChildLot
from .clock_on import ClockOn
from .complete_step import CompleteStep
from .confirm_request import ConfirmRequest
from .confirmation import Confirmation
from .consume_in import ConsumeIn
from .consumer_status import ConsumerStatus
from .consumer_status_mqtt import ConsumerStatusMqtt
from .consumption_out import ConsumptionOut
from .counts_out import CountsOut
from .create_batch import CreateBatch
from .database_health import DatabaseHealth
from .dead_letter_out import DeadLetterOut
from .dead_letter_out_payload_encoding import DeadLetterOutPayloadEncoding
from .dead_letter_out_status import DeadLetterOutStatus
from .dead_letter_status import DeadLetterStatus
from .defect_code_create import DefectCodeCreate
from .defect_code_out import DefectCodeOut
from .defect_code_update import DefectCodeUpdate
from .delivery_out import DeliveryOut
from .delivery_out_payload import DeliveryOutPayload
from .delivery_out_status import DeliveryOutStatus
from .downtime_category import DowntimeCategory
from .downtime_reason_create import DowntimeReasonCreate
from .downtime_reason_out import DowntimeReasonOut
from .downtime_reason_update import DowntimeReasonUpdate
from .event_type import EventType
from .field_mapping import FieldMapping
from .field_mapping_map_type_0 import FieldMappingMapType0
from .first_pass_yield_report import FirstPassYieldReport
from .gate_decision import GateDecision
from .gate_decision_result import GateDecisionResult
from .genealogy_lot import GenealogyLot
from .genealogy_node import GenealogyNode
from .generate_units import GenerateUnits
from .generated_units import GeneratedUnits
from .group_by import GroupBy
from .health import Health
from .health_status import HealthStatus
from .history_entry import HistoryEntry
from .history_entry_result_type_0 import HistoryEntryResultType0
from .import_mapping_create import ImportMappingCreate
from .import_mapping_create_columns import ImportMappingCreateColumns
from .import_mapping_create_defaults import ImportMappingCreateDefaults
from .import_mapping_out import ImportMappingOut
from .import_mapping_out_columns import ImportMappingOutColumns
from .import_mapping_out_defaults import ImportMappingOutDefaults
from .import_mapping_update import ImportMappingUpdate
from .import_mapping_update_columns import ImportMappingUpdateColumns
from .import_mapping_update_defaults import ImportMappingUpdateDefaults
from .import_problem import ImportProblem
from .import_result import ImportResult
from .import_target import ImportTarget
from .install_child import InstallChild
from .issue_create import IssueCreate
from .issue_out import IssueOut
from .issue_resolve import IssueResolve
from .issue_severity import IssueSeverity
from .issue_status import IssueStatus
from .issue_type_create import IssueTypeCreate
from .issue_type_out import IssueTypeOut
from .issue_type_update import IssueTypeUpdate
from .labour_entry_out import LabourEntryOut
from .labour_group import LabourGroup
from .labour_report import LabourReport
from .labour_row import LabourRow
from .line_create import LineCreate
from .line_out import LineOut
from .line_update import LineUpdate
from .loss import Loss
from .lot_create import LotCreate
from .lot_hold import LotHold
from .lot_out import LotOut
from .lot_release import LotRelease
from .lot_status import LotStatus
from .lot_summary import LotSummary
from .machine_state_name import MachineStateName
from .machine_state_out import MachineStateOut
from .mapping_create import MappingCreate
from .mapping_create_fields import MappingCreateFields
from .mapping_out import MappingOut
from .mapping_out_fields import MappingOutFields
from .mapping_update import MappingUpdate
from .mapping_update_fields import MappingUpdateFields
from .material_line import MaterialLine
from .me_out import MeOut
from .measurement_in import MeasurementIn
from .measurement_out import MeasurementOut
from .measurement_out_result import MeasurementOutResult
from .measurement_source import MeasurementSource
from .message_out import MessageOut
from .message_out_outcome import MessageOutOutcome
from .message_out_result_type_0 import MessageOutResultType0
from .message_outcome import MessageOutcome
from .move_unit import MoveUnit
from .observation_in import ObservationIn
from .oee_group_by import OeeGroupBy
from .oee_report import OeeReport
from .oee_row import OeeRow
from .order_action_body import OrderActionBody
from .order_create import OrderCreate
from .order_materials import OrderMaterials
from .order_out import OrderOut
from .order_sort import OrderSort
from .order_status import OrderStatus
from .order_update import OrderUpdate
from .overview import Overview
from .page_alert_out import PageAlertOut
from .page_alert_rule_out import PageAlertRuleOut
from .page_api_key_out import PageApiKeyOut
from .page_assembly_out import PageAssemblyOut
from .page_audit_entry_out import PageAuditEntryOut
from .page_batch_out import PageBatchOut
from .page_consumption_out import PageConsumptionOut
from .page_dead_letter_out import PageDeadLetterOut
from .page_defect_code_out import PageDefectCodeOut
from .page_delivery_out import PageDeliveryOut
from .page_downtime_reason_out import PageDowntimeReasonOut
from .page_history_entry import PageHistoryEntry
from .page_import_mapping_out import PageImportMappingOut
from .page_issue_out import PageIssueOut
from .page_issue_type_out import PageIssueTypeOut
from .page_labour_entry_out import PageLabourEntryOut
from .page_line_out import PageLineOut
from .page_lot_out import PageLotOut
from .page_machine_state_out import PageMachineStateOut
from .page_mapping_out import PageMappingOut
from .page_measurement_out import PageMeasurementOut
from .page_message_out import PageMessageOut
from .page_order_out import PageOrderOut
from .page_part_out import PagePartOut
from .page_quality_event_out import PageQualityEventOut
from .page_queue_item import PageQueueItem
from .page_route_out import PageRouteOut
from .page_route_revision_out import PageRouteRevisionOut
from .page_shift_out import PageShiftOut
from .page_spc_point import PageSpcPoint
from .page_test_definition_out import PageTestDefinitionOut
from .page_unit_out import PageUnitOut
from .page_user_out import PageUserOut
from .page_webhook_out import PageWebhookOut
from .page_workstation_out import PageWorkstationOut
from .pareto_item import ParetoItem
from .pareto_report import ParetoReport
from .part_create import PartCreate
from .part_kind import PartKind
from .part_out import PartOut
from .part_ref import PartRef
from .part_update import PartUpdate
from .problem import Problem
from .production_report import ProductionReport
from .production_row import ProductionRow
from .quality_event_out import QualityEventOut
from .quality_event_out_result_type_0 import QualityEventOutResultType0
from .quality_event_type import QualityEventType
from .queue_awaiting import QueueAwaiting
from .queue_item import QueueItem
from .queue_kind import QueueKind
from .record_batch import RecordBatch
from .record_batch_event import RecordBatchEvent
from .record_batch_step import RecordBatchStep
from .record_bom import RecordBom
from .record_bom_item import RecordBomItem
from .record_child import RecordChild
from .record_event import RecordEvent
from .record_event_result_type_0 import RecordEventResultType0
from .record_format import RecordFormat
from .record_issue import RecordIssue
from .record_issue_relation import RecordIssueRelation
from .record_labour import RecordLabour
from .record_lot import RecordLot
from .record_measurement import RecordMeasurement
from .record_measurement_result import RecordMeasurementResult
from .record_order import RecordOrder
from .record_part import RecordPart
from .record_quality_event import RecordQualityEvent
from .record_quality_event_result_type_0 import RecordQualityEventResultType0
from .record_route import RecordRoute
from .record_stay import RecordStay
from .record_unit import RecordUnit
from .remove_child import RemoveChild
from .replay_out import ReplayOut
from .replay_out_result import ReplayOutResult
from .reports_production_report_format import ReportsProductionReportFormat
from .revision_create import RevisionCreate
from .rework_unit import ReworkUnit
from .role import Role
from .route_create import RouteCreate
from .route_out import RouteOut
from .route_revision_out import RouteRevisionOut
from .route_rty import RouteRty
from .route_update import RouteUpdate
from .route_yield import RouteYield
from .row_error_out import RowErrorOut
from .rty_factor import RtyFactor
from .rty_report import RtyReport
from .schedule import Schedule
from .scheduled_line import ScheduledLine
from .scheduled_order import ScheduledOrder
from .scrap_rework_report import ScrapReworkReport
from .scrap_unit import ScrapUnit
from .search_results import SearchResults
from .severity import Severity
from .shift_calendar_out import ShiftCalendarOut
from .shift_create import ShiftCreate
from .shift_instance_out import ShiftInstanceOut
from .shift_out import ShiftOut
from .shift_update import ShiftUpdate
from .spc_point import SpcPoint
from .spc_point_result import SpcPointResult
from .state_reason_update import StateReasonUpdate
from .step_in import StepIn
from .step_out import StepOut
from .step_visit import StepVisit
from .step_yield import StepYield
from .telemetry_kind import TelemetryKind
from .test_definition_create import TestDefinitionCreate
from .test_definition_out import TestDefinitionOut
from .test_definition_update import TestDefinitionUpdate
from .test_statistics import TestStatistics
from .test_statistics_report import TestStatisticsReport
from .token_out import TokenOut
from .tracking import Tracking
from .unit_out import UnitOut
from .unit_record import UnitRecord
from .unit_status import UnitStatus
from .user_create import UserCreate
from .user_kind import UserKind
from .user_out import UserOut
from .user_update import UserUpdate
from .validation_issue import ValidationIssue
from .value_kind import ValueKind
from .webhook_create import WebhookCreate
from .webhook_create_events_item import WebhookCreateEventsItem
from .webhook_created import WebhookCreated
from .webhook_out import WebhookOut
from .webhook_secret import WebhookSecret
from .webhook_update import WebhookUpdate
from .webhook_update_events_type_0_item import WebhookUpdateEventsType0Item
from .webhooks_list_deliveries_status_type_0 import WebhooksListDeliveriesStatusType0
from .where_used import WhereUsed
from .where_used_item import WhereUsedItem
from .where_used_kind import WhereUsedKind
from .wip_snapshot import WipSnapshot
from .workstation_create import WorkstationCreate
from .workstation_out import WorkstationOut
from .workstation_update import WorkstationUpdate
from .workstation_wip import WorkstationWip

__all__ = (
    "Action",
    "ActionArguments",
    "ActionResult",
    "AlertKind",
    "AlertOut",
    "AlertOutDetailsType0",
    "AlertRuleCreate",
    "AlertRuleOut",
    "AlertRuleUpdate",
    "ApiKeyCreate",
    "ApiKeyCreated",
    "ApiKeyCreateScopesItem",
    "ApiKeyOut",
    "AssemblyOut",
    "AssistantReply",
    "AssistantReplyStatus",
    "AssistantRequest",
    "AuditEntryOut",
    "AuditEntryOutAfterType0",
    "AuditEntryOutBeforeType0",
    "Awaiting",
    "BatchMeasurementOut",
    "BatchMeasurementOutResult",
    "BatchOut",
    "BatchRecord",
    "BatchStatus",
    "BatchStepOut",
    "BatchStepStatus",
    "BodyAuthIssueAccessToken",
    "BodyImportsImportLots",
    "BodyImportsImportOrders",
    "BodyImportsImportParts",
    "BomItemIn",
    "BomItemOut",
    "BomOut",
    "BomRevisionCreate",
    "BreakIn",
    "BreakOut",
    "BreakWindow",
    "ChildLot",
    "ClockOn",
    "CompleteStep",
    "Confirmation",
    "ConfirmRequest",
    "ConsumeIn",
    "ConsumerStatus",
    "ConsumerStatusMqtt",
    "ConsumptionOut",
    "CountsOut",
    "CreateBatch",
    "DatabaseHealth",
    "DeadLetterOut",
    "DeadLetterOutPayloadEncoding",
    "DeadLetterOutStatus",
    "DeadLetterStatus",
    "DefectCodeCreate",
    "DefectCodeOut",
    "DefectCodeUpdate",
    "DeliveryOut",
    "DeliveryOutPayload",
    "DeliveryOutStatus",
    "DowntimeCategory",
    "DowntimeReasonCreate",
    "DowntimeReasonOut",
    "DowntimeReasonUpdate",
    "EventType",
    "FieldMapping",
    "FieldMappingMapType0",
    "FirstPassYieldReport",
    "GateDecision",
    "GateDecisionResult",
    "GenealogyLot",
    "GenealogyNode",
    "GeneratedUnits",
    "GenerateUnits",
    "GroupBy",
    "Health",
    "HealthStatus",
    "HistoryEntry",
    "HistoryEntryResultType0",
    "ImportMappingCreate",
    "ImportMappingCreateColumns",
    "ImportMappingCreateDefaults",
    "ImportMappingOut",
    "ImportMappingOutColumns",
    "ImportMappingOutDefaults",
    "ImportMappingUpdate",
    "ImportMappingUpdateColumns",
    "ImportMappingUpdateDefaults",
    "ImportProblem",
    "ImportResult",
    "ImportTarget",
    "InstallChild",
    "IssueCreate",
    "IssueOut",
    "IssueResolve",
    "IssueSeverity",
    "IssueStatus",
    "IssueTypeCreate",
    "IssueTypeOut",
    "IssueTypeUpdate",
    "LabourEntryOut",
    "LabourGroup",
    "LabourReport",
    "LabourRow",
    "LineCreate",
    "LineOut",
    "LineUpdate",
    "Loss",
    "LotCreate",
    "LotHold",
    "LotOut",
    "LotRelease",
    "LotStatus",
    "LotSummary",
    "MachineStateName",
    "MachineStateOut",
    "MappingCreate",
    "MappingCreateFields",
    "MappingOut",
    "MappingOutFields",
    "MappingUpdate",
    "MappingUpdateFields",
    "MaterialLine",
    "MeasurementIn",
    "MeasurementOut",
    "MeasurementOutResult",
    "MeasurementSource",
    "MeOut",
    "MessageOut",
    "MessageOutcome",
    "MessageOutOutcome",
    "MessageOutResultType0",
    "MoveUnit",
    "ObservationIn",
    "OeeGroupBy",
    "OeeReport",
    "OeeRow",
    "OrderActionBody",
    "OrderCreate",
    "OrderMaterials",
    "OrderOut",
    "OrderSort",
    "OrderStatus",
    "OrderUpdate",
    "Overview",
    "PageAlertOut",
    "PageAlertRuleOut",
    "PageApiKeyOut",
    "PageAssemblyOut",
    "PageAuditEntryOut",
    "PageBatchOut",
    "PageConsumptionOut",
    "PageDeadLetterOut",
    "PageDefectCodeOut",
    "PageDeliveryOut",
    "PageDowntimeReasonOut",
    "PageHistoryEntry",
    "PageImportMappingOut",
    "PageIssueOut",
    "PageIssueTypeOut",
    "PageLabourEntryOut",
    "PageLineOut",
    "PageLotOut",
    "PageMachineStateOut",
    "PageMappingOut",
    "PageMeasurementOut",
    "PageMessageOut",
    "PageOrderOut",
    "PagePartOut",
    "PageQualityEventOut",
    "PageQueueItem",
    "PageRouteOut",
    "PageRouteRevisionOut",
    "PageShiftOut",
    "PageSpcPoint",
    "PageTestDefinitionOut",
    "PageUnitOut",
    "PageUserOut",
    "PageWebhookOut",
    "PageWorkstationOut",
    "ParetoItem",
    "ParetoReport",
    "PartCreate",
    "PartKind",
    "PartOut",
    "PartRef",
    "PartUpdate",
    "Problem",
    "ProductionReport",
    "ProductionRow",
    "QualityEventOut",
    "QualityEventOutResultType0",
    "QualityEventType",
    "QueueAwaiting",
    "QueueItem",
    "QueueKind",
    "RecordBatch",
    "RecordBatchEvent",
    "RecordBatchStep",
    "RecordBom",
    "RecordBomItem",
    "RecordChild",
    "RecordEvent",
    "RecordEventResultType0",
    "RecordFormat",
    "RecordIssue",
    "RecordIssueRelation",
    "RecordLabour",
    "RecordLot",
    "RecordMeasurement",
    "RecordMeasurementResult",
    "RecordOrder",
    "RecordPart",
    "RecordQualityEvent",
    "RecordQualityEventResultType0",
    "RecordRoute",
    "RecordStay",
    "RecordUnit",
    "RemoveChild",
    "ReplayOut",
    "ReplayOutResult",
    "ReportsProductionReportFormat",
    "RevisionCreate",
    "ReworkUnit",
    "Role",
    "RouteCreate",
    "RouteOut",
    "RouteRevisionOut",
    "RouteRty",
    "RouteUpdate",
    "RouteYield",
    "RowErrorOut",
    "RtyFactor",
    "RtyReport",
    "Schedule",
    "ScheduledLine",
    "ScheduledOrder",
    "ScrapReworkReport",
    "ScrapUnit",
    "SearchResults",
    "Severity",
    "ShiftCalendarOut",
    "ShiftCreate",
    "ShiftInstanceOut",
    "ShiftOut",
    "ShiftUpdate",
    "SpcPoint",
    "SpcPointResult",
    "StateReasonUpdate",
    "StepIn",
    "StepOut",
    "StepVisit",
    "StepYield",
    "TelemetryKind",
    "TestDefinitionCreate",
    "TestDefinitionOut",
    "TestDefinitionUpdate",
    "TestStatistics",
    "TestStatisticsReport",
    "TokenOut",
    "Tracking",
    "UnitOut",
    "UnitRecord",
    "UnitStatus",
    "UserCreate",
    "UserKind",
    "UserOut",
    "UserUpdate",
    "ValidationIssue",
    "ValueKind",
    "WebhookCreate",
    "WebhookCreated",
    "WebhookCreateEventsItem",
    "WebhookOut",
    "WebhookSecret",
    "WebhooksListDeliveriesStatusType0",
    "WebhookUpdate",
    "WebhookUpdateEventsType0Item",
    "WhereUsed",
    "WhereUsedItem",
    "WhereUsedKind",
    "WipSnapshot",
    "WorkstationCreate",
    "WorkstationOut",
    "WorkstationUpdate",
    "WorkstationWip",
)
