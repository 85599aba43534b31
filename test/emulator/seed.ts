/**
 * Seed data: policy stores (aliases, Cedar schema, identity sources) and trust providers to start from. A seed is
 * checked as a whole (with the same validation as the API) before any of it is applied.
 */
import { readFileSync } from 'node:fs';
import { defaultPrincipalEntityType } from './avp-sources';
import { trustProviderInit } from './ec2';
import { readJson } from './json';
import { readStatement, strictProblems } from './policy-text';
import { checkCedarSchema } from './schema';
import type { EmulatorState } from './state';
import type { IdentitySourceConfiguration } from './types';
import { requestErrors } from './validation';

export interface SeedIdentitySource {
  identitySourceId?: string;
  configuration: IdentitySourceConfiguration;
  principalEntityType?: string;
  createdDate?: string;
}

/** A static policy: its Cedar statement, validated against the store's schema when the store is STRICT. */
export interface SeedPolicy {
  policyId?: string;
  statement: string;
  description?: string;
  /** `name/<something>`, unique in the store. */
  name?: string;
  createdDate?: string;
}

export interface SeedPolicyStore {
  policyStoreId?: string;
  /** Names usable as `policy-store-alias/<name>`. */
  aliases?: string[];
  description?: string;
  validationMode?: 'OFF' | 'STRICT';
  deletionProtection?: 'ENABLED' | 'DISABLED';
  tags?: Record<string, string>;
  createdDate?: string;
  /** Cedar schema in JSON format: the object itself, or its text. */
  schema?: Record<string, unknown> | string;
  identitySources?: SeedIdentitySource[];
  policies?: SeedPolicy[];
}

/** CreateVerifiedAccessTrustProvider members (PascalCase), optionally with a fixed ID and times. */
export interface SeedTrustProvider {
  VerifiedAccessTrustProviderId?: string;
  CreationTime?: string;
  LastUpdatedTime?: string;
  [member: string]: unknown;
}

export interface SeedData {
  region?: string;
  accountId?: string;
  policyStores?: SeedPolicyStore[];
  trustProviders?: SeedTrustProvider[];
}

