/**
 * The generated TypeScript client against a running Takt server (CI: `.ci/node-client-test`).
 *
 *   TAKT_URL=http://127.0.0.1:8000 TAKT_ADMIN_PASSWORD=… npm test
 *
 * Log in, build a line with two workstations, a part and a route whose second step is a
 * gate, create and start an order, generate its units, move one to the gate, and read the
 * 409 problems (a move past the undecided gate, a duplicate line) with their `code`.
 */
import assert from "node:assert/strict";
import { test } from "node:test";

import { createTaktClient, isProblem, logIn, ok, ProblemError } from "../src/index.js";

const baseUrl = process.env.TAKT_URL ?? "http://127.0.0.1:8000";
const password = process.env.TAKT_ADMIN_PASSWORD;
// Names of their own on every run, so the test also passes against a server it ran before.
const tag = Date.now().toString(36).toUpperCase();

test("a wrong password is a 401 problem", async () => {
  const anonymous = createTaktClient({ baseUrl });
  const { data, error, response } = await anonymous.POST("/api/v1/auth/token", {
    body: { username: "admin", password: "not the password" },
    bodySerializer: (body) => new URLSearchParams(body as Record<string, string>),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
  assert.equal(data, undefined);
  assert.equal(response.status, 401);
  assert.equal(response.headers.get("content-type"), "application/problem+json");
  assert.ok(error && isProblem(error));
  assert.equal(error.code, "invalid_credentials");
});

test("log in, create an order, generate units, move one, read a 409 problem", async () => {
  assert.ok(password, "set TAKT_ADMIN_PASSWORD to the server's admin password");
  const { client: api, token } = await logIn({ baseUrl, username: "admin", password });
  assert.equal(token.token_type, "bearer");
  const me = await ok(api.GET("/api/v1/auth/me"));
  assert.equal(me.username, "admin");

  const line = await ok(api.POST("/api/v1/lines", { body: { code: `L${tag}`, name: "Line" } }));
  const duplicate = await api.POST("/api/v1/lines", { body: { code: `L${tag}`, name: "Again" } });
  assert.equal(duplicate.response.status, 409);
  assert.equal(duplicate.error?.code, "duplicate");

  const [assembly, eol] = await Promise.all(
    ["ASM", "EOL"].map((code) =>
      ok(
        api.POST("/api/v1/workstations", {
          body: { code: `${code}${tag}`, name: code, line_id: line.id },
        }),
      ),
    ),
  );
  assert.ok(assembly && eol);
  const part = await ok(
    api.POST("/api/v1/parts", {
      body: { number: `P-${tag}`, name: "Smart meter", serial_prefix: `S${tag}`, serial_digits: 5 },
    }),
  );
  const route = await ok(
    api.POST("/api/v1/routes", {
      body: {
        code: `R-${tag}`,
        name: "Smart meter route",
        part_id: part.id,
        steps: [
          { name: "Assemble", workstation_id: assembly.id },
          { name: "Final test", workstation_id: eol.id, is_gate: true },
        ],
      },
    }),
  );

  const order = await ok(
    api.POST("/api/v1/orders", { body: { part_id: part.id, quantity: 2, route_id: route.id } }),
  );
  assert.equal(order.status, "new");
  const path = { params: { path: { number: order.number } } };
  const started = await ok(api.POST("/api/v1/orders/{number}/start", path));
  assert.equal(started.status, "running");

  const generated = await ok(
    api.POST("/api/v1/orders/{number}/units", { ...path, body: { count: 2 } }),
  );
  const serials = generated.items.map((unit) => unit.serial);
  assert.deepEqual(serials, [`S${tag}-00001`, `S${tag}-00002`]);
  const serial = serials[0]!;

  const unit = { params: { path: { serial } } };
  const entered = await ok(api.POST("/api/v1/units/{serial}/move", unit));
  assert.equal(entered.step, 1);
  assert.equal(entered.status, "in_progress");
  const atGate = await ok(api.POST("/api/v1/units/{serial}/move", unit));
  assert.equal(atGate.step, 2);
  assert.equal(atGate.awaiting, "gate_decision");

  // The gate is undecided: the move is refused with a typed problem.
  const refused = await api.POST("/api/v1/units/{serial}/move", unit);
  assert.equal(refused.data, undefined);
  assert.equal(refused.response.status, 409);
  assert.ok(refused.error);
  assert.equal(refused.error.code, "gate_decision_required");
  assert.equal(refused.error.status, 409);
  assert.equal(refused.error.type, "urn:takt:problem:gate_decision_required");

  // The same through `ok`, which throws the problem.
  await assert.rejects(ok(api.POST("/api/v1/units/{serial}/move", unit)), (thrown: unknown) => {
    assert.ok(thrown instanceof ProblemError);
    assert.equal(thrown.status, 409);
    assert.equal(thrown.problem.code, "gate_decision_required");
    return true;
  });
  const after = await ok(api.GET("/api/v1/units/{serial}", unit));
  assert.equal(after.step, 2);

  // An API key instead of a token: it reads, and its scope refuses a write (403).
  const key = await ok(api.POST("/api/v1/api-keys", { body: { name: "reader", scopes: ["read"] } }));
  const reader = createTaktClient({ baseUrl, apiKey: key.key });
  assert.equal((await ok(reader.GET("/api/v1/units/{serial}", unit))).step, 2);
  const write = await reader.POST("/api/v1/lines", { body: { code: `K${tag}`, name: "Reader" } });
  assert.equal(write.response.status, 403);
  assert.equal(write.error?.code, "forbidden");
});
