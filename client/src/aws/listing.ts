/**
 * Reading what is deployed: policy stores (with their aliases), identity sources, trust providers, schemas. Each list
 * call returns one *view page* (up to `limit` items, gathered over as many API pages as needed) and the token to
 * continue from, which the tree turns into "Load more…". Failures are thrown as `AwsCallError` naming the action.
 * Pure: SDK, no `vscode`.
 */
import { DescribeVerifiedAccessTrustProvidersCommand, type VerifiedAccessTrustProvider } from '@aws-sdk/client-ec2';
import {
  GetIdentitySourceCommand,
  GetSchemaCommand,
  ListIdentitySourcesCommand,
  ListPolicyStoreAliasesCommand,
  ListPolicyStoresCommand,
  type IdentitySourceItem,
} from '@aws-sdk/client-verifiedpermissions';
import { actionName, type AwsClients, type ServiceName } from './clients';
import { AwsCallError, describeAwsError } from './errors';

export interface Page<T> {
  items: T[];
  /** Continue here ("Load more…"); undefined when this was the last page. */
  nextToken?: string;
}

export interface PolicyStoreSummary {
  policyStoreId: string;
  arn?: string;
  description?: string;
  aliases: string[];
  createdDate?: string;
}

export interface IdentitySourceSummary {
  identitySourceId: string;
  policyStoreId: string;
  principalEntityType?: string;
  type: 'cognito' | 'oidc' | 'unknown';
  /** OIDC issuer, or the Cognito pool's issuer. */
  issuer?: string;
  userPoolArn?: string;
  clientIds?: string[];
  groupEntityType?: string;
  /** Token selection of an OIDC source: `accessTokenOnly` or `identityTokenOnly`. */
  tokenType?: string;
  /** The whole item as plain data (dates as ISO strings), for Open as / Compare with Deployed. */
  raw: Record<string, unknown>;
}

export interface TrustProviderSummary {
  id: string;
  trustProviderType?: string;
  userTrustProviderType?: string;
  deviceTrustProviderType?: string;
  policyReferenceName?: string;
  description?: string;
  issuer?: string;
  tenantId?: string;
  tags: { key: string; value: string }[];
  raw: Record<string, unknown>;
}

/** API page sizes: the services' documented maxima. */
export const API_MAX = { policyStores: 50, identitySources: 50, aliases: 50, trustProviders: 200 };
/** View page sizes (items per "Load more…"). */
export const DEFAULT_PAGE_SIZE = { policyStores: 100, identitySources: 50, trustProviders: 100 };

/** SDK output → plain JSON data: no `$metadata`, dates as ISO strings. */
export function toPlain(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(toPlain);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (k === '$metadata' || x === undefined) continue;
      out[k] = toPlain(x);
    }
    return out;
  }
  return v;
}

