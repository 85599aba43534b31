/** The emulator's in-memory state: policy stores, aliases, schemas, policies, identity sources, trust providers, tokens. */
import { randomBytes } from 'node:crypto';
import { ClientTokens } from './idempotency';
import { PageTokens } from './paging';
import type {
  AliasRecord,
  IdentitySourceConfiguration,
  IdentitySourceRecord,
  PolicyRecord,
  PolicyStoreRecord,
  SchemaRecord,
  TrustProviderRecord,
} from './types';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random ID in the style of Verified Permissions (22 letters and digits). */
export function base62Id(length = 22): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    const b = bytes[i];
    if (b < 248) out += BASE62[b % 62];
  }
  return out.length === length ? out : base62Id(length);
}

/** EC2 renders trust provider times as `2023-08-25T18:40:36` (UTC, no zone, no fraction). */
export const ec2Time = (d: Date): string => d.toISOString().slice(0, 19);

export const ALIAS_PREFIX = 'policy-store-alias/';

export interface PolicyStoreInit {
  policyStoreId?: string;
  description?: string;
  validationMode?: 'OFF' | 'STRICT';
  deletionProtection?: 'ENABLED' | 'DISABLED';
  encryptionState?: PolicyStoreRecord['encryptionState'];
  tags?: Record<string, string>;
  createdDate?: Date;
}

export interface IdentitySourceInit {
  identitySourceId?: string;
  policyStoreId: string;
  configuration: IdentitySourceConfiguration;
  principalEntityType: string;
  createdDate?: Date;
}

export type PolicyInit = Omit<PolicyRecord, 'seq' | 'policyId' | 'createdDate' | 'lastUpdatedDate'> & {
  policyId?: string;
  createdDate?: Date;
};

export type TrustProviderInit = Omit<
  TrustProviderRecord,
  'seq' | 'VerifiedAccessTrustProviderId' | 'CreationTime' | 'LastUpdatedTime'
> & {
  VerifiedAccessTrustProviderId?: string;
  CreationTime?: string;
  LastUpdatedTime?: string;
};

export type StoreLookup =
  | { store: PolicyStoreRecord }
  | { store?: undefined; resourceType: 'POLICY_STORE' | 'POLICY_STORE_ALIAS'; resourceId: string };

export class EmulatorState {
  readonly policyStores = new Map<string, PolicyStoreRecord>();
  readonly aliases = new Map<string, AliasRecord>();
  readonly identitySources = new Map<string, IdentitySourceRecord>();
  readonly policies = new Map<string, PolicyRecord>();
  readonly trustProviders = new Map<string, TrustProviderRecord>();
  /** Client tokens of both services, remembered for the emulator's lifetime. */
  readonly tokens = new ClientTokens();
  readonly pages = new PageTokens();
  /** Service quotas the emulator enforces (the real identity source quota is 1 per store and not adjustable). */
  readonly quotas = { identitySourcesPerPolicyStore: 1 };
  private seq = 0;

  constructor(
    public region: string,
    public accountId: string,
  ) {}

  nextSeq(): number {
    return ++this.seq;
  }

  policyStoreArn(id: string): string {
    return `arn:aws:verifiedpermissions::${this.accountId}:policy-store/${id}`;
  }

  aliasArn(name: string): string {
    return `arn:aws:verifiedpermissions::${this.accountId}:policy-store-alias/${name}`;
  }

  addPolicyStore(init: PolicyStoreInit = {}): PolicyStoreRecord {
    const id = init.policyStoreId ?? base62Id();
    if (this.policyStores.has(id)) throw new Error(`policy store ${id} already exists`);
    const created = init.createdDate ?? new Date();
    const record: PolicyStoreRecord = {
      policyStoreId: id,
      arn: this.policyStoreArn(id),
      ...(init.description !== undefined ? { description: init.description } : {}),
      validationMode: init.validationMode ?? 'OFF',
      deletionProtection: init.deletionProtection ?? 'DISABLED',
      encryptionState: init.encryptionState ?? { default: {} },
      tags: { ...init.tags },
      createdDate: created,
      lastUpdatedDate: created,
      seq: this.nextSeq(),
    };
    this.policyStores.set(id, record);
    return record;
  }

  addAlias(aliasName: string, policyStoreId: string, createdAt = new Date()): AliasRecord {
    if (this.aliases.has(aliasName)) throw new Error(`alias ${aliasName} already exists`);
    if (!this.policyStores.has(policyStoreId)) throw new Error(`no policy store ${policyStoreId}`);
    const record = { aliasName, policyStoreId, createdAt, seq: this.nextSeq() };
    this.aliases.set(aliasName, record);
    return record;
  }

  setSchema(policyStoreId: string, text: string, namespaces: string[], now = new Date()): SchemaRecord {
    const store = this.policyStores.get(policyStoreId);
    if (!store) throw new Error(`no policy store ${policyStoreId}`);
    store.schema = { text, namespaces, createdDate: store.schema?.createdDate ?? now, lastUpdatedDate: now };
    store.lastUpdatedDate = now;
    return store.schema;
  }

