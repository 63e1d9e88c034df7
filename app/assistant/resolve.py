"""Names as people say them → the references the commands take.

A serial typed short (`SMX-42`) is padded to its part's scheme (`SMX-00042`); a workstation,
line, issue type or test is found by code or name, case-insensitively; a defect by its code
or by words of its description ("failed solder inspection" → `SOLDER`). An unknown or
ambiguous name is a domain error that lists what is known, so the reply can say it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.kit.errors import Invalid, NotFound
from app.models import DefectCode, IssueType, Line, Part, TestDefinition, Workstation

_STOP = {"the", "a", "an", "and", "or", "of", "on", "at", "in", "for", "with", "to", "is", "was"}
_STOP |= {"failed", "fail", "defect", "bad", "inspection", "test", "check", "found", "unit"}


def _known(names: list[str], limit: int = 12) -> str:
    shown = ", ".join(names[:limit])
    return shown + (", …" if len(names) > limit else "") if names else "none configured"


async def serial(session: AsyncSession, ref: str) -> str:
    """`SMX-42` → `SMX-00042` when the part with prefix `SMX` has five-digit serials."""
    prefix, _, digits = ref.rpartition("-")
    if not prefix or not digits.isdigit():
        return ref
    found = (
        await session.execute(
            select(Part.serial_prefix, Part.serial_digits)
            .where(func.upper(Part.serial_prefix) == prefix.upper())
            .limit(1)
        )
    ).first()
    if found is None:
        return ref
    return f"{found.serial_prefix}-{digits.zfill(found.serial_digits)}"


def _station_variants(name: str) -> list[str]:
    text = name.strip().lower()
    variants = [text]
    m = re.fullmatch(r"(?:work\s*)?station\s*#?\s*(\w+)", text)
    if m:
        number = m.group(1)
        variants += [number, f"st{number}", f"ws{number}", f"st-{number}", f"ws-{number}"]
        if number.isdigit():
            variants += [f"ws{int(number):02d}", f"st{int(number):02d}"]
    return variants


def match_workstation(name: str, stations: Sequence[Mapping[str, Any]]) -> Mapping[str, Any]:
    """The one of `stations` (`code`, `name`, `line_id`) that `name` means; NotFound, or
    Invalid when several match."""
    for variant in _station_variants(name):
        found = [w for w in stations if variant in {w["code"].lower(), w["name"].lower()}]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = [f"{w['name']} ({w['code']}, line {w['line_id']})" for w in found]
            raise Invalid(f"“{name}” is ambiguous: {_known(names)}", code="ambiguous_reference")
    known = [str(w["name"]) for w in stations]
    raise NotFound(f"no workstation called “{name}” (known: {_known(known)})")


async def workstation(session: AsyncSession, name: str) -> Mapping[str, Any]:
    """A workstation (`id`, `code`, `name`, `line_id`) by code or name ("Station 2", "ASM")."""
    rows = await session.execute(
        select(Workstation.id, Workstation.code, Workstation.name, Workstation.line_id).order_by(
            Workstation.id
        )
    )
    return match_workstation(name, [dict(row._mapping) for row in rows])


async def line(session: AsyncSession, name: str) -> Line:
    """A line by code, name or id."""
    text = name.strip().lower()
    condition = or_(func.lower(Line.code) == text, func.lower(Line.name) == text)
    if text.isdigit():
        condition = or_(condition, Line.id == int(text))
    found = (await session.scalars(select(Line).where(condition).order_by(Line.id))).first()
    if found is None:
        known = (await session.scalars(select(Line.code).order_by(Line.id))).all()
        raise NotFound(f"no line called “{name}” (known: {_known(list(known))})")
    return found


async def issue_type(session: AsyncSession, name: str | None) -> str:
    """An issue type's code, from its code or name."""
    types = (await session.execute(select(IssueType.code, IssueType.name))).all()
    if name:
        text = name.strip().lower()
        for code, type_name in types:
            if text in {code.lower(), type_name.lower()}:
                return str(code)
        for code, type_name in types:  # "material shortage" for "Material shortage (MAT)"
            if text in type_name.lower():
                return str(code)
    known = [f"{code} ({type_name})" for code, type_name in types]
    what = f"There is no issue type called “{name}”." if name else "Which kind of issue is it?"
    raise Invalid(f"{what} Known types: {_known(known)}", code="unknown_issue_type")


async def test(session: AsyncSession, name: str, unit: str | None) -> str:
    """A test definition's name as configured ("torque" → "Torque"); a unit that contradicts
    the test's (52 V for a test in Nm) is refused."""
    text = re.sub(r"\s+test$", "", name.strip(), flags=re.I).lower()
    rows = (
        await session.execute(
            select(TestDefinition.name, TestDefinition.unit).where(
                func.lower(TestDefinition.name).in_({text, name.strip().lower()})
            )
        )
    ).all()
    if not rows:
        return name  # the command says the test is not on the unit's route
    canonical = str(rows[0].name)
    units = {_unit_key(r.unit) for r in rows if r.unit}
    if unit and len(units) == 1 and _unit_key(unit) not in units:
        raise Invalid(
            f"{canonical} is measured in {rows[0].unit}, not {unit}", code="unit_mismatch"
        )
    return canonical


def _unit_key(unit: str) -> str:
    return re.sub(r"[\s·.*]", "", unit).lower().replace("deg", "°")


async def defect(session: AsyncSession, code: str | None, description: str | None) -> str | None:
    """A defect code, named (any case) or described: an unknown code is refused; a
    description that fits no code (or several equally) names none."""
    rows = (await session.execute(select(DefectCode.code, DefectCode.description))).all()
    if code:
        for known_code, _ in rows:
            if known_code.lower() == code.strip().lower():
                return str(known_code)
        if not description:
            known = [str(c) for c, _ in rows]
            raise Invalid(
                f"no defect code “{code}” (known: {_known(known)})", code="unknown_defect"
            )
    if not description:
        return None
    said = set(re.findall(r"[a-z0-9]+", description.lower())) - _STOP
    best: list[tuple[int, str]] = []
    for known_code, text in rows:
        if known_code.lower() in said:
            return str(known_code)
        words = set(re.findall(r"[a-z0-9]+", text.lower())) - _STOP
        score = len(said & words) + sum(
            1 for w in said for k in words if len(w) > 4 and w != k and (w in k or k in w)
        )
        if score:
            best.append((score, str(known_code)))
    best.sort(reverse=True)
    if not best or (len(best) > 1 and best[0][0] == best[1][0]):
        return None
    return best[0][1]
