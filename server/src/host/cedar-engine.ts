/**
 * Cedar's schema parser from @cedar-policy/cedar-wasm, loaded on first use (the WebAssembly module costs memory; a
 * session that never checks a schema never loads it). The bundle ships `cedar_wasm_bg.wasm` beside itself.
 */
import type { CedarEngine, CedarSchemaError } from '../service/semantic/host';

interface CedarWasm {
  checkParseSchema(
    schema: unknown,
  ): { type: 'success' } | { type: 'failure'; errors: { message: string; help?: string | null }[] };
  schemaToJson(
    schema: string,
  ): { type: 'success'; json: unknown } | { type: 'failure'; errors: { message: string; help?: string | null }[] };
}

let engine: Promise<CedarEngine> | undefined;

function stripActions(schema: unknown): unknown {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return undefined;
  return Object.fromEntries(
    Object.entries(schema as Record<string, unknown>).map(([ns, def]) => [
      ns,
      def && typeof def === 'object' ? { ...(def as Record<string, unknown>), actions: {} } : def,
    ]),
  );
}

const errorsOf = (errs: { message: string; help?: string | null }[]): CedarSchemaError[] =>
  errs.map(e => ({ message: e.message, ...(e.help ? { help: e.help } : {}) }));

export function loadCedar(): Promise<CedarEngine> {
  engine ??= Promise.resolve().then(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cedar = require('@cedar-policy/cedar-wasm/nodejs') as CedarWasm;
    const parseSchema: CedarEngine['parseSchema'] = (text, format) => {
      if (format === 'json') {
        let obj: unknown;
        try {
          obj = JSON.parse(text);
        } catch (e) {
          return { ok: false, errors: [{ message: `not valid JSON: ${(e as Error).message}` }] };
        }
        const r = cedar.checkParseSchema(obj);
        if (r.type === 'success') return { ok: true, json: obj };
        // Schemas written for Cedar 2 (still served by older policy stores) can have actions that Cedar 4 rejects,
        // e.g. `appliesTo` without `resourceTypes`. Entity types are all these checks need: try without actions.
        const withoutActions = stripActions(obj);
        if (withoutActions && cedar.checkParseSchema(withoutActions).type === 'success') return { ok: true, json: obj };
        return { ok: false, errors: errorsOf(r.errors) };
      }
      const check = cedar.checkParseSchema(text);
      if (check.type === 'failure') return { ok: false, errors: errorsOf(check.errors) };
      const r = cedar.schemaToJson(text);
      return r.type === 'success' ? { ok: true, json: r.json } : { ok: false, errors: errorsOf(r.errors) };
    };
    return { parseSchema };
  });
  return engine;
}
