"""Reading machine messages, without a broker or database: JSONPath, conditions, topic
filters, transforms, payload validation and decoding (rules, convention, de-duplication)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from app.kit.time import utcnow
from app.telemetry import condition, jsonpath, payloads
from app.telemetry.decode import Decoded, Ignored, Inbound, Rejected, Station, Stations, decode
from app.telemetry.payloads import PayloadError
from app.telemetry.rules import FieldSpec, RuleSet, map_key
from app.telemetry.topics import filter_problem, matches

DOC = {
    "type": "torque",
    "ok": True,
    "n": 3,
    "v": [1.5, 2.5, 3.5],
    "part": {"sn": "SX-001", "tags": ["a", "b"]},
    "key with space": {"x": 5},
    "it's": 1,
}


@pytest.mark.parametrize(
    ("path", "found"),
    [
        ("$", [DOC]),
        ("$.part.sn", ["SX-001"]),
        ("$['part']['sn']", ["SX-001"]),
        ('$["key with space"].x', [5]),
        ('$["it\'s"]', [1]),
        ("$.v[0]", [1.5]),
        ("$.v[-1]", [3.5]),
        ("$.v[7]", []),
        ("$.v[*]", [1.5, 2.5, 3.5]),
        ("$.part.*", ["SX-001", ["a", "b"]]),
        ("$.missing.deeper", []),
        ("$.n.x", []),
    ],
)
def test_jsonpath_finds(path: str, found: list[Any]) -> None:
    assert jsonpath.parse(path).find(DOC) == found


@pytest.mark.parametrize(
    "path",
    ["", "value", "$.", "$..a", "$[abc]", "$['open", "$.a[", "$.a[1:2]", "$[?(@.a)]", "$ .a"],
)
def test_jsonpath_refuses(path: str) -> None:
    with pytest.raises(jsonpath.JsonPathError):
        jsonpath.parse(path)


def test_jsonpath_length_is_bounded() -> None:
    with pytest.raises(jsonpath.JsonPathError):
        jsonpath.parse("$" + ".a" * 300)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('$.type == "torque" and $.ok != false', True),
        ("$.type == 'angle' or $.n >= 3", True),
        ("$.n in [1, 3, 5]", True),
        ('$.part.tags[0] in ["a"]', True),
        ("not ($.n < 0)", True),
        ("$.missing == null", True),
        ("$.missing", False),
        ("$.ok", True),
        ("$.n == true", False),  # a number is not a boolean
        ("$.type < 3", False),  # different types compare false, never fail
        ("$.part > 1", False),
        ("$.v[*]", True),
        ("$.n == 3.0", True),
        ("$.n != -1e3", True),
        ("(($.n == 3))", True),
        ("$.n == 3 and ($.ok or $.missing)", True),
    ],
)
def test_conditions_evaluate(text: str, expected: bool) -> None:
    assert condition.parse(text)(DOC) is expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "$.a ==",
        "foo == 1",
        "$.a === 1",
        "($.a == 1",
        "$.a == 1)",
        "$..a == 1",
        "$.a == 'open",
        "$.a in [1, $.b]",
        "1e999 == $.a",
        "$.a & 1",
        "not " * 40 + "$.a",
        "x" * 1001,
    ],
)
def test_conditions_refuse(text: str) -> None:
    with pytest.raises(condition.ConditionError):
        condition.parse(text)


def test_condition_on_other_documents_never_fails() -> None:
    check = condition.parse("$.a.b > 1 and $.c[0] == 'x'")
    documents: tuple[object, ...] = (
        None,
        1,
        "text",
        [],
        {"a": []},
        {"a": {"b": "2"}},
        {"c": "xyz"},
    )
    for document in documents:
        assert check(document) is False


@pytest.mark.parametrize(
    ("topic_filter", "problem"),
    [
        ("plant/+/press/#", None),
        ("#", None),
        ("a/b", None),
        ("", "empty"),
        ("$SYS/#", "broker"),
        ("$share/g/a", "broker"),
        ("a/#/b", "last"),
        ("a/b#", "last"),
        ("a/b+/c", "whole level"),
        ("a/\x00", "control"),
        ("a" * 256, "255"),
    ],
)
def test_topic_filters_are_validated(topic_filter: str, problem: str | None) -> None:
    found = filter_problem(topic_filter)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found


@pytest.mark.parametrize(
    ("topic_filter", "topic", "expected"),
    [
        ("a/+/c", "a/b/c", True),
        ("a/+/c", "a/b/d", False),
        ("a/+", "a/b/c", False),
        ("a/#", "a", True),
        ("a/#", "a/b/c", True),
        ("#", "a/b", True),
        ("#", "$SYS/x", False),
        ("+/x", "$SYS/x", False),
        ("a/b", "a/b", True),
        ("a/b", "a/b/", False),
        ("a/+/", "a/b/", True),
    ],
)
def test_topic_matching(topic_filter: str, topic: str, expected: bool) -> None:
    assert matches(topic_filter, topic) is expected


def _field(**spec: Any) -> FieldSpec:
    return FieldSpec.compile(spec)


def test_transforms_map_then_scale() -> None:
    assert _field(path="$.t", scale=0.01).read({"t": 4550}, "value") == (True, 45.5)
    assert _field(path="$.t", scale=2, offset=-1).read({"t": "3.5"}, "value") == (True, 6.0)
    assert _field(path="$.s", map={"1": "running", "3": "down"}).read({"s": 3}, "state") == (
        True,
        "down",
    )
    assert _field(path="$.s", map={"1": "running"}).read({"s": 9}, "state") == (True, 9)
    assert _field(path="$.ok", map={"true": "pass"}).read({"ok": True}, "x") == (True, "pass")
    assert _field(path="$.v[*]", scale=10).read({"v": [1, 2]}, "values") == (True, [10, 20])
    assert _field(path="$.g", scale=0.5).read({"g": 10}, "good") == (True, 5)
    assert isinstance(_field(path="$.g", scale=0.5).read({"g": 10}, "good")[1], int)
    assert _field(const="Torque").read({}, "test") == (True, "Torque")
    assert _field(path="$.missing").read({}, "value") == (False, None)


@pytest.mark.parametrize("raw", ["abc", True, None, {"a": 1}])
def test_scaling_a_non_number_is_a_payload_error(raw: Any) -> None:
    with pytest.raises(PayloadError):
        _field(path="$.t", scale=2).read({"t": raw}, "value")


def test_scaling_out_of_range_is_a_payload_error() -> None:
    with pytest.raises(PayloadError):
        _field(path="$.t", scale=1e300).read({"t": 1e300}, "value")


@pytest.mark.parametrize(
    ("value", "key"),
    [(1, "1"), (1.0, "1"), (1.5, "1.5"), (True, "true"), (None, "null"), ("x", "x"), ([1], None)],
)
def test_map_keys(value: Any, key: str | None) -> None:
    assert map_key(value) == key


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"{not json", "malformed_payload"),
        (b"\xff\xfe", "malformed_payload"),
        (b'{"value": NaN}', "malformed_payload"),
        (b'{"value": Infinity}', "malformed_payload"),
        (b"[" * 100_000 + b"]" * 100_000, "malformed_payload"),
        (b" " * (payloads.MAX_PAYLOAD_BYTES + 1), "payload_too_large"),
    ],
)
def test_unreadable_payloads(raw: bytes, code: str) -> None:
    with pytest.raises(PayloadError) as error:
        payloads.decode_json(raw)
    assert error.value.code == code


@pytest.mark.parametrize(
    ("kind", "fields", "problem"),
    [
        ("measurement", {"serial": "S", "test": "T"}, "either value"),
        ("measurement", {"serial": "S", "test": "T", "value": 1, "values": [1]}, "either value"),
        ("measurement", {"serial": "S", "test": "T", "value": True}, "value"),
        ("measurement", {"serial": "S", "test": "T", "value": "1.5"}, "value"),
        ("measurement", {"serial": "S", "test": "T", "values": []}, "values"),
        ("measurement", {"serial": 7, "test": "T", "value": 1}, "serial"),
        ("measurement", {"serial": "S" * 65, "test": "T", "value": 1}, "serial"),
        ("measurement", {"serial": "S", "test": True, "value": 1}, "test"),
        ("state", {"state": "exploded"}, "state"),
        ("state", {"state": "running", "reason": ""}, "reason"),
        ("count", {"good": -1}, "good"),
        ("count", {"good": 2**70}, "good"),
        ("count", {"good": 1.5}, "good"),
        ("count", {"good": "12"}, "good"),
        ("count", {"good": 1, "reject": -2}, "reject"),
        ("event", {"serial": "S", "action": "teleport"}, "action"),
        ("event", {"serial": "S"}, "action"),
        ("state", {"state": "idle", "ts": "2026-01-01T08:00:00"}, "timezone"),
        ("state", {"state": "idle", "ts": "yesterday"}, "ts"),
        ("state", {"state": "idle", "ts": "1999-12-31T23:00:00Z"}, "2000"),
        ("state", {"state": "idle", "msg_id": True}, "msg_id"),
        ("state", ["not", "an", "object"], "object"),
    ],
)
def test_payload_validation(kind: str, fields: Any, problem: str) -> None:
    with pytest.raises(PayloadError) as error:
        payloads.validate(kind, fields)
    assert error.value.code == "invalid_payload"
    assert problem in error.value.detail


def test_timestamps_in_the_future_are_refused_and_epochs_accepted() -> None:
    future = (utcnow() + timedelta(hours=1)).isoformat()
    with pytest.raises(PayloadError, match="future"):
        payloads.validate("state", {"state": "idle", "ts": future})
    parsed = payloads.validate("state", {"state": "idle", "ts": 1_767_225_600})
    assert parsed.ts is not None and parsed.ts.year == 2026
    extra = payloads.validate("count", {"good": 5, "firmware": "1.2"})  # extra fields ignored
    assert extra.model_dump()["good"] == 5


# -- decoding ----------------------------------------------------------------------------------

STATIONS = Stations(
    by_codes={("L1", "WS1"): Station(10, 1)}, by_id={10: Station(10, 1), 11: Station(11, 1)}
)


def _rules(*rules: dict[str, Any]) -> RuleSet:
    base = {"workstation_id": None, "priority": 100, "condition": None}
    return RuleSet.build([base | r for r in rules], version=1)


def _decode(topic: str, payload: Any, rules: RuleSet | None = None) -> Any:
    raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    message = Inbound(topic, raw, utcnow())
    return decode(message, root="takt", rules=rules or RuleSet(), stations=STATIONS)


def test_convention_topics_decode_with_the_machine_as_actor() -> None:
    out = _decode("takt/L1/WS1/state", {"state": "down", "reason": "E42"})
    assert isinstance(out, Decoded)
    assert out.kind == "state" and out.station == Station(10, 1)
    assert out.actor == "mqtt:takt/L1/WS1/state"
    assert out.principal.actor == out.actor and out.principal.workstation_id == 10


@pytest.mark.parametrize(
    ("topic", "payload", "code"),
    [
        ("takt/L1/WS1/temperature", {"value": 1}, "unknown_kind"),
        ("takt/L1/WS9/state", {"state": "idle"}, "unknown_workstation"),
        ("takt/L9/WS1/state", {"state": "idle"}, "unknown_workstation"),
        ("takt/L1/WS1/state", b"not json", "malformed_payload"),
        ("takt/L1/WS1/state", {"state": "broken"}, "invalid_payload"),
        ("other/topic", {"state": "idle"}, "no_mapping"),
        ("takt/L1/WS1/state/extra", {"state": "idle"}, "no_mapping"),
    ],
)
def test_undecodable_messages_are_rejected_with_a_code(topic: str, payload: Any, code: str) -> None:
    out = _decode(topic, payload)
    assert isinstance(out, Rejected)
    assert out.code == code


def test_duplicate_keys() -> None:
    a = _decode("takt/L1/WS1/count", {"good": 5, "ts": "2026-01-01T00:00:00Z"})
    same = _decode("takt/L1/WS1/count", b'{ "ts": "2026-01-01T00:00:00Z", "good": 5 }')
    later = _decode("takt/L1/WS1/count", {"good": 5, "ts": "2026-01-01T00:00:01Z"})
    assert a.dedup_key == same.dedup_key != later.dedup_key
    one = _decode("takt/L1/WS1/count", {"good": 5, "msg_id": 7})
    other_payload = _decode("takt/L1/WS1/count", {"good": 6, "msg_id": "7"})
    other_topic = _decode("takt/L1/WS1/state", {"state": "idle", "msg_id": 7})
    assert one.dedup_key == other_payload.dedup_key != other_topic.dedup_key
    assert one.msg_id == "7"


def test_rules_first_by_priority_then_condition_then_convention() -> None:
    rules = _rules(
        {
            "id": 1,
            "name": "low priority",
            "topic_filter": "takt/L1/+/state",
            "action": "state",
            "workstation_id": 11,
            "priority": 200,
            "fields": {"state": {"const": "off"}},
        },
        {
            "id": 2,
            "name": "coded states",
            "topic_filter": "takt/L1/+/state",
            "action": "state",
            "workstation_id": 11,
            "condition": "$.code != null",
            "fields": {"state": {"path": "$.code", "map": {"1": "running", "2": "down"}}},
        },
    )
    by_rule = _decode("takt/L1/WS1/state", {"code": 2}, rules)
    assert isinstance(by_rule, Decoded) and by_rule.rule_id == 2
    assert by_rule.payload.model_dump()["state"] == "down"
    assert by_rule.actor == "mapping:2" and by_rule.station == Station(11, 1)
    fallback = _decode("takt/L1/WS1/state", {"state": "idle"}, rules)
    assert isinstance(fallback, Decoded) and fallback.rule_id == 1  # condition-free rule
    only_conditional = _rules(
        {
            "id": 3,
            "name": "plant states",
            "topic_filter": "plant/+/state",
            "action": "state",
            "workstation_id": 11,
            "condition": "$.code != null",
            "fields": {"state": {"path": "$.code"}},
        },
        {
            "id": 4,
            "name": "conditional on a built-in topic",
            "topic_filter": "takt/#",
            "action": "state",
            "workstation_id": 11,
            "condition": "$.code != null",
            "fields": {"state": {"path": "$.code"}},
        },
    )
    ignored = _decode("plant/x/state", {"other": 1}, only_conditional)
    assert isinstance(ignored, Ignored)
    convention = _decode("takt/L1/WS1/state", {"state": "setup"}, only_conditional)
    assert isinstance(convention, Decoded) and convention.rule_id is None


def test_rule_extraction_errors_name_the_rule() -> None:
    rules = _rules(
        {
            "id": 5,
            "name": "press",
            "topic_filter": "press/#",
            "action": "count",
            "workstation_id": 10,
            "fields": {"good": {"path": "$.cnt", "scale": 1}},
        }
    )
    bad = _decode("press/1", {"cnt": "many"}, rules)
    assert isinstance(bad, Rejected) and bad.rule_id == 5 and "rule 5" in bad.detail
    missing = _decode("press/1", {"other": 1}, rules)
    assert isinstance(missing, Rejected) and missing.code == "invalid_payload"
    good = _decode("press/1", {"cnt": 12.0}, rules)
    assert isinstance(good, Decoded) and good.payload.model_dump()["good"] == 12
