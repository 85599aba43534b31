/** Verified Permissions policy stores, their aliases and their Cedar schema: create, get, list, delete, put. */
import { avpError } from './avp-errors';
import { checkInput, CLIENT_TOKEN, MAX_RESULTS, NEXT_TOKEN, POLICY_STORE_ID, struct, type Spec } from './avp-input';
import { canonicalJson } from './idempotency';
import { cutPage } from './paging';
import type { EmulatorState } from './state';
import type { PolicyStoreRecord } from './types';

export type Input = Record<string, unknown>;
export type Output = Record<string, unknown>;

const iso = (d: Date) => d.toISOString();

/** Fails with ValidationException when the input does not fit the spec. */
export function validated<T extends Input>(spec: ReturnType<typeof struct>, input: Input): T {
  const problems = checkInput(spec, input);
  if (problems.length > 0) throw avpError.validation(problems);
  return input as T;
}

/** A store by ID or alias, or ResourceNotFoundException. */
export function storeOf(state: EmulatorState, idOrAlias: string): PolicyStoreRecord {
  const found = state.resolveStore(idOrAlias);
  if (!found.store) throw avpError.notFound(found.resourceType, found.resourceId);
  return found.store;
}

/** Reads a pagination token of this query, or ValidationException for a forged or foreign one. */
export function pageAfter(state: EmulatorState, scope: string, token: unknown): number | undefined {
  if (typeof token !== 'string') return undefined;
  const after = state.pages.read(scope, token);
  if (after === undefined) {
    throw avpError.validation([
      { path: 'nextToken', message: 'The pagination token is invalid, expired, or belongs to a different request.' },
    ]);
  }
  return after;
}

const TAGS: Spec = {
  t: 'map',
  key: { t: 'string', min: 1, max: 128 },
  value: { t: 'string', min: 0, max: 256 },
  max: 200,
};
const CREATE = struct(
  {
    clientToken: CLIENT_TOKEN,
    validationSettings: struct({ mode: { t: 'string', enum: ['OFF', 'STRICT'] } }, ['mode']),
    description: { t: 'string', min: 0, max: 150 },
    deletionProtection: { t: 'string', enum: ['ENABLED', 'DISABLED'] },
    encryptionSettings: struct(
      {
        kmsEncryptionSettings: struct(
          {
            key: { t: 'string', min: 1, max: 2048, pattern: /^[a-zA-Z0-9:/_-]+$/ },
            encryptionContext: { t: 'map', key: { t: 'string', min: 1 }, value: { t: 'string', min: 1 } },
          },
          ['key'],
        ),
        default: struct({}),
      },
      [],
      true,
    ),
    tags: TAGS,
  },
  ['validationSettings'],
);
const BY_ID = struct({ policyStoreId: POLICY_STORE_ID }, ['policyStoreId']);
const GET = struct({ policyStoreId: POLICY_STORE_ID, tags: { t: 'boolean' } }, ['policyStoreId']);
const LIST = struct({ nextToken: NEXT_TOKEN, maxResults: MAX_RESULTS });
const PUT_SCHEMA = struct(
  { policyStoreId: POLICY_STORE_ID, definition: struct({ cedarJson: { t: 'string', min: 1 } }, [], true) },
  ['policyStoreId', 'definition'],
);
const ALIAS_NAME: Spec = { t: 'string', min: 1, max: 200, pattern: /^[a-zA-Z0-9-/_]*$/ };

export function createPolicyStore(input: Input, state: EmulatorState): Output {
  const req = validated<{
    clientToken?: string;
    validationSettings: { mode: 'OFF' | 'STRICT' };
    description?: string;
    deletionProtection?: 'ENABLED' | 'DISABLED';
    encryptionSettings?: { kmsEncryptionSettings?: { key: string; encryptionContext?: Record<string, string> } };
    tags?: Record<string, string>;
  }>(CREATE, input);
  const { clientToken, ...params } = req;
  const seen = state.tokens.check<Output>('CreatePolicyStore', clientToken, params);
  if (seen.state === 'replay') return seen.entry.result;
  if (seen.state === 'mismatch') {
    throw avpError.conflict(`The client token '${clientToken}' was already used with different parameters.`, [
      { resourceId: seen.entry.resourceId, resourceType: 'POLICY_STORE' },
    ]);
  }
  const kms = req.encryptionSettings?.kmsEncryptionSettings;
  const store = state.addPolicyStore({
    validationMode: req.validationSettings.mode,
    ...(req.description !== undefined ? { description: req.description } : {}),
    ...(req.deletionProtection ? { deletionProtection: req.deletionProtection } : {}),
    ...(req.tags ? { tags: req.tags } : {}),
    encryptionState: kms
      ? { kmsEncryptionState: { key: kms.key, encryptionContext: kms.encryptionContext ?? {} } }
      : { default: {} },
  });
  const output = {
    policyStoreId: store.policyStoreId,
    arn: store.arn,
    createdDate: iso(store.createdDate),
    lastUpdatedDate: iso(store.lastUpdatedDate),
  };
  state.tokens.remember('CreatePolicyStore', clientToken, params, store.policyStoreId, output);
  return output;
}

