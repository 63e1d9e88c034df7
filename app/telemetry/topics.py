"""MQTT topic names and filters: the built-in convention, validation and matching."""

from __future__ import annotations

from dataclasses import dataclass

from app.models import TelemetryKind

MAX_FILTER_LENGTH = 255


@dataclass(frozen=True, slots=True)
class ConventionTopic:
    """`{root}/{line_code}/{workstation_code}/{kind}`"""

    line_code: str
    workstation_code: str
    kind: str


def convention_filter(root: str) -> str:
    return f"{root}/+/+/+"


def parse_convention(root: str, topic: str) -> ConventionTopic | None:
    """The parts of a built-in topic, or None when `topic` is not one (kind unchecked)."""
    parts = topic.split("/")
    if len(parts) != 4 or parts[0] != root:
        return None
    return ConventionTopic(parts[1], parts[2], parts[3])


KINDS = frozenset(k.value for k in TelemetryKind)


def filter_problem(topic_filter: str) -> str | None:
    """Why `topic_filter` is not a valid MQTT subscription filter for a mapping (or None)."""
    if not topic_filter:
        return "the topic filter is empty"
    if len(topic_filter.encode()) > MAX_FILTER_LENGTH:
        return f"the topic filter may be at most {MAX_FILTER_LENGTH} bytes"
    if topic_filter.startswith("$"):
        return "topics starting with $ are the broker's (shared subscriptions are added by Takt)"
    if "\x00" in topic_filter or any(ord(c) < 0x20 or ord(c) == 0x7F for c in topic_filter):
        return "the topic filter contains control characters"
    levels = topic_filter.split("/")
    for i, level in enumerate(levels):
        if "#" in level and (level != "#" or i != len(levels) - 1):
            return "'#' must be a whole level and the last one"
        if "+" in level and level != "+":
            return "'+' must be a whole level"
    return None


def matches(topic_filter: str, topic: str) -> bool:
    """Does `topic` match the MQTT filter (with `+` and `#` wildcards)?"""
    if topic.startswith("$") and topic_filter[:1] in ("+", "#"):
        return False  # wildcards at the first level never match $-topics (MQTT 4.7.2)
    filter_levels = topic_filter.split("/")
    topic_levels = topic.split("/")
    for i, level in enumerate(filter_levels):
        if level == "#":
            return True
        if i >= len(topic_levels):
            return False
        if level != "+" and level != topic_levels[i]:
            return False
    return len(filter_levels) == len(topic_levels)
