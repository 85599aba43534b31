/**
 * IsAuthorizedWithToken: each token is checked by the project's token module (`server/src/service/token`) against
 * the policy store's identity source, its signature verified against the issuer's published keys (issuer-keys.ts);
 * the principal, its groups and attributes or `context.token` come from the token, then the store's policies decide.
 * Every token rejection is a ValidationException whose fieldList names the token parameter and the failed checks
 * (F-IAWT-ERRORS in test/reference/token-mapping.md); no message ever contains the token.
 */
import {
  DEFAULT_COGNITO_GROUP_TYPE,
  DEFAULT_PRINCIPAL_TYPE,
  decodeJwt,
  tokenSourceFromRequest,
  verifyAndCheckToken,
  type TokenCheckResult,
  type TokenIdentitySource,
  type TokenParameter,
  type VerifySignature,
} from '../../server/src/service/token';
import {
  CONTEXT,
  decide,
  ENTITIES,
  isActionType,
  requireMembers,
  throwProblems,
  type Identifier,
} from './avp-authorize';
import { contextOf, entitiesOf, entityUid } from './avp-entities';
import { avpError } from './avp-errors';
import { ACTION_IDENTIFIER, ENTITY_IDENTIFIER, POLICY_STORE_ID, struct } from './avp-input';
import { identitySourceOut } from './avp-sources';
import { storeOf, validated, type Input, type Output } from './avp-stores';
import type { CedarEntity } from './cedar';
import type { EmulatorState } from './state';
import type { FieldProblem } from './validation';

/** The `Token` shape: three base64url runs joined by single characters, at most 131,072 characters. */
const TOKEN = {
  t: 'string',
  min: 1,
  max: 131_072,
  pattern: /^[A-Za-z0-9-_=]+.[A-Za-z0-9-_=]+.[A-Za-z0-9-_=]+$/,
} as const;

const IS_AUTHORIZED_WITH_TOKEN = struct(
  {
    policyStoreId: POLICY_STORE_ID,
    identityToken: TOKEN,
    accessToken: TOKEN,
    action: ACTION_IDENTIFIER,
    resource: ENTITY_IDENTIFIER,
    context: CONTEXT,
    entities: ENTITIES,
  },
  ['policyStoreId'],
);

export interface TokenContext {
  state: EmulatorState;
  verify: VerifySignature;
  /** Milliseconds since the epoch. */
  now(): number;
}

type Request = {
  policyStoreId: string;
  identityToken?: string;
  accessToken?: string;
  action?: { actionType: string; actionId: string };
  resource?: Identifier;
  context?: { contextMap?: unknown; cedarJson?: string };
  entities?: { entityList?: unknown; cedarJson?: string };
};

const PARAMETER_KIND: Record<TokenParameter, 'identityTokenOnly' | 'accessTokenOnly'> = {
  identityToken: 'identityTokenOnly',
  accessToken: 'accessTokenOnly',
};

/** The identity source a token is checked against: the one of its issuer, else the first (whose check then fails). */
function sourceFor(sources: TokenIdentitySource[], token: string): TokenIdentitySource {
  const decoded = decodeJwt(token);
  const iss = decoded.ok ? decoded.jwt.claims.iss : undefined;
  return sources.find(s => s.issuer === iss) ?? sources[0];
}

/**
 * Why a token is rejected, one fieldList entry per failed check; a token that fails nothing is still rejected when
 * its signature could not be verified.
 */
function rejection(parameter: TokenParameter, result: TokenCheckResult): FieldProblem[] {
  const failed = result.checks.filter(c => c.status === 'fail');
  const signature = result.checks.find(c => c.id === 'signature');
  const reasons = failed.length > 0 || !signature || signature.status === 'pass' ? failed : [signature];
  return reasons.map(c => ({ path: parameter, message: `${c.title}: ${c.reason}` }));
}

