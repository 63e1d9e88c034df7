"""A quality history of N units, generated set-based in PostgreSQL (for bench/analytics.py).

Two lines, each with four workstations and a route for its own part; step 2 has a "Gap" test,
step 4 is a gate with "Torque" (45-55 Nm), "Leak" (≤ 0.5) and a 10-point "Profile" vector
test. Units are spread evenly over `days` days; a deterministic hash of the unit id picks its
story:

    P  passes everything first time                       (~90 %)
    G  fails Torque at the gate, reworked to 3, passes      (5 %)
    R  fails Gap at step 2, reworked to 1, passes          (2 %)
    S  fails Torque at the gate and is scrapped            (1 %)
    W  still in progress at step 2                         (1.5 %)

Every unit event, measurement and quality event the real commands would write is written,
with the same columns, so the analytics queries see realistic tables.
"""

from __future__ import annotations

CONFIGURATION = """
INSERT INTO lines (id, code, name) VALUES (1, 'LA', 'Line A'), (2, 'LB', 'Line B');
INSERT INTO workstations (id, code, name, line_id)
SELECT w, 'WS' || w, 'Workstation ' || w, CASE WHEN w <= 4 THEN 1 ELSE 2 END
FROM generate_series(1, 8) AS w;
INSERT INTO parts (id, number, name, serial_prefix, serial_digits, serial_counter)
VALUES (1, 'PN-A', 'Part A', 'SNA', 7, 0), (2, 'PN-B', 'Part B', 'SNB', 7, 0);
INSERT INTO routes (id, code, name, part_id, current_revision)
VALUES (1, 'RA', 'Route A', 1, 1), (2, 'RB', 'Route B', 2, 1);
INSERT INTO route_revisions (id, route_id, revision, created_by)
VALUES (1, 1, 1, 'bench'), (2, 2, 1, 'bench');
INSERT INTO route_steps (revision_id, seq, name, workstation_id, is_gate, ideal_cycle_s)
SELECT r, s, 'Step ' || s, (r - 1) * 4 + s, s = 4, 30
FROM generate_series(1, 2) AS r, generate_series(1, 4) AS s;
INSERT INTO defect_codes (id, code, description, severity)
SELECT d, 'D' || d, 'Defect ' || d, 'minor' FROM generate_series(1, 6) AS d;
INSERT INTO test_definitions (id, route_id, step, name, unit, lower_limit, upper_limit, kind,
                              required)
SELECT (r - 1) * 4 + t.n, r, t.step, t.name, t.unit, t.lo, t.hi, t.kind, t.required
FROM generate_series(1, 2) AS r,
     (VALUES (1, 2, 'Gap', 'mm', 0.1, 0.3, 'scalar', true),
             (2, 4, 'Torque', 'Nm', 45.0, 55.0, 'scalar', true),
             (3, 4, 'Leak', 'mbar/s', NULL, 0.5, 'scalar', true),
             (4, 4, 'Profile', 'N', 0.0, 10.0, 'vector', false))
       AS t(n, step, name, unit, lo, hi, kind, required);
SELECT setval(pg_get_serial_sequence(t, 'id'), 100)
FROM unnest(ARRAY['lines', 'workstations', 'parts', 'routes', 'route_revisions',
                  'defect_codes', 'test_definitions']) AS t;
"""