export function summarizeIdentitySource(item: IdentitySourceItem | Record<string, unknown>): IdentitySourceSummary {
  const raw = toPlain(item) as Record<string, unknown>;
  const conf = (raw.configuration ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const cognito = conf.cognitoUserPoolConfiguration;
  const oidc = conf.openIdConnectConfiguration;
  const details = raw.details as Record<string, unknown> | undefined;
  const group = (cognito?.groupConfiguration ?? oidc?.groupConfiguration) as Record<string, unknown> | undefined;
  const tokenSelection = oidc?.tokenSelection as Record<string, unknown> | undefined;
  const userPoolArn = (cognito?.userPoolArn ?? details?.userPoolArn) as string | undefined;
  const clientIds = (cognito?.clientIds ?? details?.clientIds) as string[] | undefined;
  return {
    identitySourceId: typeof raw.identitySourceId === 'string' ? raw.identitySourceId : '',
    policyStoreId: typeof raw.policyStoreId === 'string' ? raw.policyStoreId : '',
    ...(typeof raw.principalEntityType === 'string' ? { principalEntityType: raw.principalEntityType } : {}),
    type: cognito || details ? 'cognito' : oidc ? 'oidc' : 'unknown',
    ...(typeof (oidc?.issuer ?? cognito?.issuer ?? details?.discoveryUrl) === 'string'
      ? { issuer: (oidc?.issuer ?? cognito?.issuer ?? details?.discoveryUrl) as string }
      : {}),
    ...(userPoolArn ? { userPoolArn } : {}),
    ...(Array.isArray(clientIds) ? { clientIds } : {}),
    ...(typeof group?.groupEntityType === 'string' ? { groupEntityType: group.groupEntityType } : {}),
    ...(tokenSelection ? { tokenType: Object.keys(tokenSelection)[0] } : {}),
    raw,
  };
}

export function summarizeTrustProvider(
  tp: VerifiedAccessTrustProvider | Record<string, unknown>,
): TrustProviderSummary {
  const raw = toPlain(tp) as Record<string, unknown>;
  const str = (k: string) => (typeof raw[k] === 'string' && raw[k] !== '' ? raw[k] : undefined);
  const oidc = raw.OidcOptions as Record<string, unknown> | undefined;
  const device = raw.DeviceOptions as Record<string, unknown> | undefined;
  const tags = Array.isArray(raw.Tags) ? (raw.Tags as { Key?: string; Value?: string }[]) : [];
  const out: TrustProviderSummary = { id: str('VerifiedAccessTrustProviderId') ?? '', tags: [], raw };
  const set = <K extends keyof TrustProviderSummary>(k: K, v: TrustProviderSummary[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('trustProviderType', str('TrustProviderType'));
  set('userTrustProviderType', str('UserTrustProviderType'));
  set('deviceTrustProviderType', str('DeviceTrustProviderType'));
  set('policyReferenceName', str('PolicyReferenceName'));
  set('description', str('Description'));
  set('issuer', typeof oidc?.Issuer === 'string' ? oidc.Issuer : undefined);
  set('tenantId', typeof device?.TenantId === 'string' ? device.TenantId : undefined);
  out.tags = tags.map(t => ({ key: String(t.Key ?? ''), value: String(t.Value ?? '') }));
  return out;
}

/** The read side of the tree and of the look-ups, over one connection's clients. */
export class AwsListing {
  constructor(readonly clients: AwsClients) {}

  private endpoint(service: ServiceName): string | undefined {
    return service === 'ec2'
      ? this.clients.connection.endpoints.ec2
      : this.clients.connection.endpoints.verifiedPermissions;
  }

  /** Runs one SDK call; failures become AwsCallError with the action named. */
  async call<T>(service: ServiceName, operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      const c = this.clients.connection;
      throw new AwsCallError(
        describeAwsError(e, actionName(service, operation), {
          profile: c.profile ?? c.configProfile,
          region: c.region,
          endpoint: this.endpoint(service),
        }),
      );
    }
  }

  /**
   * Up to `limit` policy stores from `nextToken` on (several API pages when needed). Aliases are not included.
   * `onApiPage` sees each API page's stores as they arrive (the tree starts on their identity sources at once).
   */
  async listPolicyStores(
    nextToken?: string,
    limit = DEFAULT_PAGE_SIZE.policyStores,
    onApiPage?: (stores: PolicyStoreSummary[]) => void,
  ): Promise<Page<PolicyStoreSummary>> {
    const items: PolicyStoreSummary[] = [];
    let token = nextToken;
    do {
      const maxResults = Math.min(API_MAX.policyStores, Math.max(1, limit - items.length));
      const out = await this.call('verifiedpermissions', 'ListPolicyStores', () =>
        this.clients.avp.send(new ListPolicyStoresCommand({ maxResults, ...(token ? { nextToken: token } : {}) })),
      );
      const before = items.length;
      for (const s of out.policyStores ?? []) {
        items.push({
          policyStoreId: s.policyStoreId ?? '',
          ...(s.arn ? { arn: s.arn } : {}),
          ...(s.description ? { description: s.description } : {}),
          aliases: [],
          ...(s.createdDate ? { createdDate: s.createdDate.toISOString() } : {}),
        });
      }
      onApiPage?.(items.slice(before));
      token = out.nextToken || undefined;
    } while (token && items.length < limit);
    return { items, ...(token ? { nextToken: token } : {}) };
  }

  /** Every policy store alias, by store ID (all pages; accounts have few aliases). */
  async listAliases(maxPages = 20): Promise<Map<string, string[]>> {
    const byStore = new Map<string, string[]>();
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await this.call('verifiedpermissions', 'ListPolicyStoreAliases', () =>
        this.clients.avp.send(
          new ListPolicyStoreAliasesCommand({ maxResults: API_MAX.aliases, ...(token ? { nextToken: token } : {}) }),
        ),
      );
      for (const a of out.policyStoreAliases ?? []) {
        if (!a.policyStoreId || !a.aliasName) continue;
        byStore.set(a.policyStoreId, [...(byStore.get(a.policyStoreId) ?? []), a.aliasName]);
      }
      token = out.nextToken || undefined;
    } while (token && ++pages < maxPages);
    return byStore;
  }

  async listIdentitySources(
    policyStoreId: string,
    nextToken?: string,
    limit = DEFAULT_PAGE_SIZE.identitySources,
  ): Promise<Page<IdentitySourceSummary>> {
    const items: IdentitySourceSummary[] = [];
    let token = nextToken;
    do {
      const maxResults = Math.min(API_MAX.identitySources, Math.max(1, limit - items.length));
      const out = await this.call('verifiedpermissions', 'ListIdentitySources', () =>
        this.clients.avp.send(
          new ListIdentitySourcesCommand({ policyStoreId, maxResults, ...(token ? { nextToken: token } : {}) }),
        ),
      );
      for (const s of out.identitySources ?? []) items.push(summarizeIdentitySource(s));
      token = out.nextToken || undefined;
    } while (token && items.length < limit);
    return { items, ...(token ? { nextToken: token } : {}) };
  }

  async getIdentitySource(policyStoreId: string, identitySourceId: string): Promise<IdentitySourceSummary> {
    const out = await this.call('verifiedpermissions', 'GetIdentitySource', () =>
      this.clients.avp.send(new GetIdentitySourceCommand({ policyStoreId, identitySourceId })),
    );
    return summarizeIdentitySource(out);
  }

  /** The Cedar schema (JSON text) of a store; undefined when it has none. */
  async getSchema(policyStoreId: string): Promise<string | undefined> {
    try {
      const out = await this.call('verifiedpermissions', 'GetSchema', () =>
        this.clients.avp.send(new GetSchemaCommand({ policyStoreId })),
      );
      return out.schema;
    } catch (e) {
      if (e instanceof AwsCallError && e.failure.kind === 'not-found' && /schema/i.test(e.failure.serviceMessage))
        return undefined;
      throw e;
    }
  }

  async listTrustProviders(
    nextToken?: string,
    limit = DEFAULT_PAGE_SIZE.trustProviders,
  ): Promise<Page<TrustProviderSummary>> {
    const items: TrustProviderSummary[] = [];
    let token = nextToken;
    do {
      // EC2 takes 5..200 per page.
      const MaxResults = Math.min(API_MAX.trustProviders, Math.max(5, limit - items.length));
      const out = await this.call('ec2', 'DescribeVerifiedAccessTrustProviders', () =>
        this.clients.ec2.send(
          new DescribeVerifiedAccessTrustProvidersCommand({ MaxResults, ...(token ? { NextToken: token } : {}) }),
        ),
      );
      for (const tp of out.VerifiedAccessTrustProviders ?? []) items.push(summarizeTrustProvider(tp));
      token = out.NextToken || undefined;
    } while (token && items.length < limit);
    return { items, ...(token ? { nextToken: token } : {}) };
  }

  async describeTrustProvider(id: string): Promise<TrustProviderSummary> {
    const out = await this.call('ec2', 'DescribeVerifiedAccessTrustProviders', () =>
      this.clients.ec2.send(new DescribeVerifiedAccessTrustProvidersCommand({ VerifiedAccessTrustProviderIds: [id] })),
    );
    const tp = out.VerifiedAccessTrustProviders?.[0];
    if (!tp) {
      throw new AwsCallError(
        describeAwsError(
          Object.assign(new Error(`The Verified Access trust provider ID '${id}' does not exist`), {
            name: 'InvalidVerifiedAccessTrustProviderId.NotFound',
          }),
          actionName('ec2', 'DescribeVerifiedAccessTrustProviders'),
        ),
      );
    }
    return summarizeTrustProvider(tp);
  }
}
