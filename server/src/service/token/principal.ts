/**
 * What the token becomes: the principal (entity type and ID), its attributes or the request context, its parent
 * groups, and the checks that tell whether the claims allow that.
 */
import { COGNITO_PREFIXES, claimRecord, dotNotation, groupNames, setOwn } from './claims';
import { type CheckContext, describeType, fix, path, result, selectionPath } from './context';
import { principalTypePath } from './source';
import type { CedarEntity, EntityUid, TokenCheck, TokenIdentitySource } from './types';

export const DEFAULT_PRINCIPAL_TYPE = 'AWS::Cognito';
export const DEFAULT_COGNITO_GROUP_TYPE = 'AWS::CognitoGroup';
/** The service's `EntityId` limit (F-ENTITY-ID-LENGTH). */
export const MAX_ENTITY_ID = 200;

export interface Mapping {
  checks: TokenCheck[];
  principal?: { entityType: string; entityId: string };
  entities: CedarEntity[];
  context?: Record<string, unknown>;
}

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** The claim that names the principal (F-COGNITO-ENTITY-ID, F-OIDC-PRINCIPAL-CLAIM). */
export function principalClaim(source: TokenIdentitySource): string {
  return source.type === 'cognito' ? 'sub' : (source.principalIdClaim ?? 'sub');
}

/** The group claim and entity type, when the identity source maps groups. */
export function groupMapping(source: TokenIdentitySource): { claim: string; entityType: string } | undefined {
  if (source.type === 'cognito')
    return { claim: 'cognito:groups', entityType: source.groupEntityType ?? DEFAULT_COGNITO_GROUP_TYPE };
  return source.groupClaim && source.groupEntityType
    ? { claim: source.groupClaim, entityType: source.groupEntityType }
    : undefined;
}

/** The prefix of principal and group entity IDs: the pool ID, or `entityIdPrefix` (none: the bare value). */
function entityId(source: TokenIdentitySource, value: string): string {
  const prefix = source.type === 'cognito' ? source.userPoolId : source.entityIdPrefix;
  return prefix === undefined ? value : `${prefix}|${value}`;
}

function principalIdCheck(ctx: CheckContext): { check: TokenCheck; id?: string } {
  const { source, claims } = ctx;
  const claim = principalClaim(source);
  const facts = source.type === 'cognito' ? ['F-COGNITO-ENTITY-ID'] : ['F-OIDC-PRINCIPAL-CLAIM', 'F-OIDC-ENTITY-ID'];
  const claimPath = source.type === 'oidc' ? selectionPath(source, 'principalIdClaim') : undefined;
  const candidates = Object.keys(claims).filter(k => typeof claims[k] === 'string' && claims[k] !== '');
  const remedy =
    source.type === 'cognito'
      ? fix('Every Cognito user pool token has sub; use a token the user pool issued.')
      : fix(
          `Set principalIdClaim to a claim this token has (claims with text values: ${candidates.join(', ') || 'none'}), or make the provider include ${claim}.`,
          claimPath as string,
        );
  if (!hasOwn(claims, claim))
    return {
      check: result(
        'principal-id',
        'fail',
        `The token has no ${claim} claim, which the identity source uses as the principal's ID${source.type === 'oidc' && !source.principalIdClaim ? ' (principalIdClaim is not set, so it is sub)' : ''}.`,
        facts,
        { expected: claim, actual: candidates, fix: remedy },
      ),
    };
  const v = claims[claim];
  if (typeof v !== 'string' || v === '')
    return {
      check: result(
        'principal-id',
        'fail',
        `The ${claim} claim is ${v === '' ? 'empty' : describeType(v)}, but a principal's ID is non-empty text.`,
        facts,
        { expected: claim, fix: remedy },
      ),
    };
  const id = entityId(source, v);
  const how =
    source.type === 'cognito'
      ? "the user pool ID, '|', and the sub claim"
      : source.entityIdPrefix
        ? `entityIdPrefix, '|', and the ${claim} claim`
        : `the ${claim} claim alone (no entityIdPrefix)`;
  if (id.length > MAX_ENTITY_ID)
    return {
      id,
      check: result(
        'principal-id',
        'warn',
        `The principal's ID (${how}) has ${id.length} characters; Verified Permissions entity IDs have at most ${MAX_ENTITY_ID}.`,
        [...facts, 'F-ENTITY-ID-LENGTH'],
        {
          actual: id,
          ...(source.type === 'oidc'
            ? {
                fix: fix(
                  'Use a shorter entityIdPrefix or principal claim.',
                  path(source, 'entityIdPrefix'),
                  claimPath as string,
                ),
              }
            : {}),
        },
      ),
    };
  return { id, check: result('principal-id', 'pass', `The principal's ID is ${how}.`, facts, { actual: id }) };
}

