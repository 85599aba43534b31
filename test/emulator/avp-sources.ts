/** Verified Permissions identity sources: create (idempotent, one per store), get, list (filter, pages), update, delete. */
import { avpError } from './avp-errors';
import { IDENTITY_SOURCE_ID, MAX_RESULTS, NEXT_TOKEN, POLICY_STORE_ID, struct } from './avp-input';
import { pageAfter, storeOf, validated, type Input, type Output } from './avp-stores';
import { canonicalJson } from './idempotency';
import { cutPage } from './paging';
import type { EmulatorState } from './state';
import type { IdentitySourceConfiguration, IdentitySourceRecord } from './types';
import { requestErrors, toFieldList } from './validation';

const iso = (d: Date) => d.toISOString();

/**
 * The principal entity type when a create request leaves it out. The model requires it in every output but does not
 * document a default; the official GetIdentitySource example shows `AWS::Cognito` for a Cognito source.
 */
export const defaultPrincipalEntityType = (c: IdentitySourceConfiguration) =>
  'cognitoUserPoolConfiguration' in c ? 'AWS::Cognito' : 'AWS::OIDC';

/** `https://cognito-idp.<region>.amazonaws.com/<poolId>`, the region and pool taken from the user pool ARN. */
export function cognitoIssuer(userPoolArn: string): string {
  const m = /^arn:[^:]+:cognito-idp:([^:]+):\d{12}:userpool\/(.+)$/.exec(userPoolArn);
  return m ? `https://cognito-idp.${m[1]}.amazonaws.com/${m[2]}` : '';
}

/** ConfigurationDetail / ConfigurationItem: one union member; Cognito gains its derived issuer and always has clientIds. */
function configurationOut(c: IdentitySourceConfiguration): Output {
  if ('cognitoUserPoolConfiguration' in c) {
    const cognito = c.cognitoUserPoolConfiguration;
    return {
      cognitoUserPoolConfiguration: {
        userPoolArn: cognito.userPoolArn,
        clientIds: [...(cognito.clientIds ?? [])],
        issuer: cognitoIssuer(cognito.userPoolArn),
        ...(cognito.groupConfiguration ? { groupConfiguration: { ...cognito.groupConfiguration } } : {}),
      },
    };
  }
  return { openIdConnectConfiguration: structuredClone(c.openIdConnectConfiguration) };
}

/** The whole GetIdentitySource output (also a ListIdentitySources item), with the deprecated `details` for Cognito. */
export function identitySourceOut(s: IdentitySourceRecord): Output {
  const c = s.configuration;
  const details =
    'cognitoUserPoolConfiguration' in c
      ? {
          clientIds: [...(c.cognitoUserPoolConfiguration.clientIds ?? [])],
          userPoolArn: c.cognitoUserPoolConfiguration.userPoolArn,
          discoveryUrl: cognitoIssuer(c.cognitoUserPoolConfiguration.userPoolArn),
          openIdIssuer: 'COGNITO',
        }
      : undefined;
  return {
    createdDate: iso(s.createdDate),
    ...(details ? { details } : {}),
    identitySourceId: s.identitySourceId,
    lastUpdatedDate: iso(s.lastUpdatedDate),
    policyStoreId: s.policyStoreId,
    principalEntityType: s.principalEntityType,
    configuration: configurationOut(c),
  };
}

const summary = (s: IdentitySourceRecord): Output => ({
  createdDate: iso(s.createdDate),
  identitySourceId: s.identitySourceId,
  lastUpdatedDate: iso(s.lastUpdatedDate),
  policyStoreId: s.policyStoreId,
});

function checkWithService(kind: 'identity-source' | 'identity-source-update', input: Input): void {
  const problems = requestErrors(kind, input);
  if (problems.length > 0) throw avpError.validation(toFieldList(problems));
}

function sourceOf(state: EmulatorState, policyStoreId: string, identitySourceId: string): IdentitySourceRecord {
  const store = storeOf(state, policyStoreId);
  const source = state.identitySources.get(identitySourceId);
  if (!source || source.policyStoreId !== store.policyStoreId)
    throw avpError.notFound('IDENTITY_SOURCE', identitySourceId);
  return source;
}

interface CreateRequest {
  clientToken?: string;
  policyStoreId: string;
  configuration: IdentitySourceConfiguration;
  principalEntityType?: string;
}