export async function isAuthorizedWithToken(input: Input, ctx: TokenContext): Promise<Output> {
  const req = validated<Request>(IS_AUTHORIZED_WITH_TOKEN, input);
  const store = storeOf(ctx.state, req.policyStoreId);
  if (req.identityToken === undefined && req.accessToken === undefined) {
    throw avpError.validation([{ path: 'identityToken', message: 'Send an identityToken, an accessToken, or both.' }]);
  }
  requireMembers(req, ['action', 'resource']);
  const sources = ctx.state
    .identitySourcesOf(store.policyStoreId)
    .map(s => tokenSourceFromRequest(identitySourceOut(s)))
    .flatMap(r => (r.ok ? [r.source] : []));
  if (sources.length === 0) {
    throw avpError.validation([
      { path: 'policyStoreId', message: 'The policy store has no identity source, so it cannot take tokens.' },
    ]);
  }

  const results: { parameter: TokenParameter; source: TokenIdentitySource; result: TokenCheckResult }[] = [];
  const problems: FieldProblem[] = [];
  const given = (['identityToken', 'accessToken'] as const).filter(p => req[p] !== undefined);
  for (const parameter of given) {
    const token = req[parameter] as string;
    const source = sourceFor(sources, token);
    // An OIDC identity source processes one kind of token; with both sent, the other kind is not processed.
    if (source.type === 'oidc' && given.length === 2 && source.tokenSelection !== PARAMETER_KIND[parameter]) continue;
    const result = await verifyAndCheckToken(source, token, { now: ctx.now(), parameter, verify: ctx.verify });
    const rejected = rejection(parameter, result);
    if (rejected.length > 0) problems.push(...rejected);
    else if (!result.principal) problems.push({ path: parameter, message: 'The token names no principal.' });
    else results.push({ parameter, source, result });
  }
  throwProblems(problems);

  const [first, second] = results;
  const principal = first.result.principal as { entityType: string; entityId: string };
  if (
    second &&
    (second.result.principal?.entityId !== principal.entityId ||
      second.result.principal.entityType !== principal.entityType)
  ) {
    throw avpError.validation([
      { path: 'accessToken', message: 'The identityToken and the accessToken are not of the same user.' },
    ]);
  }
  const tokenEntities = mergeTokenEntities(results.map(r => r.result));

  const requestProblems: FieldProblem[] = [];
  const context = contextOf(req.context, requestProblems);
  const access = results.find(r => r.result.context !== undefined)?.result.context;
  if (access) {
    if (Object.prototype.hasOwnProperty.call(context, 'token')) {
      requestProblems.push({
        path: 'context',
        message: "The context member 'token' is set by the access token's claims; use another name.",
      });
    }
    Object.defineProperty(context, 'token', { value: access.token, enumerable: true, writable: true });
  }
  const entities = entitiesOf(req.entities, requestProblems);
  const reserved = reservedTypes(first.source);
  entities.forEach((e, i) => {
    const type = entityUid(e)?.type;
    if (type !== undefined && reserved.has(type)) {
      requestProblems.push({
        path: `entities[${i}]`,
        message: `Entities of type ${type} come from the token (the identity source's user and group types); leave them out.`,
      });
    }
  });
  throwProblems(requestProblems);

  const action = req.action as { actionType: string; actionId: string };
  const resource = req.resource as Identifier;
  const decision = decide(store, ctx.state, {
    principal: { type: principal.entityType, id: principal.entityId },
    action: { type: action.actionType, id: action.actionId },
    resource: { type: resource.entityType, id: resource.entityId },
    context,
    entities: [...entities.filter(e => !isActionType(entityUid(e)?.type ?? '')), ...tokenEntities],
  });
  return { ...decision, principal: { entityType: principal.entityType, entityId: principal.entityId } };
}

/** The user and group entity types of an identity source: request entities may not carry them (F-IAWT-ENTITIES). */
function reservedTypes(source: TokenIdentitySource): Set<string> {
  const types = new Set([source.principalEntityType ?? DEFAULT_PRINCIPAL_TYPE]);
  const group =
    source.type === 'cognito' ? (source.groupEntityType ?? DEFAULT_COGNITO_GROUP_TYPE) : source.groupEntityType;
  if (group) types.add(group);
  return types;
}

/**
 * The entities of one or two tokens of the same user: the principal with the ID token's attributes (an access token
 * gives none), the union of both tokens' groups, and the group entities.
 */
function mergeTokenEntities(results: TokenCheckResult[]): CedarEntity[] {
  const key = (e: { type: string; id: string }) => JSON.stringify([e.type, e.id]);
  const [principal, ...rest] = results[0].entities;
  const merged: CedarEntity = { uid: principal.uid, attrs: principal.attrs, parents: [...principal.parents] };
  const groups = new Map<string, CedarEntity>(rest.map(g => [key(g.uid), g]));
  for (const other of results.slice(1)) {
    const [p, ...g] = other.entities;
    if (Object.keys(p.attrs).length > 0) merged.attrs = p.attrs;
    for (const parent of p.parents) if (!merged.parents.some(x => key(x) === key(parent))) merged.parents.push(parent);
    for (const e of g) groups.set(key(e.uid), e);
  }
  return [merged, ...groups.values()];
}