function groupsCheck(ctx: CheckContext): { check: TokenCheck; groups: string[] } {
  const { source, claims } = ctx;
  const mapping = groupMapping(source);
  if (!mapping) {
    const facts = ['F-OIDC-GROUPS'];
    if (hasOwn(claims, 'groups'))
      return {
        groups: [],
        check: result(
          'groups',
          'warn',
          'The token has a groups claim, but the identity source maps no group claim, so the principal gets no parent groups.',
          facts,
          {
            fix: fix(
              'Add groupConfiguration with groupClaim (groups) and groupEntityType.',
              path(source, 'groupConfiguration'),
            ),
          },
        ),
      };
    return { groups: [], check: result('groups', 'pass', 'The identity source maps no group claim.', facts) };
  }
  const facts =
    source.type === 'cognito'
      ? ['F-COGNITO-GROUPS', 'F-COGNITO-GROUP-ID', 'F-OIDC-GROUP-FORMATS']
      : ['F-OIDC-GROUPS', 'F-OIDC-GROUP-FORMATS'];
  if (!hasOwn(claims, mapping.claim))
    return {
      groups: [],
      check: result(
        'groups',
        'pass',
        `The token has no ${mapping.claim} claim: the principal has no parent groups.`,
        facts,
      ),
    };
  const g = groupNames(claims[mapping.claim]);
  if (!g.ok)
    return {
      groups: [],
      check: result(
        'groups',
        'fail',
        `The ${mapping.claim} claim ${g.why}; Verified Permissions reads a group claim as one string (space-separated names) or a list of strings.`,
        facts,
        {
          actual: claims[mapping.claim],
          fix:
            source.type === 'cognito'
              ? fix(
                  `Leave ${mapping.claim} as Cognito writes it (a list of group names); check the pre token generation trigger.`,
                )
              : fix(
                  `Make the provider send ${mapping.claim} as a list of strings, or set groupClaim to the claim that holds the groups.`,
                  path(source, 'groupConfiguration', 'groupClaim'),
                ),
        },
      ),
    };
  const ids = g.groups.map(x => entityId(source, x));
  if (g.split)
    return {
      groups: g.groups,
      check: result(
        'groups',
        'warn',
        `The ${mapping.claim} claim is one string with spaces, so it becomes ${g.groups.length} groups of type ${mapping.entityType}; a group name that contains a space is split in two.`,
        facts,
        {
          actual: ids,
          fix: fix(
            `If a group name contains a space, rename the group or make the provider send ${mapping.claim} as a list.`,
          ),
        },
      ),
    };
  return {
    groups: g.groups,
    check: result(
      'groups',
      'pass',
      `${g.groups.length} group${g.groups.length === 1 ? '' : 's'} of the ${mapping.claim} claim become${g.groups.length === 1 ? 's a parent' : ' parents'} of type ${mapping.entityType}.`,
      facts,
      { actual: ids },
    ),
  };
}

function reservedCheck(ctx: CheckContext): TokenCheck {
  const facts = ['F-COGNITO-RESERVED-CLAIMS'];
  const found = COGNITO_PREFIXES.filter(p => hasOwn(ctx.claims, p));
  if (found.length === 0) return result('reserved-claims', 'pass', 'No claim is named cognito, custom or dev.', facts);
  return result(
    'reserved-claims',
    'fail',
    `The token has a claim named ${found.join(' and ')}; Verified Permissions rejects such tokens from Cognito user pools (these names are reserved for the cognito:, custom: and dev: prefixes).`,
    facts,
    { actual: found, fix: fix('Rename the claim where it is added (usually a pre token generation Lambda trigger).') },
  );
}