export function getPolicyStore(input: Input, state: EmulatorState): Output {
  const req = validated<{ policyStoreId: string; tags?: boolean }>(GET, input);
  const s = storeOf(state, req.policyStoreId);
  return {
    policyStoreId: s.policyStoreId,
    arn: s.arn,
    validationSettings: { mode: s.validationMode },
    createdDate: iso(s.createdDate),
    lastUpdatedDate: iso(s.lastUpdatedDate),
    ...(s.description !== undefined ? { description: s.description } : {}),
    deletionProtection: s.deletionProtection,
    encryptionState: structuredClone(s.encryptionState),
    cedarVersion: 'CEDAR_4',
    ...(req.tags && Object.keys(s.tags).length > 0 ? { tags: { ...s.tags } } : {}),
  };
}

export function listPolicyStores(input: Input, state: EmulatorState): Output {
  const req = validated<{ nextToken?: string; maxResults?: number }>(LIST, input);
  const scope = 'ListPolicyStores';
  const page = cutPage(state.policyStores.values(), pageAfter(state, scope, req.nextToken), req.maxResults ?? 10);
  return {
    policyStores: page.items.map(s => ({
      policyStoreId: s.policyStoreId,
      arn: s.arn,
      createdDate: iso(s.createdDate),
      lastUpdatedDate: iso(s.lastUpdatedDate),
      ...(s.description !== undefined ? { description: s.description } : {}),
    })),
    ...(page.nextAfter !== undefined ? { nextToken: state.pages.issue(scope, page.nextAfter) } : {}),
  };
}

/** Deleting a store that does not exist succeeds, as documented; deletion protection refuses with InvalidStateException. */
export function deletePolicyStore(input: Input, state: EmulatorState): Output {
  const req = validated<{ policyStoreId: string }>(BY_ID, input);
  const found = state.resolveStore(req.policyStoreId);
  if (!found.store) return {};
  if (found.store.deletionProtection === 'ENABLED') {
    throw avpError.invalidState(
      `Policy store ${found.store.policyStoreId} has deletion protection enabled; disable it before deleting the store.`,
    );
  }
  state.deletePolicyStore(found.store.policyStoreId);
  return {};
}

export function getSchema(input: Input, state: EmulatorState): Output {
  const req = validated<{ policyStoreId: string }>(BY_ID, input);
  const s = storeOf(state, req.policyStoreId);
  if (!s.schema) throw avpError.notFound('SCHEMA', s.policyStoreId, 'schema of policy store');
  return {
    policyStoreId: s.policyStoreId,
    schema: s.schema.text,
    createdDate: iso(s.schema.createdDate),
    lastUpdatedDate: iso(s.schema.lastUpdatedDate),
    namespaces: [...s.schema.namespaces],
  };
}

export function putSchema(input: Input, state: EmulatorState, check: (text: string) => SchemaVerdict): Output {
  const req = validated<{ policyStoreId: string; definition: { cedarJson: string } }>(PUT_SCHEMA, input);
  const s = storeOf(state, req.policyStoreId);
  const text = req.definition.cedarJson;
  if (Buffer.byteLength(text) > 100_000) {
    throw avpError.validation([
      { path: 'definition.cedarJson', message: 'The schema is larger than the 100,000-byte quota.' },
    ]);
  }
  const verdict = check(text);
  if (!verdict.ok)
    throw avpError.validation(verdict.problems.map(message => ({ path: 'definition.cedarJson', message })));
  const now = new Date();
  if (verdict.empty) {
    const created = s.schema?.createdDate ?? now;
    delete s.schema;
    s.lastUpdatedDate = now;
    return { policyStoreId: s.policyStoreId, namespaces: [], createdDate: iso(created), lastUpdatedDate: iso(now) };
  }
  const schema = state.setSchema(s.policyStoreId, text, verdict.namespaces, now);
  return {
    policyStoreId: s.policyStoreId,
    namespaces: [...schema.namespaces],
    createdDate: iso(schema.createdDate),
    lastUpdatedDate: iso(schema.lastUpdatedDate),
  };
}

export type SchemaVerdict = { ok: true; namespaces: string[]; empty: boolean } | { ok: false; problems: string[] };

const aliasItem = (state: EmulatorState, a: { aliasName: string; policyStoreId: string; createdAt: Date }) => ({
  aliasName: a.aliasName,
  policyStoreId: a.policyStoreId,
  aliasArn: state.aliasArn(a.aliasName),
  createdAt: iso(a.createdAt),
  state: 'Active',
});

export function getPolicyStoreAlias(input: Input, state: EmulatorState): Output {
  const req = validated<{ aliasName: string }>(struct({ aliasName: ALIAS_NAME }, ['aliasName']), input);
  const alias = state.aliases.get(req.aliasName.replace(/^policy-store-alias\//, ''));
  if (!alias) throw avpError.notFound('POLICY_STORE_ALIAS', req.aliasName, 'policy store alias');
  return aliasItem(state, alias);
}

export function listPolicyStoreAliases(input: Input, state: EmulatorState): Output {
  const spec = struct({
    nextToken: NEXT_TOKEN,
    maxResults: MAX_RESULTS,
    filter: struct({ policyStoreId: POLICY_STORE_ID }),
  });
  const req = validated<{ nextToken?: string; maxResults?: number; filter?: { policyStoreId?: string } }>(spec, input);
  const storeId = req.filter?.policyStoreId;
  const scope = canonicalJson({ op: 'ListPolicyStoreAliases', storeId });
  const all = [...state.aliases.values()].filter(a => storeId === undefined || a.policyStoreId === storeId);
  const page = cutPage(all, pageAfter(state, scope, req.nextToken), req.maxResults ?? 10);
  return {
    policyStoreAliases: page.items.map(a => aliasItem(state, a)),
    ...(page.nextAfter !== undefined ? { nextToken: state.pages.issue(scope, page.nextAfter) } : {}),
  };
}