# Units, their final state and their orders (5,000 units per order).
UNITS = """
CREATE TEMP TABLE plan AS
SELECT id,
       (id - 1) / 5000 + 1 AS order_id,
       CASE WHEN ((id - 1) / 5000) % 2 = 0 THEN 1 ELSE 2 END AS route,
       CASE WHEN h < 10 THEN 'S' WHEN h < 60 THEN 'G' WHEN h < 80 THEN 'R'
            WHEN h >= 985 THEN 'W' ELSE 'P' END AS story,
       timestamptz '2026-01-01 00:00:00+00'
           + (id - 1) * (interval '1 day' * {days} / {units}) AS t0,
       (id * 7919) % 1000 AS noise
FROM (SELECT id, (id * 2654435761) % 1000 AS h FROM generate_series(1, {units}) AS id) AS u;

INSERT INTO orders (id, number, part_id, route_id, route_revision_id, quantity, priority,
                    line_id, status, started, completed, scrapped, started_at)
SELECT o, 'PO-' || lpad(o::text, 4, '0'), r, r, r, 5000, 3, r, 'running', 5000, 0, 0,
       timestamptz '2026-01-01 00:00:00+00'
FROM (SELECT DISTINCT order_id AS o, route AS r FROM plan) AS x;

INSERT INTO units (id, serial, order_id, part_id, route_revision_id, line_id, status, step,
                   workstation_id, awaiting, rework_count, created_at, updated_at,
                   step_entered_at, finished_at)
SELECT id, 'SN' || lpad(id::text, 8, '0'), order_id, route, route, route,
       CASE story WHEN 'S' THEN 'scrapped' WHEN 'W' THEN 'in_progress' ELSE 'completed' END,
       CASE story WHEN 'W' THEN 2 ELSE 4 END,
       CASE story WHEN 'W' THEN (route - 1) * 4 + 2 END,
       CASE story WHEN 'W' THEN 'move' END,
       CASE WHEN story IN ('G', 'R') THEN 1 ELSE 0 END,
       t0, t0 + interval '10 minutes', t0,
       CASE WHEN story <> 'W' THEN t0 + interval '10 minutes' END
FROM plan;

UPDATE orders SET completed = c.completed, scrapped = c.scrapped
FROM (SELECT order_id, count(*) FILTER (WHERE status = 'completed') AS completed,
             count(*) FILTER (WHERE status = 'scrapped') AS scrapped
      FROM units GROUP BY order_id) AS c
WHERE orders.id = c.order_id;
"""

# The event story of each kind of unit: (story, minute, type, from, to, result, defect?).
# Measurements: (story, minute, test number, rework cycle, fails?).
STORIES = """
CREATE TEMP TABLE story_events (story text, minute int, type text, from_step int,
                                to_step int, result text, defect boolean);
INSERT INTO story_events VALUES
  ('P', 0, 'created', NULL, 0, NULL, false), ('P', 1, 'moved', 0, 1, NULL, false),
  ('P', 2, 'moved', 1, 2, NULL, false), ('P', 3, 'moved', 2, 3, NULL, false),
  ('P', 4, 'moved', 3, 4, NULL, false), ('P', 5, 'gate_passed', 4, 4, 'pass', false),
  ('P', 5, 'completed', 4, 4, NULL, false),
  ('S', 0, 'created', NULL, 0, NULL, false), ('S', 1, 'moved', 0, 1, NULL, false),
  ('S', 2, 'moved', 1, 2, NULL, false), ('S', 3, 'moved', 2, 3, NULL, false),
  ('S', 4, 'moved', 3, 4, NULL, false), ('S', 5, 'gate_failed', 4, 4, 'fail', true),
  ('S', 6, 'scrapped', 4, 4, NULL, true),
  ('G', 0, 'created', NULL, 0, NULL, false), ('G', 1, 'moved', 0, 1, NULL, false),
  ('G', 2, 'moved', 1, 2, NULL, false), ('G', 3, 'moved', 2, 3, NULL, false),
  ('G', 4, 'moved', 3, 4, NULL, false), ('G', 5, 'gate_failed', 4, 4, 'fail', true),
  ('G', 6, 'reworked', 4, 3, NULL, true), ('G', 7, 'moved', 3, 4, NULL, false),
  ('G', 8, 'gate_passed', 4, 4, 'pass', false), ('G', 8, 'completed', 4, 4, NULL, false),
  ('R', 0, 'created', NULL, 0, NULL, false), ('R', 1, 'moved', 0, 1, NULL, false),
  ('R', 2, 'moved', 1, 2, NULL, false), ('R', 3, 'reworked', 2, 1, NULL, true),
  ('R', 4, 'moved', 1, 2, NULL, false), ('R', 5, 'moved', 2, 3, NULL, false),
  ('R', 6, 'moved', 3, 4, NULL, false), ('R', 7, 'gate_passed', 4, 4, 'pass', false),
  ('R', 7, 'completed', 4, 4, NULL, false),
  ('W', 0, 'created', NULL, 0, NULL, false), ('W', 1, 'moved', 0, 1, NULL, false),
  ('W', 2, 'moved', 1, 2, NULL, false);

CREATE TEMP TABLE story_measurements (story text, minute int, test int, cycle int,
                                      fails boolean);
INSERT INTO story_measurements VALUES
  ('P', 2, 1, 0, false), ('P', 4, 2, 0, false), ('P', 4, 3, 0, false), ('P', 4, 4, 0, false),
  ('S', 2, 1, 0, false), ('S', 4, 2, 0, true), ('S', 4, 3, 0, false),
  ('G', 2, 1, 0, false), ('G', 4, 2, 0, true), ('G', 4, 3, 0, false),
  ('G', 7, 2, 1, false), ('G', 7, 3, 1, false), ('G', 7, 4, 1, false),
  ('R', 2, 1, 0, true), ('R', 4, 1, 1, false), ('R', 6, 2, 1, false), ('R', 6, 3, 1, false),
  ('W', 2, 1, 0, false);
"""

