"""Quality: test definitions, measurements, enforced gates, quality events, alerts.

- `definitions/`: test definitions (configuration: a route step's tests and their limits).
- `measurements/`: recording a measurement (the hot path; `repository.verdict` is the one
  definition of pass and fail), a unit's measurements, the SPC series.
- `inspections/`: the quality log — quality events from unit commands (`log.py`), manual
  observations, the log's list.
- `alerts/`: alert rules, their evaluation on each quality event (`rules.py`), alerts.
- `gates.py` (+ `gate_repository.py`): a gate pass needs its step's tests passed.
- `hooks.py`: what quality adds to unit transitions; `errors.py`, `events.py` (outbox names).

Dependencies point one way: measurements and inspections use the alert rules, measurements
write inspection events; nothing here imports `app.units` (nor does units import quality).
"""