  addIdentitySource(init: IdentitySourceInit): IdentitySourceRecord {
    if (!this.policyStores.has(init.policyStoreId)) throw new Error(`no policy store ${init.policyStoreId}`);
    const id = init.identitySourceId ?? base62Id();
    if (this.identitySources.has(id)) throw new Error(`identity source ${id} already exists`);
    const created = init.createdDate ?? new Date();
    const record: IdentitySourceRecord = {
      identitySourceId: id,
      policyStoreId: init.policyStoreId,
      configuration: structuredClone(init.configuration),
      principalEntityType: init.principalEntityType,
      createdDate: created,
      lastUpdatedDate: created,
      seq: this.nextSeq(),
    };
    this.identitySources.set(id, record);
    return record;
  }

  addPolicy(init: PolicyInit): PolicyRecord {
    if (!this.policyStores.has(init.policyStoreId)) throw new Error(`no policy store ${init.policyStoreId}`);
    const id = init.policyId ?? base62Id();
    if (this.policies.has(id)) throw new Error(`policy ${id} already exists`);
    const created = init.createdDate ?? new Date();
    const record: PolicyRecord = {
      ...structuredClone(init),
      policyId: id,
      createdDate: created,
      lastUpdatedDate: created,
      seq: this.nextSeq(),
    };
    this.policies.set(id, record);
    return record;
  }

  addTrustProvider(init: TrustProviderInit): TrustProviderRecord {
    const id = init.VerifiedAccessTrustProviderId ?? `vatp-${randomBytes(9).toString('hex').slice(0, 17)}`;
    if (this.trustProviders.has(id)) throw new Error(`trust provider ${id} already exists`);
    const now = ec2Time(new Date());
    const record: TrustProviderRecord = {
      ...structuredClone(init),
      VerifiedAccessTrustProviderId: id,
      CreationTime: init.CreationTime ?? now,
      LastUpdatedTime: init.LastUpdatedTime ?? init.CreationTime ?? now,
      seq: this.nextSeq(),
    };
    this.trustProviders.set(id, record);
    return record;
  }

  /** A policy store by ID or by `policy-store-alias/<name>`. */
  resolveStore(idOrAlias: string): StoreLookup {
    if (idOrAlias.startsWith(ALIAS_PREFIX)) {
      const name = idOrAlias.slice(ALIAS_PREFIX.length);
      const alias = this.aliases.get(name);
      const store = alias && this.policyStores.get(alias.policyStoreId);
      return store ? { store } : { resourceType: 'POLICY_STORE_ALIAS', resourceId: name };
    }
    const store = this.policyStores.get(idOrAlias);
    return store ? { store } : { resourceType: 'POLICY_STORE', resourceId: idOrAlias };
  }

  identitySourcesOf(policyStoreId: string): IdentitySourceRecord[] {
    return [...this.identitySources.values()].filter(s => s.policyStoreId === policyStoreId);
  }

  policiesOf(policyStoreId: string): PolicyRecord[] {
    return [...this.policies.values()].filter(p => p.policyStoreId === policyStoreId);
  }

  /** Removes a store with its identity sources, policies, schema and aliases. */
  deletePolicyStore(policyStoreId: string): boolean {
    if (!this.policyStores.delete(policyStoreId)) return false;
    for (const s of this.identitySourcesOf(policyStoreId)) this.identitySources.delete(s.identitySourceId);
    for (const p of this.policiesOf(policyStoreId)) this.policies.delete(p.policyId);
    for (const a of [...this.aliases.values()]) if (a.policyStoreId === policyStoreId) this.aliases.delete(a.aliasName);
    return true;
  }

  /** Forget everything, client tokens included. */
  clear(): void {
    this.policyStores.clear();
    this.aliases.clear();
    this.identitySources.clear();
    this.policies.clear();
    this.trustProviders.clear();
    this.tokens.clear();
  }

  /** Plain JSON of the state (dates as RFC 3339); client secrets replaced by `***` unless `secrets` is set. */
  snapshot(options: { secrets?: boolean } = {}): StateSnapshot {
    const json = <T>(v: T): unknown => JSON.parse(JSON.stringify(v)) as unknown;
    const hide = (o: { ClientSecret?: string } | undefined) =>
      o && o.ClientSecret !== undefined && !options.secrets ? { ...o, ClientSecret: '***' } : o;
    return {
      region: this.region,
      accountId: this.accountId,
      policyStores: [...this.policyStores.values()].map(s => json(s)),
      aliases: [...this.aliases.values()].map(a => json(a)),
      identitySources: [...this.identitySources.values()].map(s => json(s)),
      policies: [...this.policies.values()].map(p => json(p)),
      trustProviders: [...this.trustProviders.values()].map(t =>
        json({
          ...t,
          OidcOptions: hide(t.OidcOptions),
          NativeApplicationOidcOptions: hide(t.NativeApplicationOidcOptions),
        }),
      ),
    };
  }
}

export interface StateSnapshot {
  region: string;
  accountId: string;
  policyStores: unknown[];
  aliases: unknown[];
  identitySources: unknown[];
  policies: unknown[];
  trustProviders: unknown[];
}
