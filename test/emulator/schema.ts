/** Cedar JSON schema checks for PutSchema and seeds, with the Cedar engine. */
import { cedar, cedarMessage, withCedar2Defaults } from './cedar';
import { readJson } from './json';

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
    return { ok: false, problems: answer.errors.map(cedarMessage) };
  }
  return { ok: true, namespaces, empty: false };
}

const parsedSchemas = new WeakMap<object, Record<string, unknown>>();

/** A stored schema (already checked) as Cedar takes it, Cedar 2 defaults filled in; parsed once per schema record. */
export function schemaForCedar(schema: { text: string }): Record<string, unknown> {
  let parsed = parsedSchemas.get(schema);
  if (!parsed) {
    const read = readJson(schema.text);
    parsed = withCedar2Defaults(read.ok ? (read.value as Record<string, unknown>) : {});
    parsedSchemas.set(schema, parsed);
  }
  return parsed;
}
