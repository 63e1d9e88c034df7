"""Domain errors of quality (codes are part of the API contract)."""

from __future__ import annotations

from app.kit.errors import Conflict, Invalid


class TestsIncomplete(Conflict):
    __test__ = False  # not a pytest test class
    code = "tests_incomplete"
    title = "Required tests incomplete"


class TestsFailed(Conflict):
    __test__ = False
    code = "tests_failed"
    title = "Tests failed"


class TestNotOnRoute(Invalid):
    __test__ = False
    code = "test_not_on_route"
    title = "Test not on the unit's route"


class WrongValueKind(Invalid):
    code = "wrong_value_kind"
    title = "Scalar/vector mismatch"


class NotFinite(Invalid):
    code = "not_finite"
    title = "Value is not a finite number"


class AlreadyAcknowledged(Conflict):
    code = "already_acknowledged"
    title = "Alert already acknowledged"