export function createIdentitySource(input: Input, state: EmulatorState): Output {
  checkWithService('identity-source', input);
  const { clientToken, ...params } = input as unknown as CreateRequest;
  const seen = state.tokens.check<Output>('CreateIdentitySource', clientToken, params);
  if (seen.state === 'replay') return seen.entry.result;
  if (seen.state === 'mismatch') {
    throw avpError.conflict(`The client token '${clientToken}' was already used with different parameters.`, [
      { resourceId: seen.entry.resourceId, resourceType: 'IDENTITY_SOURCE' },
    ]);
  }
  const store = storeOf(state, params.policyStoreId);
  const existing = state.identitySourcesOf(store.policyStoreId);
  const quota = state.quotas.identitySourcesPerPolicyStore;
  if (existing.length >= quota) {
    throw avpError.quota(
      `Policy store ${store.policyStoreId} already has ${existing.length} identity source(s); the quota is ${quota} per policy store.`,
      {
        resourceType: 'IDENTITY_SOURCE',
        serviceCode: 'verifiedpermissions',
      },
    );
  }
  const source = state.addIdentitySource({
    policyStoreId: store.policyStoreId,
    configuration: params.configuration,
    principalEntityType: params.principalEntityType ?? defaultPrincipalEntityType(params.configuration),
  });
  const output = summary(source);
  state.tokens.remember('CreateIdentitySource', clientToken, params, source.identitySourceId, output);
  return output;
}

export function updateIdentitySource(input: Input, state: EmulatorState): Output {
  checkWithService('identity-source-update', input);
  const req = input as unknown as {
    policyStoreId: string;
    identitySourceId: string;
    updateConfiguration: IdentitySourceConfiguration;
    principalEntityType?: string;
  };
  const source = sourceOf(state, req.policyStoreId, req.identitySourceId);
  source.configuration = structuredClone(req.updateConfiguration);
  if (req.principalEntityType !== undefined) source.principalEntityType = req.principalEntityType;
  source.lastUpdatedDate = new Date();
  return summary(source);
}

const BY_ID = struct({ policyStoreId: POLICY_STORE_ID, identitySourceId: IDENTITY_SOURCE_ID }, [
  'policyStoreId',
  'identitySourceId',
]);

export function getIdentitySource(input: Input, state: EmulatorState): Output {
  const req = validated<{ policyStoreId: string; identitySourceId: string }>(BY_ID, input);
  return identitySourceOut(sourceOf(state, req.policyStoreId, req.identitySourceId));
}

export function deleteIdentitySource(input: Input, state: EmulatorState): Output {
  const req = validated<{ policyStoreId: string; identitySourceId: string }>(BY_ID, input);
  state.identitySources.delete(sourceOf(state, req.policyStoreId, req.identitySourceId).identitySourceId);
  return {};
}

const LIST = struct(
  {
    policyStoreId: POLICY_STORE_ID,
    nextToken: NEXT_TOKEN,
    maxResults: MAX_RESULTS,
    filters: { t: 'list', max: 10, item: struct({ principalEntityType: { t: 'string', min: 1, max: 200 } }) },
  },
  ['policyStoreId'],
);

/** Filters on `principalEntityType`: a source matches when any filter names its type (no filters: all). */
export function listIdentitySources(input: Input, state: EmulatorState): Output {
  const req = validated<{
    policyStoreId: string;
    nextToken?: string;
    maxResults?: number;
    filters?: { principalEntityType?: string }[];
  }>(LIST, input);
  const store = storeOf(state, req.policyStoreId);
  const types = (req.filters ?? []).map(f => f.principalEntityType).filter((t): t is string => t !== undefined);
  const scope = canonicalJson({ op: 'ListIdentitySources', store: store.policyStoreId, types: [...types].sort() });
  const matching = state
    .identitySourcesOf(store.policyStoreId)
    .filter(s => types.length === 0 || types.includes(s.principalEntityType));
  const page = cutPage(matching, pageAfter(state, scope, req.nextToken), req.maxResults ?? 10);
  return {
    identitySources: page.items.map(identitySourceOut),
    ...(page.nextAfter !== undefined ? { nextToken: state.pages.issue(scope, page.nextAfter) } : {}),
  };
}
