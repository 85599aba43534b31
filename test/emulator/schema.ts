/** Cedar JSON schema checks for PutSchema and seeds, with the Cedar engine (`@cedar-policy/cedar-wasm`, loaded on first use). */
import { createRequire } from 'node:module';
import { readJson } from './json';

interface CedarEngine {
  checkParseSchema(
    schema: Record<string, unknown>,
  ): { type: 'success' } | { type: 'failure'; errors: { message: string; help?: string | null }[] };
}

let engine: CedarEngine | undefined;

function cedar(): CedarEngine {
  // createRequire keeps the Wasm package out of the esbuild bundle: it is loaded from node_modules at run time.
  engine ??= createRequire(__filename)('@cedar-policy/cedar-wasm/nodejs') as CedarEngine;
  return engine;
}

export type SchemaCheck = { ok: true; namespaces: string[]; empty: boolean } | { ok: false; problems: string[] };

/** Parses and checks a Cedar schema in JSON format; `{}` is valid and empty (PutSchema with it removes the schema). */
export function checkCedarSchema(text: string): SchemaCheck {
  const read = readJson(text);
  if (!read.ok) return { ok: false, problems: [`The schema is ${read.message}.`] };
  const parsed = read.value;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { ok: false, problems: ['The schema must be a JSON object of namespaces (Cedar JSON schema format).'] };
  }
  const namespaces = Object.keys(parsed);
  if (namespaces.length === 0) return { ok: true, namespaces: [], empty: true };
  const answer = cedar().checkParseSchema(withCedar2Defaults(parsed as Record<string, unknown>));
  if (answer.type === 'failure') {
    return { ok: false, problems: answer.errors.map(e => (e.help ? `${e.message} (${e.help})` : e.message)) };
  }
  return { ok: true, namespaces, empty: false };
}

/**
 * Cedar 2 schemas (the service's and its official examples') may leave `principalTypes`/`resourceTypes` out of an
 * action's `appliesTo`; Cedar 4 requires both. For checking only, a missing list is read as an empty one.
 */
function withCedar2Defaults(schema: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(schema);
  for (const ns of Object.values(copy)) {
    const actions = (ns as { actions?: unknown } | null)?.actions;
    if (actions === null || typeof actions !== 'object') continue;
    for (const action of Object.values(actions as Record<string, unknown>)) {
      const appliesTo = (action as { appliesTo?: unknown } | null)?.appliesTo as Record<string, unknown> | undefined;
      if (appliesTo === null || typeof appliesTo !== 'object' || Array.isArray(appliesTo)) continue;
      appliesTo.principalTypes ??= [];
      appliesTo.resourceTypes ??= [];
    }
  }
  return copy;
}
