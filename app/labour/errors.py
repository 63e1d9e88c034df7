"""Domain errors of labour booking (codes are part of the API contract)."""

from __future__ import annotations

from app.kit.errors import Conflict, Forbidden, Invalid


class AlreadyClockedOn(Conflict):
    code = "already_clocked_on"
    title = "Already clocked on to this job"


class AlreadyClockedOff(Conflict):
    code = "already_clocked_off"
    title = "Entry already closed"


class NotAPerson(Invalid):
    code = "not_a_person"
    title = "Only people clock on"


class UserInactive(Invalid):
    code = "user_inactive"
    title = "User is deactivated"


class NotYourEntry(Forbidden):
    code = "not_your_entry"
    title = "Not your labour entry"


class MayNotClockOthers(Forbidden):
    code = "may_not_clock_others"
    title = "Only supervisors clock other people"


class WorkstationAccount(Forbidden):
    code = "workstation_account"
    title = "A workstation account is not a person"