function principalTypeCheck(source: TokenIdentitySource): TokenCheck {
  const facts = ['F-PRINCIPAL-TYPE-DEFAULT'];
  if (source.principalEntityType)
    return result('principal-type', 'pass', 'principalEntityType is set.', facts, {
      actual: source.principalEntityType,
    });
  return result(
    'principal-type',
    'warn',
    `principalEntityType is not set, so principals get the entity type ${DEFAULT_PRINCIPAL_TYPE}, which a policy store schema does not declare.`,
    facts,
    {
      actual: DEFAULT_PRINCIPAL_TYPE,
      fix: fix(
        'Set principalEntityType to the user entity type of your schema (for example MyCorp::User).',
        principalTypePath(source.paths),
      ),
    },
  );
}

/** Whether the claims go onto the principal (ID token) or into the context (access token). */
function claimsTarget(ctx: CheckContext): 'attributes' | 'context' {
  if (ctx.source.type === 'oidc') return ctx.source.tokenSelection === 'accessTokenOnly' ? 'context' : 'attributes';
  return ctx.type === 'access' ? 'context' : 'attributes';
}

/** The principal, its attributes or context, its groups, and the checks on the claims they come from. */
export function mapToken(ctx: CheckContext): Mapping {
  const { source, claims } = ctx;
  const checks: TokenCheck[] = [];
  const principal = principalIdCheck(ctx);
  checks.push(principal.check);
  const groups = groupsCheck(ctx);
  checks.push(groups.check);
  if (source.type === 'cognito') checks.push(reservedCheck(ctx));

  const mapping = groupMapping(source);
  const skip = new Set(mapping ? [mapping.claim] : []);
  const target = claimsTarget(ctx);
  const record = claimRecord(claims, skip, target === 'context');
  const attrFacts = [
    'F-CLAIM-VALUES',
    target === 'context' ? 'F-ACCESS-TOKEN-CONTEXT' : 'F-ID-TOKEN-ATTRIBUTES',
    ...(target === 'context'
      ? ['F-SCOPE-SET']
      : source.type === 'cognito'
        ? ['F-COGNITO-COLON-CLAIMS']
        : ['F-OIDC-NO-DOT-NOTATION']),
  ];
  const where = target === 'context' ? 'the request context (context.token)' : 'attributes of the principal';
  checks.push(
    record.dropped.length === 0
      ? result(
          'attributes',
          'pass',
          `Every claim${skip.size ? ' but the group claim' : ''} becomes a Cedar value in ${where}.`,
          attrFacts,
        )
      : result(
          'attributes',
          'warn',
          `${record.dropped.length} claim${record.dropped.length === 1 ? '' : 's'} cannot be Cedar values and ${record.dropped.length === 1 ? 'is' : 'are'} left out of ${where}: ${record.dropped.map(d => `${d.name} ${d.why}`).join('; ')}.`,
          attrFacts,
          { actual: record.dropped.map(d => d.name) },
        ),
  );
  checks.push(principalTypeCheck(source));

  if (principal.id === undefined) return { checks, entities: [] };
  const entityType = source.principalEntityType ?? DEFAULT_PRINCIPAL_TYPE;
  const parents: EntityUid[] = mapping
    ? groups.groups.map(g => ({ type: mapping.entityType, id: entityId(source, g) }))
    : [];
  let attrs: Record<string, unknown> = {};
  let context: Record<string, unknown> | undefined;
  if (target === 'attributes') {
    attrs = record.values;
    if (source.type === 'cognito')
      for (const [k, v] of Object.entries(dotNotation(claims))) if (!hasOwn(attrs, k)) setOwn(attrs, k, v);
  } else context = { token: record.values };
  const entities: CedarEntity[] = [
    { uid: { type: entityType, id: principal.id }, attrs, parents },
    ...parents.map(uid => ({ uid, attrs: {}, parents: [] })),
  ];
  return {
    checks,
    principal: { entityType, entityId: principal.id },
    entities,
    ...(context ? { context } : {}),
  };
}
