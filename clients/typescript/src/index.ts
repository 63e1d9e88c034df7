/**
 * A typed, fetch-based client for the Takt MES API.
 *
 * `schema.ts` is generated from `openapi/openapi.json` by openapi-typescript (run
 * `python -m clients.generate` at the repository root); openapi-fetch checks every path,
 * parameter, body and response against it. This file only adds credentials and the
 * RFC 9457 problem that every error response carries.
 */
import createClient, { type Client, type Middleware } from "openapi-fetch";

import type { components, paths } from "./schema.js";

export type { components, operations, paths } from "./schema.js";

/** Every schema of the document, by name: `Schemas["OrderOut"]`. */
export type Schemas = components["schemas"];
/** The body of every error response (`application/problem+json`), with its stable `code`. */
export type Problem = components["schemas"]["Problem"];
export type TaktClient = Client<paths>;

export interface TaktClientOptions {
  /** The server's root, e.g. `http://127.0.0.1:8000` (paths start with `/api/v1`). */
  baseUrl: string;
  /** A bearer token from `POST /api/v1/auth/token` (see `logIn`). */
  token?: string;
  /** An API key (`POST /api/v1/api-keys`), sent as `X-API-Key`. */
  apiKey?: string;
  /** Another fetch implementation (tests, proxies). */
  fetch?: typeof globalThis.fetch;
}

function credentials(token?: string, apiKey?: string): Middleware {
  return {
    onRequest({ request }) {
      if (token !== undefined) request.headers.set("Authorization", `Bearer ${token}`);
      if (apiKey !== undefined) request.headers.set("X-API-Key", apiKey);
      return request;
    },
  };
}

/** A client for one server; every call is typed by the OpenAPI document. */
export function createTaktClient(options: TaktClientOptions): TaktClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  if (options.token !== undefined || options.apiKey !== undefined) {
    client.use(credentials(options.token, options.apiKey));
  }
  return client;
}

/** A response that was an error: its problem document and HTTP status. */
export class ProblemError extends Error {
  constructor(
    readonly problem: Problem,
    readonly status: number,
  ) {
    super(`${status} ${problem.code}: ${problem.detail}`);
    this.name = "ProblemError";
  }
}

/** Whether a value is an RFC 9457 problem as Takt sends them. */
export function isProblem(value: unknown): value is Problem {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.code === "string" && typeof candidate.status === "number";
}

/**
 * The data of a call, or a `ProblemError` thrown with its problem:
 * `const order = await ok(api.POST("/api/v1/orders", { body }))`.
 */
export async function ok<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || data === undefined) {
    if (isProblem(error)) throw new ProblemError(error, response.status);
    throw new Error(`${response.status} ${response.statusText}: no problem document`);
  }
  return data;
}

/**
 * A multipart body (a file upload) as `FormData`, for a call's `bodySerializer`:
 * `api.POST(path, { body: { file, kind: "parts" }, bodySerializer: formData })`. A `Blob`
 * is a file part (a `File` keeps its name, another `Blob` is named `fileName`); arrays repeat
 * their field; `undefined` and `null` are left out; anything else is sent as a string.
 */
export function formData(body: object, fileName = "upload"): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(body)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null) continue;
      if (item instanceof Blob) {
        form.append(name, item, item instanceof File ? item.name : fileName);
      } else {
        form.append(name, typeof item === "object" ? JSON.stringify(item) : String(item));
      }
    }
  }
  return form;
}

/** Sign in with the OAuth2 password form; returns a client that sends the token. */
export async function logIn(
  options: TaktClientOptions & { username: string; password: string },
): Promise<{ client: TaktClient; token: Schemas["TokenOut"] }> {
  const { username, password, ...rest } = options;
  const anonymous = createTaktClient({ ...rest, token: undefined, apiKey: undefined });
  const token = await ok(
    anonymous.POST("/api/v1/auth/token", {
      body: { username, password },
      bodySerializer: (body) => new URLSearchParams(body as Record<string, string>),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    }),
  );
  return { client: createTaktClient({ ...rest, token: token.access_token }), token };
}
