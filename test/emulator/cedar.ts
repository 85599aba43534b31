/**
 * The Cedar engine (`@cedar-policy/cedar-wasm`, loaded on first use) with the few calls the emulator makes: schema
 * parsing, policy parsing, strict validation and authorization. Only the types used here are declared.
 *
 * Cedar's recursive parser and evaluator can overflow the WebAssembly stack on deeply nested input (a 150-deep
 * parenthesis, a 1,000-term sum, a 5,000-long parent chain), and an overflow leaves the instance's memory corrupt:
 * every later call fails. So every call is guarded: when one throws, the instance is dropped (a fresh one is loaded
 * on the next call, about 0.4 s) and the call answers as a failure the caller turns into a ValidationException.
 */
import { createRequire } from 'node:module';
import { sep } from 'node:path';

export interface CedarError {
  message: string;
  help?: string | null;
  /** `engine-failure` when the engine itself failed (and was restarted), not the input's Cedar. */
  code?: string | null;
  sourceLocations?: { label?: string | null; start: number; end: number }[];
}

export interface EntityUid {
  type: string;
  id: string;
}

/** An entity in Cedar's JSON entity format. */
export interface CedarEntity {
  uid: EntityUid;
  attrs: Record<string, unknown>;
  parents: EntityUid[];
  tags?: Record<string, unknown>;
}

/** Cedar's JSON forms write an entity reference either way. */
export type EntityRef = EntityUid | { __entity: EntityUid };

export type ScopeConstraint =
  | { op: 'All' }
  | { op: '=='; entity: EntityRef }
  | { op: 'in'; entity?: EntityRef; entities?: EntityRef[] }
  | { op: 'is'; entity_type: string; in?: { entity: EntityRef } };

export interface PolicyJson {
  effect: 'permit' | 'forbid';
  principal: ScopeConstraint;
  action: ScopeConstraint;
  resource: ScopeConstraint;
}

type Failure = { type: 'failure'; errors: CedarError[] };

interface CedarWasm {
  checkParseSchema(schema: unknown): { type: 'success' } | Failure;
  policySetTextToParts(text: string): { type: 'success'; policies: string[]; policy_templates: string[] } | Failure;
  policyToJson(policy: string): { type: 'success'; json: PolicyJson } | Failure;
  validate(call: {
    schema: unknown;
    policies: { staticPolicies: Record<string, string> };
    validationSettings: { mode: 'strict' };
  }):
    | {
        type: 'success';
        validationErrors: { policyId: string; error: CedarError }[];
        validationWarnings: { policyId: string; error: CedarError }[];
      }
    | Failure;
  isAuthorized(call: {
    principal: EntityUid;
    action: EntityUid;
    resource: EntityUid;
    context: Record<string, unknown>;
    policies: { staticPolicies: Record<string, string> };
    entities: CedarEntity[];
  }):
    | {
        type: 'success';
        response: {
          decision: 'allow' | 'deny';
          diagnostics: { reason: string[]; errors: { policyId: string; error: CedarError }[] };
        };
      }
    | Failure;
}

let engine: CedarWasm | undefined;

// createRequire keeps the Wasm package out of the esbuild bundle: it is loaded from node_modules at run time.
const load = createRequire(__filename);
const PACKAGE_DIR = `${sep}@cedar-policy${sep}cedar-wasm${sep}`;

function instance(): CedarWasm {
  engine ??= load('@cedar-policy/cedar-wasm/nodejs') as CedarWasm;
  return engine;
}

/** Drops the instance and its module from the require cache, so the next call instantiates the Wasm anew. */
function restart(): void {
  engine = undefined;
  for (const key of Object.keys(load.cache)) if (key.includes(PACKAGE_DIR)) delete load.cache[key];
}

export const ENGINE_FAILURE = 'engine-failure';

function guard<R>(call: (wasm: CedarWasm) => R): R | Failure {
  try {
    return call(instance());
  } catch (e) {
    restart();
    const detail = e instanceof Error ? e.message : String(e);
    return {
      type: 'failure',
      errors: [
        { message: `Cedar failed on this input (${detail}); it likely nests too deeply.`, code: ENGINE_FAILURE },
      ],
    };
  }
}

const guarded: CedarWasm = {
  checkParseSchema: schema => guard(w => w.checkParseSchema(schema)),
  policySetTextToParts: text => guard(w => w.policySetTextToParts(text)),
  policyToJson: policy => guard(w => w.policyToJson(policy)),
  validate: call => guard(w => w.validate(call)),
  isAuthorized: call => guard(w => w.isAuthorized(call)),
};

/** The engine, every call guarded (see above). */
export function cedar(): CedarWasm {
  return guarded;
}

/** An error as one line: the message, then Cedar's help in parentheses. */
export const cedarMessage = (e: CedarError): string => (e.help ? `${e.message} (${e.help})` : e.message);

/**
 * Cedar 2 schemas (the service's and its official examples') may leave `principalTypes`/`resourceTypes` out of an
 * action's `appliesTo`; Cedar 4 requires both. A missing list is read as an empty one.
 */
export function withCedar2Defaults(schema: Record<string, unknown>): Record<string, unknown> {
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

/**
 * The action entities a schema declares, with their action groups (`memberOf`) as parents: what the service adds to
 * every authorization request, so that `action in Group` works without the caller sending actions.
 */
export function actionEntities(schema: Record<string, unknown>): CedarEntity[] {
  const out: CedarEntity[] = [];
  for (const [ns, def] of Object.entries(schema)) {
    const actions = (def as { actions?: unknown } | null)?.actions;
    if (actions === null || typeof actions !== 'object' || Array.isArray(actions)) continue;
    const actionType = ns === '' ? 'Action' : `${ns}::Action`;
    for (const [id, action] of Object.entries(actions as Record<string, unknown>)) {
      const memberOf = (action as { memberOf?: unknown } | null)?.memberOf;
      const parents = (Array.isArray(memberOf) ? memberOf : [])
        .filter((m): m is { id: string; type?: unknown } => typeof (m as { id?: unknown } | null)?.id === 'string')
        .map(m => ({ type: typeof m.type === 'string' ? qualify(ns, m.type) : actionType, id: m.id }));
      out.push({ uid: { type: actionType, id }, attrs: {}, parents });
    }
  }
  return out;
}

/** An action group's type as written in `memberOf` (`Action` or `NS::Action`), resolved in namespace `ns`. */
function qualify(ns: string, type: string): string {
  if (type.includes('::') || ns === '') return type;
  return `${ns}::${type}`;
}
