/**
 * Verified Permissions static policies: create (idempotent), get, list (filter, pages), update, delete. Statements are
 * parsed with Cedar and, in STRICT policy stores, validated against the schema. Template-linked policies are refused.
 */
import { avpError } from './avp-errors';
import {
  CLIENT_TOKEN,
  ENTITY_IDENTIFIER,
  MAX_RESULTS,
  NEXT_TOKEN,
  POLICY_ID,
  POLICY_STORE_ID,
  struct,
  type Spec,
} from './avp-input';
import { pageAfter, storeOf, validated, type Input, type Output } from './avp-stores';
import { canonicalJson } from './idempotency';
import { cutPage } from './paging';
import { readStatement, strictProblems, type StatementRead } from './policy-text';
import type { EmulatorState } from './state';
import type { EntityIdentifier, PolicyRecord, PolicyStoreRecord } from './types';

const iso = (d: Date) => d.toISOString();

const POLICY_NAME: Spec = { t: 'string', min: 0, max: 150, pattern: /^[a-zA-Z0-9-/_]*$/ };
const DESCRIPTION: Spec = { t: 'string', min: 0, max: 150 };
const STATIC = struct({ description: DESCRIPTION, statement: { t: 'string', min: 1 } }, ['statement']);
const TEMPLATE_LINKED = struct(
  { policyTemplateId: POLICY_ID, principal: ENTITY_IDENTIFIER, resource: ENTITY_IDENTIFIER },
  ['policyTemplateId'],
);
const CREATE = struct(
  {
    clientToken: CLIENT_TOKEN,
    policyStoreId: POLICY_STORE_ID,
    definition: struct({ static: STATIC, templateLinked: TEMPLATE_LINKED }, [], true),
    name: POLICY_NAME,
  },
  ['policyStoreId', 'definition'],
);
const BY_ID = struct({ policyStoreId: POLICY_STORE_ID, policyId: POLICY_ID }, ['policyStoreId', 'policyId']);
const UPDATE = struct(
  {
    policyStoreId: POLICY_STORE_ID,
    policyId: POLICY_ID,
    definition: struct({ static: STATIC }, [], true),
    name: POLICY_NAME,
  },
  ['policyStoreId', 'policyId'],
);
const ENTITY_REFERENCE = struct({ unspecified: { t: 'boolean' }, identifier: ENTITY_IDENTIFIER }, [], true);
const LIST = struct(
  {
    policyStoreId: POLICY_STORE_ID,
    nextToken: NEXT_TOKEN,
    maxResults: MAX_RESULTS,
    filter: struct({
      principal: ENTITY_REFERENCE,
      resource: ENTITY_REFERENCE,
      policyType: { t: 'string', enum: ['STATIC', 'TEMPLATE_LINKED'] },
      policyTemplateId: POLICY_ID,
    }),
  },
  ['policyStoreId'],
);

const NAME_PREFIX = 'name/';

/** The scope members every policy output shares (absent members stay absent). */
function scopeOut(p: PolicyRecord): Output {
  return {
    ...(p.principal ? { principal: { ...p.principal } } : {}),
    ...(p.resource ? { resource: { ...p.resource } } : {}),
    ...(p.actions ? { actions: p.actions.map(a => ({ ...a })) } : {}),
    effect: p.effect,
  };
}

/** CreatePolicy / UpdatePolicy output. */
const changedOut = (p: PolicyRecord): Output => ({
  policyStoreId: p.policyStoreId,
  policyId: p.policyId,
  policyType: 'STATIC',
  ...scopeOut(p),
  createdDate: iso(p.createdDate),
  lastUpdatedDate: iso(p.lastUpdatedDate),
});

/** A policy by ID or by `name/<name>` in this store. */
function findPolicy(state: EmulatorState, store: PolicyStoreRecord, idOrName: string): PolicyRecord | undefined {
  const found = idOrName.startsWith(NAME_PREFIX)
    ? state.policiesOf(store.policyStoreId).find(p => p.name === idOrName)
    : state.policies.get(idOrName);
  return found?.policyStoreId === store.policyStoreId ? found : undefined;
}