HISTORY = """
INSERT INTO unit_events (unit_id, order_id, type, from_step, to_step, from_workstation_id,
                         to_workstation_id, result, defect_code_id, actor, at)
SELECT p.id, p.order_id, e.type, e.from_step, e.to_step,
       CASE WHEN e.from_step >= 1 THEN (p.route - 1) * 4 + e.from_step END,
       CASE WHEN e.to_step >= 1 AND e.type NOT IN ('completed', 'scrapped')
            THEN (p.route - 1) * 4 + e.to_step END,
       e.result,
       CASE WHEN e.defect THEN 1 + (p.noise * p.noise) % 21 / 6 + (p.noise % 3) END,
       'user:bench', p.t0 + e.minute * interval '1 minute'
FROM plan AS p JOIN story_events AS e USING (story)
ORDER BY p.id, e.minute, e.type = 'completed';

INSERT INTO measurements (unit_id, order_id, test_definition_id, step, workstation_id,
                          rework_count, value, "values", points, mean, m2, min_value,
                          max_value, lower_limit, upper_limit, result, source, actor, at)
SELECT p.id, p.order_id, d.id, d.step, (p.route - 1) * 4 + d.step, m.cycle,
       CASE WHEN d.kind = 'scalar' THEN v.x END,
       CASE WHEN d.kind = 'vector' THEN v.curve END,
       CASE WHEN d.kind = 'vector' THEN 10 ELSE 1 END,
       v.x, CASE WHEN d.kind = 'vector' THEN 82.5 ELSE 0 END,
       CASE WHEN d.kind = 'vector' THEN v.x - 4.5 ELSE v.x END,
       CASE WHEN d.kind = 'vector' THEN v.x + 4.5 ELSE v.x END,
       d.lower_limit, d.upper_limit,
       CASE WHEN m.fails THEN 'fail' ELSE 'pass' END,
       CASE WHEN d.kind = 'vector' THEN 'machine' ELSE 'operator' END,
       'user:bench', p.t0 + m.minute * interval '1 minute'
FROM plan AS p
JOIN story_measurements AS m USING (story)
JOIN test_definitions AS d ON d.id = (p.route - 1) * 4 + m.test
CROSS JOIN LATERAL (
    SELECT CASE d.name
               WHEN 'Gap' THEN CASE WHEN m.fails THEN 0.35 ELSE 0.15 + p.noise / 10000.0 END
               WHEN 'Torque' THEN CASE WHEN m.fails THEN 56.2 ELSE 46 + p.noise / 125.0 END
               WHEN 'Leak' THEN 0.1 + p.noise / 4000.0
               ELSE 5 + (p.noise - 500) / 1000.0
           END AS x,
           CASE WHEN d.kind = 'vector'
                THEN (SELECT jsonb_agg(5 + (p.noise - 500) / 1000.0 + i - 4.5 ORDER BY i)
                      FROM generate_series(0, 9) AS i)
           END AS curve
) AS v
ORDER BY p.id, m.minute, m.test;

-- The quality log: one inspection per measurement, then gate decisions, rework and scrap.
INSERT INTO quality_events (type, result, unit_id, order_id, step, workstation_id,
                            measurement_id, actor, at)
SELECT 'inspection', result, unit_id, order_id, step, workstation_id, id, actor, at
FROM measurements ORDER BY id;

INSERT INTO quality_events (type, result, unit_id, order_id, step, workstation_id,
                            defect_code_id, actor, at)
SELECT CASE type WHEN 'reworked' THEN 'rework' WHEN 'scrapped' THEN 'scrap'
                 ELSE 'inspection' END,
       result, unit_id, order_id, from_step, from_workstation_id, defect_code_id, actor, at
FROM unit_events
WHERE type IN ('gate_passed', 'gate_failed', 'reworked', 'scrapped')
ORDER BY id;

SELECT setval(pg_get_serial_sequence(t, 'id'), (SELECT max(id) FROM orders) + 1)
FROM unnest(ARRAY['orders']) AS t;
SELECT setval(pg_get_serial_sequence('units', 'id'), {units} + 1);
UPDATE parts SET serial_counter = {units};
"""
