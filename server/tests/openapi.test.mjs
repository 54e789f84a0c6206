// The OpenAPI document the real capture-server serves, checked by an independent validator
// (swagger-parser: the OpenAPI 3.1 JSON Schema, then every $ref resolved).
// Run (after `cargo build -p capture-server`): node --test server/tests/openapi.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import SwaggerParser from "@apidevtools/swagger-parser";

// The stack module reads its ports when imported: this run's own, beside the samples' run.
process.env.E2E_SERVER_PORT ??= "18190";
const { serverOrigin, startServer } = await import("../../tests/e2e/stack.mjs");

let server;
let doc;
before(async () => {
  server = await startServer({ bin: process.env.CAPTURE_SERVER_BIN });
  const resp = await fetch(`${serverOrigin}/openapi.json`);
  assert.equal(resp.status, 200);
  doc = await resp.json();
});
after(() => server?.kill());

test("the served document is valid OpenAPI 3.1 with every $ref resolvable", async () => {
  assert.equal(doc.openapi, "3.1.0");
  const api = await SwaggerParser.validate(structuredClone(doc));
  assert.equal(api.servers[0].url, serverOrigin);
  const ids = Object.values(api.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
  assert.equal(new Set(ids).size, ids.length, "operationIds are unique");
});

test("the validator refuses what is not valid, so its pass means something", async () => {
  const dangling = structuredClone(doc);
  dangling.paths["/v1/sessions"].post.requestBody.content["application/json"].schema = { $ref: "#/components/schemas/Nowhere" };
  await assert.rejects(SwaggerParser.validate(dangling));
  const badStatus = structuredClone(doc);
  badStatus.paths["/v1/sessions"].post.responses["2000"] = { description: "not a status" };
  await assert.rejects(SwaggerParser.validate(badStatus));
});
