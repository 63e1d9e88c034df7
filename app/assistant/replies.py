"""What the assistant says: one short sentence per tool result, and per confirmation."""

from __future__ import annotations

from typing import Any

Result = dict[str, Any]

_AWAITING = {
    "move": "ready to move on",
    "gate_decision": "waiting for a gate decision",
    "disposition": "failed its gate: rework or scrap it",
}


def unit_sentence(u: Result) -> str:
    serial, order = u["serial"], u["order"]
    if u["status"] != "in_progress":
        return f"{serial} (order {order}) is {u['status']}."
    if u["step"] == 0:
        return f"{serial} (order {order}) has not entered its route yet: move it to start step 1."
    awaiting = _AWAITING.get(u["awaiting"] or "", "in progress")
    return f"{serial} (order {order}) is at step {u['step']} ({u['workstation']}), {awaiting}."


def say_move(a: Result, r: Result) -> str:
    if r["status"] == "completed":
        return f"{r['serial']} completed its route."
    return f"Moved {r['serial']} to step {r['step']} ({r['workstation']})."


def say_gate(a: Result, r: Result) -> str:
    if a["result"] == "fail":
        defect = f" (defect {a['defect_code']})" if a.get("defect_code") else ""
        return f"{r['serial']} failed the gate{defect}: rework or scrap it."
    if r["status"] == "completed":
        return f"{r['serial']} passed the gate and completed its route."
    return f"{r['serial']} passed the gate and moved to step {r['step']} ({r['workstation']})."


def say_measure(a: Result, r: Result) -> str:
    shown = a.get("value") if a.get("value") is not None else a.get("values")
    unit = f" {a['unit']}" if a.get("unit") else ""
    low, high = r.get("lower_limit"), r.get("upper_limit")
    limits = f" (limits {'' if low is None else low}…{'' if high is None else high})"
    failed = " — it failed the gate" if r.get("failed_gate") else ""
    return f"Recorded {a['test']} {shown}{unit} for {r['serial']}: {r['result']}{limits}{failed}."


def say_wip(a: Result, r: Result) -> str:
    if "workstation" in r:
        w = r["workstation"]
        unit = "unit is" if w["count"] == 1 else "units are"
        return f"{w['count']} {unit} at {w['name']} ({w['code']})."
    return (
        f"{r['in_progress']} units in progress ({r['not_started']} not started yet), "
        f"{r['completed']} completed, {r['scrapped']} scrapped."
    )


def say_order(a: Result, r: Result) -> str:
    return (
        f"{r['number']} is {r['status']}: {r['completed']} of {r['quantity']} completed, "
        f"{r['started']} started, {r['scrapped']} scrapped."
    )


def say_failures(a: Result, r: Result) -> str:
    items = r["items"]
    if not items:
        return f"Nothing failed {a['day']}."
    scrapped = {e["serial"] for e in items if e["type"] == "scrap"}
    units = r["units"]
    named = ", ".join(units[:8]) + (", …" if len(units) > 8 else "")
    batches = len({e["batch_id"] for e in items if e["batch_id"] is not None})
    also = f" and {batches} batches" if batches else ""
    return (
        f"{a['day'].capitalize()}: {len(units)} units{also} failed an inspection or were "
        f"scrapped ({len(scrapped)} scrapped): {named}."
    )


def say_history(a: Result, r: Result) -> str:
    items = r["items"]
    if not items:
        return f"{a['serial']} has no history yet."
    last = items[-1]
    return (
        f"{a['serial']} has {len(items)}{'+' if r['more'] else ''} events; the last: {last['type']}"
        f" at step {last['step']} by {last['actor']}."
    )


def say_record(a: Result, r: Result) -> str:
    return (
        f"The record of {a['serial']}: {len(r['stays'])} stays at steps, "
        f"{len(r['measurements'])} measurements, {len(r['quality_events'])} quality events, "
        f"{len(r['issues'])} issues."
    )


def say_generate(a: Result, r: Result) -> str:
    serials = r["serials"]
    span = f"{serials[0]} … {serials[-1]}" if len(serials) > 1 else serials[0]
    return f"Generated {r['count']} units for {r['order']}: {span}."


def say_issue(a: Result, r: Result) -> str:
    blocking = ", blocking" if r["blocking"] else ""
    return f"Opened issue #{r['id']} ({r['type']}{blocking}): {r['title']}."


def say_scrap(a: Result, r: Result) -> str:
    defect = f", defect {a['defect_code']}" if a.get("defect_code") else ""
    return f"Scrapped {r['serial']} ({a['reason']}{defect})."


def say_rework(a: Result, r: Result) -> str:
    return f"Sent {r['serial']} back to step {r['step']} ({r['workstation']}) for rework."


def say_cancel(a: Result, r: Result) -> str:
    return f"Cancelled {r['number']}; {r['scrapped']} units are scrapped in all."


def _brief(u: Result) -> str:
    where = f" at {u['workstation']}" if u.get("workstation") else ""
    return f"order {u['order']}, {u['status'].replace('_', ' ')}, step {u['step']}{where}"


def ask_scrap(a: Result) -> str:
    defect = f", defect {a['defect_code']}" if a.get("defect_code") else ""
    return f"Scrap {a['serial']} ({_brief(a['unit'])}) — reason: {a['reason']}{defect}?"


def ask_rework(a: Result) -> str:
    return f"Send {a['serial']} ({_brief(a['unit'])}) back to step {a['to_step']} for rework?"


def ask_cancel(a: Result) -> str:
    o = a["current"]
    reason = f" — reason: {a['reason']}" if a.get("reason") else ""
    return (
        f"Cancel {o['number']} ({o['status']}, {o['completed']} of {o['quantity']} completed)? "
        f"Its units still in progress are scrapped{reason}."
    )
