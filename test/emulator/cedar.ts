/**
 * The Cedar engine (`@cedar-policy/cedar-wasm`, loaded on first use) with the few calls the emulator makes: schema
 * parsing, policy parsing, strict validation and authorization. Only the types used here are declared.
 */
import { createRequire } from 'node:module';

export interface CedarError {
  message: string;
  help?: string | null;
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

export function cedar(): CedarWasm {
  // createRequire keeps the Wasm package out of the esbuild bundle: it is loaded from node_modules at run time.
  engine ??= createRequire(__filename)('@cedar-policy/cedar-wasm/nodejs') as CedarWasm;
  return engine;
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
