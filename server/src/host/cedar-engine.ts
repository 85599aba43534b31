/**
 * Cedar's schema parser from @cedar-policy/cedar-wasm, loaded on first use (the WebAssembly module costs memory; a
 * session that never checks a schema never loads it). The bundle ships `cedar_wasm_bg.wasm` beside itself.
 *
 * Its error messages quote the schema (`unexpected token \`…\``, `failed to resolve type: …`), and a schema file can
 * be anything a workspace links to: errors are reduced to a fixed reason and a line and column, never any text.
 *
 * Cedar's parser is recursive: a schema nested a few thousand levels deep overflows the WebAssembly stack, and the
 * instance is broken for every later call (JSON nested past 128 levels only throws). Schemas nested deeper than
 * `MAX_NESTING` are refused before Cedar sees them, and a call that throws anyway gets a fresh instance.
 */
import { sep } from 'node:path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { bracketDepthExceeds } from '../service/parse/limits';
import type { CedarEngine, CedarSchemaError } from '../service/semantic/host';

interface WasmError {
  message: string;
  /** Byte offsets into the schema text (human format only). */
  sourceLocations?: { start: number; end: number }[];
}

interface CedarWasm {
  checkParseSchema(schema: unknown): { type: 'success' } | { type: 'failure'; errors: WasmError[] };
  schemaToJson(schema: string): { type: 'success'; json: unknown } | { type: 'failure'; errors: WasmError[] };
  /** In the bundles: a new instance of the module (see `cedarWasmBrotli` in esbuild.mjs). */
  __fresh?: () => CedarWasm;
}

/** Deepest nesting of a schema handed to Cedar (real schemas nest a handful of levels). */
export const MAX_NESTING = 64;

let engine: Promise<CedarEngine> | undefined;
let wasm: CedarWasm | undefined;

function instance(): CedarWasm {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (wasm ??= require('@cedar-policy/cedar-wasm/nodejs') as CedarWasm);
}

/** Replaces an instance a call broke: the bundle's factory, or (unbundled) the module loaded again. */
function replaceInstance(): void {
  const broken = wasm;
  wasm = undefined;
  if (broken?.__fresh) {
    wasm = broken.__fresh();
    return;
  }
  for (const key of Object.keys(require.cache))
    if (key.includes(`${sep}@cedar-policy${sep}cedar-wasm${sep}`)) delete require.cache[key];
}

const ENGINE_FAILED: CedarSchemaError = { message: 'could not be read by Cedar (it nests too deeply or is too large)' };

/** A Cedar call that never throws: undefined when the engine failed (and was replaced). */
function guarded<R>(call: (w: CedarWasm) => R): R | undefined {
  try {
    return call(instance());
  } catch {
    replaceInstance();
    return undefined;
  }
}

/**
 * Where the human-readable form nests deeper than `limit` (`<`, `{`, `[`, `(`), outside strings and comments: the
 * offset, or undefined.
 */
export function cedarNestingExceeds(text: string, limit: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      while (i < text.length && text.charCodeAt(i) !== 10) i++;
    } else if (c === 60 || c === 123 || c === 91 || c === 40) {
      if (++depth > limit) return i;
    } else if ((c === 62 || c === 125 || c === 93 || c === 41) && depth > 0) depth--;
  }
  return undefined;
}

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

function tooDeep(text: string, offset: number): CedarSchemaError {
  return { message: `nested more than ${MAX_NESTING} levels deep`, ...position(text, offset) };
}

export function loadCedar(): Promise<CedarEngine> {
  engine ??= Promise.resolve().then(() => {
    instance();
    const parseSchema: CedarEngine['parseSchema'] = (text, format) => {
      if (format === 'json') {
        const deep = bracketDepthExceeds(text, MAX_NESTING);
        if (deep !== undefined) return { ok: false, errors: [tooDeep(text, deep)] };
        let obj: unknown;
        try {
          obj = JSON.parse(text);
        } catch {
          return { ok: false, errors: [jsonError(text)] };
        }
        const r = guarded(w => w.checkParseSchema(obj));
        if (!r) return { ok: false, errors: [ENGINE_FAILED] };
        if (r.type === 'success') return { ok: true, json: obj };
        // Schemas written for Cedar 2 (still served by older policy stores) can have actions that Cedar 4 rejects,
        // e.g. `appliesTo` without `resourceTypes`. Entity types are all these checks need: try without actions.
        const withoutActions = stripActions(obj);
        if (withoutActions && guarded(w => w.checkParseSchema(withoutActions))?.type === 'success')
          return { ok: true, json: obj };
        return { ok: false, errors: errorsOf(r.errors) };
      }
      const deep = cedarNestingExceeds(text, MAX_NESTING);
      if (deep !== undefined) return { ok: false, errors: [tooDeep(text, deep)] };
      const check = guarded(w => w.checkParseSchema(text));
      if (!check) return { ok: false, errors: [ENGINE_FAILED] };
      if (check.type === 'failure') return { ok: false, errors: errorsOf(check.errors, text) };
      const r = guarded(w => w.schemaToJson(text));
      if (!r) return { ok: false, errors: [ENGINE_FAILED] };
      return r.type === 'success' ? { ok: true, json: r.json } : { ok: false, errors: errorsOf(r.errors, text) };
    };
    return { parseSchema };
  });
  return engine;
}
