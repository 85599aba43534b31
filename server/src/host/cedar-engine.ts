/**
 * Cedar's schema parser from @cedar-policy/cedar-wasm, loaded on first use (the WebAssembly module costs memory; a
 * session that never checks a schema never loads it). The bundle ships `cedar_wasm_bg.wasm` beside itself.
 *
 * Its error messages quote the schema (`unexpected token \`…\``, `failed to resolve type: …`), and a schema file can
 * be anything a workspace links to: errors are reduced to a fixed reason and a line and column, never any text.
 */
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import type { CedarEngine, CedarSchemaError } from '../service/semantic/host';

interface WasmError {
  message: string;
  /** Byte offsets into the schema text (human format only). */
  sourceLocations?: { start: number; end: number }[];
}

interface CedarWasm {
  checkParseSchema(schema: unknown): { type: 'success' } | { type: 'failure'; errors: WasmError[] };
  schemaToJson(schema: string): { type: 'success'; json: unknown } | { type: 'failure'; errors: WasmError[] };
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

/** A fixed reason for a cedar-wasm message: which kind of problem, in our words. */
export function reasonOf(message: string): string {
  if (/failed to resolve type|has not been declared|undeclared/i.test(message))
    return 'uses a type it does not declare';
  if (/declared twice|duplicate/i.test(message)) return 'declares a name more than once';
  if (/from JSON/i.test(message)) return 'not a valid Cedar schema in JSON form';
  if (/unexpected|invalid token|unrecognized|expected/i.test(message)) return 'syntax error';
  return 'not a valid Cedar schema';
}

/** 1-based line and column (UTF-16 units) of a character offset. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: before.length - lineStart + 1 };
}

/** Errors of the human format, with positions (cedar-wasm counts bytes of UTF-8). */
function errorsOf(errs: WasmError[], text?: string): CedarSchemaError[] {
  const bytes = text === undefined ? undefined : Buffer.from(text, 'utf8');
  return errs.map(e => {
    const start = e.sourceLocations?.[0]?.start;
    const at =
      bytes && typeof start === 'number' && start >= 0 && start <= bytes.length
        ? position(bytes.subarray(0, start).toString('utf8'), Infinity)
        : undefined;
    return { message: reasonOf(e.message), ...at };
  });
}

/** Where JSON text stops parsing (the JSON.parse message quotes the text, so it is never used). */
function jsonError(text: string): CedarSchemaError {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false });
  return { message: 'not valid JSON', ...(errors[0] ? position(text, errors[0].offset) : {}) };
}

export function loadCedar(): Promise<CedarEngine> {
  engine ??= Promise.resolve().then(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cedar = require('@cedar-policy/cedar-wasm/nodejs') as CedarWasm;
    const parseSchema: CedarEngine['parseSchema'] = (text, format) => {
      if (format === 'json') {
        let obj: unknown;
        try {
          obj = JSON.parse(text);
        } catch {
          return { ok: false, errors: [jsonError(text)] };
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
      if (check.type === 'failure') return { ok: false, errors: errorsOf(check.errors, text) };
      const r = cedar.schemaToJson(text);
      return r.type === 'success' ? { ok: true, json: r.json } : { ok: false, errors: errorsOf(r.errors, text) };
    };
    return { parseSchema };
  });
  return engine;
}
