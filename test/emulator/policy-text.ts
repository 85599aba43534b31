/**
 * Static policy statements: parsed with Cedar (exactly one policy, no template slots), their scope read for the API's
 * outputs, and their strict validation against a policy store's schema.
 */
import { cedar, type CedarError, type EntityRef, type EntityUid, type ScopeConstraint } from './cedar';
import { canonicalJson } from './idempotency';
import { schemaForCedar } from './schema';
import type { EntityIdentifier, PolicyRecord, SchemaRecord } from './types';

export type PolicyScope = Pick<PolicyRecord, 'effect' | 'principal' | 'resource' | 'actions'>;

/** What UpdatePolicy may not change: the effect and the principal and resource constraints, as canonical text. */
export interface FixedParts {
  effect: string;
  principal: string;
  resource: string;
}

export type StatementRead = { ok: true; scope: PolicyScope; fixed: FixedParts } | { ok: false; problems: string[] };

/** A Cedar error as one line: message, the first source label with its offset, and Cedar's help. */
function describe(e: CedarError): string {
  const where = e.sourceLocations?.[0];
  const label = where ? ` (at offset ${where.start}${where.label ? `: ${where.label}` : ''})` : '';
  return `${e.message.replace(/^for policy `[^`]*`, /, '')}${label}${e.help ? `; ${e.help}` : ''}`;
}

/** The service's non-adjustable quota on one policy. */
export const MAX_POLICY_BYTES = 10_000;

/** Reads a static policy statement: at most 10,000 bytes, one policy, no `?principal`/`?resource` slots. */
export function readStatement(statement: string): StatementRead {
  const bytes = Buffer.byteLength(statement);
  if (bytes > MAX_POLICY_BYTES) {
    return { ok: false, problems: [`The statement has ${bytes} bytes; a policy has at most 10,000 bytes.`] };
  }
  const parts = cedar().policySetTextToParts(statement);
  if (parts.type === 'failure') return { ok: false, problems: parts.errors.map(describe) };
  if (parts.policy_templates.length > 0) {
    return {
      ok: false,
      problems: [
        'The statement is a policy template (it has ?principal or ?resource slots); a static policy has none.',
      ],
    };
  }
  if (parts.policies.length !== 1) {
    return {
      ok: false,
      problems: [`A static policy statement holds exactly one Cedar policy; this one holds ${parts.policies.length}.`],
    };
  }
  const json = cedar().policyToJson(statement);
  if (json.type === 'failure') return { ok: false, problems: json.errors.map(describe) };
  const { effect, principal, resource, action } = json.json;
  const scope: PolicyScope = { effect: effect === 'permit' ? 'Permit' : 'Forbid' };
  const p = scopeEntity(principal);
  if (p) scope.principal = p;
  const r = scopeEntity(resource);
  if (r) scope.resource = r;
  const actions = action.op === '==' ? [action.entity] : action.op === 'in' ? (action.entities ?? [action.entity]) : [];
  const named = actions.filter((a): a is EntityRef => a !== undefined).map(uidOf);
  if (named.length > 0) scope.actions = named.map(a => ({ actionType: a.type, actionId: a.id }));
  return { ok: true, scope, fixed: { effect, principal: canonicalJson(principal), resource: canonicalJson(resource) } };
}

/** Problems of a statement under STRICT validation (Cedar's errors and warnings alike reject it). */
export function strictProblems(statement: string, schema: Pick<SchemaRecord, 'text'> | undefined): string[] {
  if (!schema) {
    return [
      "The policy store's validation mode is STRICT and it has no schema, so every policy is rejected; put a schema first, or set the validation mode to OFF.",
    ];
  }
  const answer = cedar().validate({
    schema: schemaForCedar(schema),
    policies: { staticPolicies: { policy0: statement } },
    validationSettings: { mode: 'strict' },
  });
  if (answer.type === 'failure') return answer.errors.map(describe);
  return [...answer.validationErrors, ...answer.validationWarnings].map(v => describe(v.error));
}

/** The entity a principal or resource scope names (`==`, `in`, `is … in`), if any. */
function scopeEntity(scope: ScopeConstraint): EntityIdentifier | undefined {
  let uid: EntityRef | undefined;
  if (scope.op === '==' || scope.op === 'in') uid = scope.entity;
  else if (scope.op === 'is') uid = scope.in?.entity;
  if (!uid) return undefined;
  const { type, id } = uidOf(uid);
  return { entityType: type, entityId: id };
}

/** Cedar writes entity references as `{ type, id }` or `{ __entity: { type, id } }`. */
function uidOf(uid: EntityRef): EntityUid {
  return '__entity' in uid ? uid.__entity : uid;
}