export class SeedError extends Error {
  constructor(
    readonly problems: string[],
    source = 'seed',
  ) {
    super(`${source} is not valid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'SeedError';
  }
}

/** Reads a seed file (JSON). */
export function readSeedFile(path: string): SeedData {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SeedError([`cannot read ${path}: ${(e as Error).message}`], path);
  }
  const read = readJson(text);
  if (!read.ok) throw new SeedError([read.message], path);
  return read.value as SeedData;
}

const ID_RE = /^[a-zA-Z0-9-]{1,200}$/;
const ALIAS_RE = /^[a-zA-Z0-9-/_]{1,200}$/;
const schemaText = (schema: SeedPolicyStore['schema']) =>
  typeof schema === 'string' ? schema : JSON.stringify(schema, null, 2);

const STORE_KEYS = [
  'policyStoreId',
  'aliases',
  'description',
  'validationMode',
  'deletionProtection',
  'tags',
  'createdDate',
  'schema',
  'identitySources',
  'policies',
];
const POLICY_KEYS = ['policyId', 'statement', 'description', 'name', 'createdDate'];
const SOURCE_KEYS = ['identitySourceId', 'configuration', 'principalEntityType', 'createdDate'];

/** Every problem of a seed against the state it would be added to (empty: it can be applied). */
export function checkSeed(state: EmulatorState, seed: SeedData): string[] {
  const problems: string[] = [];
  const p = (path: string, message: string) => problems.push(`${path}: ${message}`);
  if (seed === null || typeof seed !== 'object') return ['the seed must be a JSON object'];
  for (const k of Object.keys(seed))
    if (!['region', 'accountId', 'policyStores', 'trustProviders'].includes(k)) p(k, 'unknown member');
  const storeIds = new Set(state.policyStores.keys());
  const aliases = new Set(state.aliases.keys());
  const sourceIds = new Set(state.identitySources.keys());
  const providerIds = new Set(state.trustProviders.keys());
  const policyIds = new Set(state.policies.keys());
  const date = (path: string, v: string | undefined) =>
    v !== undefined && Number.isNaN(Date.parse(v)) && p(path, `not a date: ${v}`);

  (seed.policyStores ?? []).forEach((store, i) => {
    const at = `policyStores[${i}]`;
    for (const k of Object.keys(store)) if (!STORE_KEYS.includes(k)) p(`${at}.${k}`, 'unknown member');
    if (store.policyStoreId !== undefined && (!ID_RE.test(store.policyStoreId) || storeIds.has(store.policyStoreId))) {
      p(`${at}.policyStoreId`, `must be a new ID of letters, digits and '-'; got ${store.policyStoreId}`);
    }
    if (store.policyStoreId) storeIds.add(store.policyStoreId);
    for (const a of store.aliases ?? []) {
      if (!ALIAS_RE.test(a) || aliases.has(a)) p(`${at}.aliases`, `alias ${a} is invalid or already used`);
      aliases.add(a);
    }
    if (store.description !== undefined && store.description.length > 150)
      p(`${at}.description`, 'longer than 150 characters');
    if (store.validationMode !== undefined && !['OFF', 'STRICT'].includes(store.validationMode))
      p(`${at}.validationMode`, 'must be OFF or STRICT');
    date(`${at}.createdDate`, store.createdDate);
    if (store.schema !== undefined) {
      const verdict = checkCedarSchema(schemaText(store.schema));
      if (!verdict.ok) verdict.problems.forEach(m => p(`${at}.schema`, m));
    }
    checkPolicies(store, at, policyIds, p);
    const sources = store.identitySources ?? [];
    if (sources.length > state.quotas.identitySourcesPerPolicyStore) {
      p(
        `${at}.identitySources`,
        `${sources.length} identity sources; the quota is ${state.quotas.identitySourcesPerPolicyStore} per policy store`,
      );
    }
    sources.forEach((src, j) => {
      const sat = `${at}.identitySources[${j}]`;
      for (const k of Object.keys(src)) if (!SOURCE_KEYS.includes(k)) p(`${sat}.${k}`, 'unknown member');
      if (
        src.identitySourceId !== undefined &&
        (!ID_RE.test(src.identitySourceId) || sourceIds.has(src.identitySourceId))
      ) {
        p(`${sat}.identitySourceId`, `must be a new ID of letters, digits and '-'; got ${src.identitySourceId}`);
      }
      if (src.identitySourceId) sourceIds.add(src.identitySourceId);
      date(`${sat}.createdDate`, src.createdDate);
      const request = {
        policyStoreId: store.policyStoreId ?? 'seed',
        configuration: src.configuration,
        principalEntityType: src.principalEntityType,
      };
      for (const e of requestErrors('identity-source', request)) p(`${sat}.${e.path}`, e.message);
    });
  });

  (seed.trustProviders ?? []).forEach((tp, i) => {
    const at = `trustProviders[${i}]`;
    const { VerifiedAccessTrustProviderId: id, CreationTime, LastUpdatedTime, ...request } = tp;
    if (id !== undefined && (typeof id !== 'string' || !/^vatp-[0-9a-f]{1,32}$/.test(id) || providerIds.has(id))) {
      p(`${at}.VerifiedAccessTrustProviderId`, `must be a new ID such as vatp-0123456789abcdef0; got ${String(id)}`);
    }
    if (typeof id === 'string') providerIds.add(id);
    for (const [k, v] of Object.entries({ CreationTime, LastUpdatedTime })) {
      if (v !== undefined && (typeof v !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(v)))
        p(`${at}.${k}`, 'must look like 2023-08-25T18:40:36');
    }
    for (const e of requestErrors('trust-provider', request)) p(`${at}.${e.path}`, e.message);
  });
  return problems;
}

function checkPolicies(
  store: SeedPolicyStore,
  at: string,
  policyIds: Set<string>,
  p: (path: string, message: string) => void,
): void {
  const names = new Set<string>();
  const schema = store.schema === undefined ? undefined : { text: schemaText(store.schema) };
  (store.policies ?? []).forEach((policy, k) => {
    const pat = `${at}.policies[${k}]`;
    for (const key of Object.keys(policy)) if (!POLICY_KEYS.includes(key)) p(`${pat}.${key}`, 'unknown member');
    if (policy.policyId !== undefined && (!ID_RE.test(policy.policyId) || policyIds.has(policy.policyId))) {
      p(`${pat}.policyId`, `must be a new ID of letters, digits and '-'; got ${policy.policyId}`);
    }
    if (policy.policyId) policyIds.add(policy.policyId);
    if (policy.name !== undefined) {
      if (!/^name\/[a-zA-Z0-9-/_]{1,145}$/.test(policy.name) || names.has(policy.name))
        p(`${pat}.name`, `must be a new name like name/readers; got ${policy.name}`);
      names.add(policy.name);
    }
    if (policy.description !== undefined && policy.description.length > 150)
      p(`${pat}.description`, 'longer than 150 characters');
    if (typeof policy.statement !== 'string' || policy.statement === '') return p(`${pat}.statement`, 'required');
    const read = readStatement(policy.statement);
    const problems = read.ok
      ? store.validationMode === 'STRICT'
        ? strictProblems(policy.statement, schema)
        : []
      : read.problems;
    for (const m of problems) p(`${pat}.statement`, m);
    if (policy.createdDate !== undefined && Number.isNaN(Date.parse(policy.createdDate)))
      p(`${pat}.createdDate`, `not a date: ${policy.createdDate}`);
  });
}

/** Checks a seed, then adds all of it to the state (nothing is added when any part is invalid). */
export function applySeed(state: EmulatorState, seed: SeedData, source = 'seed'): void {
  const problems = checkSeed(state, seed);
  if (problems.length > 0) throw new SeedError(problems, source);
  for (const s of seed.policyStores ?? []) {
    const created = s.createdDate !== undefined ? new Date(s.createdDate) : undefined;
    const store = state.addPolicyStore({
      ...(s.policyStoreId !== undefined ? { policyStoreId: s.policyStoreId } : {}),
      ...(s.description !== undefined ? { description: s.description } : {}),
      ...(s.validationMode ? { validationMode: s.validationMode } : {}),
      ...(s.deletionProtection ? { deletionProtection: s.deletionProtection } : {}),
      ...(s.tags ? { tags: s.tags } : {}),
      ...(created ? { createdDate: created } : {}),
    });
    for (const a of s.aliases ?? []) state.addAlias(a, store.policyStoreId, created);
    if (s.schema !== undefined) {
      const text = schemaText(s.schema);
      const verdict = checkCedarSchema(text);
      if (verdict.ok && !verdict.empty) state.setSchema(store.policyStoreId, text, verdict.namespaces, created);
    }
    for (const policy of s.policies ?? []) {
      const read = readStatement(policy.statement);
      if (!read.ok) continue; // checked above
      state.addPolicy({
        policyStoreId: store.policyStoreId,
        statement: policy.statement,
        ...read.scope,
        ...(policy.policyId !== undefined ? { policyId: policy.policyId } : {}),
        ...(policy.description !== undefined ? { description: policy.description } : {}),
        ...(policy.name !== undefined ? { name: policy.name } : {}),
        ...(policy.createdDate !== undefined
          ? { createdDate: new Date(policy.createdDate) }
          : created
            ? { createdDate: created }
            : {}),
      });
    }
    for (const src of s.identitySources ?? []) {
      state.addIdentitySource({
        policyStoreId: store.policyStoreId,
        configuration: src.configuration,
        principalEntityType: src.principalEntityType ?? defaultPrincipalEntityType(src.configuration),
        ...(src.identitySourceId !== undefined ? { identitySourceId: src.identitySourceId } : {}),
        ...(src.createdDate !== undefined ? { createdDate: new Date(src.createdDate) } : {}),
      });
    }
  }
  for (const tp of seed.trustProviders ?? []) {
    const { VerifiedAccessTrustProviderId, CreationTime, LastUpdatedTime, ...request } = tp;
    state.addTrustProvider({
      ...trustProviderInit(request),
      ...(VerifiedAccessTrustProviderId !== undefined ? { VerifiedAccessTrustProviderId } : {}),
      ...(CreationTime !== undefined ? { CreationTime } : {}),
      ...(LastUpdatedTime !== undefined ? { LastUpdatedTime } : {}),
    });
  }
}
