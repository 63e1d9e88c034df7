/** `formData`: multipart bodies (file uploads) for openapi-fetch's `bodySerializer`. */
import assert from "node:assert/strict";
import { test } from "node:test";

import { createTaktClient, formData } from "../src/index.js";

test("files are file parts, the rest strings, absent values left out", async () => {
  const form = formData({
    file: new File(["a,b\n1,2\n"], "parts.csv", { type: "text/csv" }),
    blob: new Blob(["raw"]),
    kind: "parts",
    dry_run: true,
    tags: ["a", "b"],
    note: undefined,
    other: null,
  });
  const file = form.get("file");
  assert.ok(file instanceof File);
  assert.equal(file.name, "parts.csv");
  assert.equal(await file.text(), "a,b\n1,2\n");
  const blob = form.get("blob");
  assert.ok(blob instanceof File);
  assert.equal(blob.name, "upload");
  assert.equal(form.get("kind"), "parts");
  assert.equal(form.get("dry_run"), "true");
  assert.deepEqual(form.getAll("tags"), ["a", "b"]);
  assert.equal(form.has("note") || form.has("other"), false);
});

test("a FormData body is sent as multipart with its boundary", async () => {
  let sent: Request | undefined;
  const api = createTaktClient({
    baseUrl: "http://takt.invalid",
    token: "t0ken",
    fetch: async (input) => {
      sent = input as Request;
      return new Response("{}", { status: 401, headers: { "content-type": "application/json" } });
    },
  });
  // any path: the request's encoding is what is checked here
  await api.POST("/api/v1/lines", {
    body: { code: "L1", name: "x" },
    bodySerializer: (body) => formData(body),
  });
  assert.ok(sent);
  assert.match(sent.headers.get("content-type") ?? "", /^multipart\/form-data; boundary=/);
  assert.equal(sent.headers.get("authorization"), "Bearer t0ken");
  const received = await sent.formData();
  assert.equal(received.get("code"), "L1");
});