/** A policy by ID or by `name/<name>` in this store, or ResourceNotFoundException. */
function policyOf(state: EmulatorState, store: PolicyStoreRecord, idOrName: string): PolicyRecord {
  const found = findPolicy(state, store, idOrName);
  if (!found) throw avpError.notFound('POLICY', idOrName);
  return found;
}

/** A statement read and, in a STRICT store, validated; ValidationException with the statement's path otherwise. */
function checkedStatement(store: PolicyStoreRecord, statement: string): Extract<StatementRead, { ok: true }> {
  const path = 'definition.static.statement';
  const read = readStatement(statement);
  const problems = read.ok
    ? store.validationMode === 'STRICT'
      ? strictProblems(statement, store.schema)
      : []
    : read.problems;
  if (!read.ok || problems.length > 0) throw avpError.validation(problems.map(message => ({ path, message })));
  return read;
}

/** A new name must start with `name/` and be free in the store (ConflictException otherwise). */
function checkName(state: EmulatorState, storeId: string, name: string, self?: string): void {
  if (!name.startsWith(NAME_PREFIX) || name.length === NAME_PREFIX.length) {
    throw avpError.validation([{ path: 'name', message: `A policy name starts with '${NAME_PREFIX}'.` }]);
  }
  const taken = state.policiesOf(storeId).find(p => p.name === name && p.policyId !== self);
  if (taken) {
    throw avpError.conflict(`The policy store already has a policy named '${name}'.`, [
      { resourceId: taken.policyId, resourceType: 'POLICY' },
    ]);
  }
}

interface CreateRequest {
  clientToken?: string;
  policyStoreId: string;
  definition: { static?: { statement: string; description?: string }; templateLinked?: unknown };
  name?: string;
}

export function createPolicy(input: Input, state: EmulatorState): Output {
  const { clientToken, ...params } = validated<CreateRequest & Input>(CREATE, input);
  const seen = state.tokens.check<Output>('CreatePolicy', clientToken, params);
  if (seen.state === 'replay') return seen.entry.result;
  if (seen.state === 'mismatch') {
    throw avpError.conflict(`The client token '${clientToken}' was already used with different parameters.`, [
      { resourceId: seen.entry.resourceId, resourceType: 'POLICY' },
    ]);
  }
  const store = storeOf(state, params.policyStoreId);
  const definition = params.definition.static;
  if (!definition) {
    throw avpError.validation([
      {
        path: 'definition.templateLinked',
        message:
          'The emulator serves static policies only (it has no policy templates): use definition.static with a Cedar statement.',
      },
    ]);
  }
  const name = params.name === '' ? undefined : params.name;
  if (name !== undefined) checkName(state, store.policyStoreId, name);
  const read = checkedStatement(store, definition.statement);
  const policy = state.addPolicy({
    policyStoreId: store.policyStoreId,
    statement: definition.statement,
    ...(definition.description !== undefined ? { description: definition.description } : {}),
    ...(name !== undefined ? { name } : {}),
    ...read.scope,
  });
  const output = changedOut(policy);
  state.tokens.remember('CreatePolicy', clientToken, params, policy.policyId, output);
  return output;
}

export function getPolicy(input: Input, state: EmulatorState): Output {
  const req = validated<{ policyStoreId: string; policyId: string }>(BY_ID, input);
  const p = policyOf(state, storeOf(state, req.policyStoreId), req.policyId);
  return {
    policyStoreId: p.policyStoreId,
    policyId: p.policyId,
    policyType: 'STATIC',
    ...scopeOut(p),
    definition: {
      static: { statement: p.statement, ...(p.description !== undefined ? { description: p.description } : {}) },
    },
    createdDate: iso(p.createdDate),
    lastUpdatedDate: iso(p.lastUpdatedDate),
    ...(p.name !== undefined ? { name: p.name } : {}),
  };
}

/** Deleting a policy that does not exist succeeds, as documented (the store must exist). */
export function deletePolicy(input: Input, state: EmulatorState): Output {
  const req = validated<{ policyStoreId: string; policyId: string }>(BY_ID, input);
  const found = findPolicy(state, storeOf(state, req.policyStoreId), req.policyId);
  if (found) state.policies.delete(found.policyId);
  return {};
}

/**
 * Replaces a static policy's statement and description, or its name. As documented, the effect, principal and
 * resource cannot change; STRICT stores validate the new statement against the current schema.
 */
export function updatePolicy(input: Input, state: EmulatorState): Output {
  const req = validated<{
    policyStoreId: string;
    policyId: string;
    definition?: { static: { statement: string; description?: string } };
    name?: string;
  }>(UPDATE, input);
  const store = storeOf(state, req.policyStoreId);
  const policy = policyOf(state, store, req.policyId);
  if (req.name !== undefined && req.name !== '') checkName(state, store.policyStoreId, req.name, policy.policyId);
  const definition = req.definition?.static;
  if (definition) {
    const read = checkedStatement(store, definition.statement);
    const before = readStatement(policy.statement);
    if (before.ok) {
      const changed = (['effect', 'principal', 'resource'] as const).filter(k => before.fixed[k] !== read.fixed[k]);
      if (changed.length > 0) {
        throw avpError.validation([
          {
            path: 'definition.static.statement',
            message: `An update cannot change a policy's ${changed.join(', ')}; create a new policy instead.`,
          },
        ]);
      }
    }
    policy.statement = definition.statement;
    if (definition.description !== undefined) policy.description = definition.description;
    else delete policy.description;
    delete policy.actions;
    Object.assign(policy, read.scope);
  }
  if (req.name === '') delete policy.name;
  else if (req.name !== undefined) policy.name = req.name;
  policy.lastUpdatedDate = new Date();
  return changedOut(policy);
}

type Reference = { unspecified?: boolean; identifier?: EntityIdentifier };

/** Whether a policy's principal or resource matches a filter's EntityReference. */
function matches(ref: Reference | undefined, entity: EntityIdentifier | undefined): boolean {
  if (!ref) return true;
  if (ref.unspecified !== undefined) return ref.unspecified === (entity === undefined);
  const want = ref.identifier;
  return !!want && !!entity && want.entityType === entity.entityType && want.entityId === entity.entityId;
}

/** Policies of a store in creation order; items carry the description but not the statement, as the model says. */
export function listPolicies(input: Input, state: EmulatorState): Output {
  const req = validated<{
    policyStoreId: string;
    nextToken?: string;
    maxResults?: number;
    filter?: { principal?: Reference; resource?: Reference; policyType?: string; policyTemplateId?: string };
  }>(LIST, input);
  const store = storeOf(state, req.policyStoreId);
  const f = req.filter ?? {};
  const scope = canonicalJson({ op: 'ListPolicies', store: store.policyStoreId, filter: f });
  const matching = state
    .policiesOf(store.policyStoreId)
    .filter(
      p =>
        (f.policyType === undefined || f.policyType === 'STATIC') &&
        f.policyTemplateId === undefined &&
        matches(f.principal, p.principal) &&
        matches(f.resource, p.resource),
    );
  const page = cutPage(matching, pageAfter(state, scope, req.nextToken), req.maxResults ?? 10);
  return {
    policies: page.items.map(p => ({
      policyStoreId: p.policyStoreId,
      policyId: p.policyId,
      policyType: 'STATIC',
      ...scopeOut(p),
      definition: { static: p.description !== undefined ? { description: p.description } : {} },
      createdDate: iso(p.createdDate),
      lastUpdatedDate: iso(p.lastUpdatedDate),
      ...(p.name !== undefined ? { name: p.name } : {}),
    })),
    ...(page.nextAfter !== undefined ? { nextToken: state.pages.issue(scope, page.nextAfter) } : {}),
  };
}
