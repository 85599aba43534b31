/**
 * The checks that decide whether Verified Permissions accepts a token at all: signed, issuer, token type, client ID
 * or audience, expiry, not-before, signature. Each reason names claims and members, never their values.
 */
import type { DecodedJwt } from './jwt';
import {
  type CheckContext,
  SELECTION_KIND,
  TOKEN_KIND,
  asList,
  duration,
  fix,
  isoTime,
  path,
  result,
  selectionPath,
} from './context';
import type { TokenCheck, TokenIdentitySource, TokenParameter, TokenType, TokenTypeBasis } from './types';

const PARAMETER_TYPE: Record<TokenParameter, 'id' | 'access'> = { identityToken: 'id', accessToken: 'access' };

/** The token type the checks go by, and how it was found (F-OIDC-TOKEN-TYPE, F-COGNITO-TOKEN-USE). */
export function detectType(
  source: TokenIdentitySource,
  jwt: DecodedJwt,
  parameter: TokenParameter | undefined,
): { type: TokenType; basis: TokenTypeBasis } {
  if (parameter) return { type: PARAMETER_TYPE[parameter], basis: 'parameter' };
  const use = jwt.claims.token_use;
  if (use === 'id' || use === 'access') return { type: use, basis: 'token_use' };
  if (source.type === 'cognito') return { type: 'unknown', basis: 'none' };
  const typ = typeof jwt.header.typ === 'string' ? jwt.header.typ.toLowerCase() : '';
  if (typ === 'at+jwt' || typ === 'application/at+jwt') return { type: 'access', basis: 'typ' };
  const has = (k: string) => Object.prototype.hasOwnProperty.call(jwt.claims, k);
  if (has('nonce') || has('at_hash')) return { type: 'id', basis: 'claims' };
  if (['scope', 'scp', 'client_id', 'cid'].some(has)) return { type: 'access', basis: 'claims' };
  return { type: 'unknown', basis: 'none' };
}

const ASYMMETRIC = /^(RS|PS|ES)(256|384|512)$|^EdDSA$|^ES256K$|^Ed25519$|^Ed448$/;

export function algorithmCheck(ctx: CheckContext): TokenCheck {
  const facts = ['F-SIGNATURE'];
  const alg = ctx.jwt.header.alg;
  if (typeof alg !== 'string' || alg === '')
    return result('algorithm', 'fail', 'The header has no alg, so the token cannot be verified.', facts);
  if (alg.toLowerCase() === 'none' || ctx.jwt.signatureBytes === 0)
    return result(
      'algorithm',
      'fail',
      'The token is not signed (alg none or an empty signature); Verified Permissions accepts only signed tokens.',
      facts,
      { fix: fix('Send the signed token your provider issues.'), actual: alg },
    );
  if (ctx.source.type === 'cognito' && alg !== 'RS256')
    return result(
      'algorithm',
      'fail',
      'Cognito user pools sign with RS256; this token names another algorithm, so no user pool signed it.',
      ['F-COGNITO-JWKS', ...facts],
      { expected: 'RS256', actual: alg },
    );
  if (!ASYMMETRIC.test(alg))
    return result(
      'algorithm',
      'fail',
      'The token is signed with a shared secret (or an unknown algorithm); Verified Permissions verifies signatures with the keys the issuer publishes, which are public keys.',
      facts,
      {
        fix: fix('Configure the provider to sign tokens for this client with an asymmetric key (RS256, PS256, ES256).'),
        actual: alg,
      },
    );
  return result('algorithm', 'pass', 'The token is signed with an asymmetric algorithm.', facts, { actual: alg });
}

const COGNITO_ISS = /^https:\/\/cognito-idp\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/[\w-]+_[0-9a-zA-Z]+$/;

export function issuerCheck(ctx: CheckContext): TokenCheck {
  const { source } = ctx;
  const facts = source.type === 'cognito' ? ['F-COGNITO-ISSUER', 'F-COGNITO-CHECKS'] : ['F-OIDC-ISSUER'];
  const iss = ctx.claims.iss;
  const expected = source.issuer;
  if (typeof iss !== 'string' || iss === '')
    return result(
      'issuer',
      'fail',
      'The token has no iss claim, so it cannot be matched to the identity source.',
      facts,
      {
        expected,
      },
    );
  if (iss === expected)
    return result('issuer', 'pass', 'The token comes from the configured issuer.', facts, { expected, actual: iss });
  if (source.type === 'cognito') {
    const otherPool = COGNITO_ISS.test(iss);
    return result(
      'issuer',
      'fail',
      otherPool
        ? 'The token comes from another Cognito user pool than the one in userPoolArn.'
        : 'The token was not issued by a Cognito user pool.',
      facts,
      {
        expected,
        actual: iss,
        fix: otherPool
          ? fix(
              'Use a token from the user pool in userPoolArn, or set userPoolArn to the pool that issued this token.',
              path(source, 'userPoolArn'),
            )
          : fix(
              'For tokens of another OpenID Connect provider, use openIdConnectConfiguration with its issuer instead of cognitoUserPoolConfiguration.',
              path(source),
            ),
      },
    );
  }
  const slash = iss.replace(/\/+$/, '') === expected.replace(/\/+$/, '');
  return result(
    'issuer',
    'fail',
    slash
      ? "The token's iss and the configured issuer differ only in a trailing '/'; they must be equal character for character."
      : "The token's iss is not the configured issuer.",
    facts,
    {
      expected,
      actual: iss,
      fix: fix(
        "Set issuer to the token's iss exactly, or use a token from the configured issuer.",
        path(source, 'issuer'),
      ),
    },
  );
}

const BASIS_WORDS: Record<TokenTypeBasis, string> = {
  parameter: 'by the parameter it is sent in',
  token_use: 'by its token_use claim',
  typ: 'by its typ header (at+jwt)',
  claims: 'by its claims (nonce or at_hash make an ID token; scope or client_id an access token)',
  none: '',
};

export function tokenTypeCheck(ctx: CheckContext): TokenCheck {
  const { source, claims, options } = ctx;
  const use = claims.token_use;
  const param = options.parameter;
  if (param && (use === 'id' || use === 'access') && use !== PARAMETER_TYPE[param])
    return result(
      'token-type',
      'fail',
      `The token is sent as ${param}, but its token_use claim says it is ${TOKEN_KIND[use]}.`,
      ['F-IAWT-INPUT'],
      {
        expected: PARAMETER_TYPE[param],
        actual: use,
        fix: fix(`Send it as ${use === 'id' ? 'identityToken' : 'accessToken'}.`),
      },
    );
  if (source.type === 'cognito') {
    const facts = ['F-COGNITO-TOKEN-USE', 'F-COGNITO-CHECKS'];
    if (use === undefined)
      return result(
        'token-type',
        'fail',
        'The token has no token_use claim; every Cognito user pool token has one (id or access), so no user pool issued this token.',
        facts,
      );
    if (use !== 'id' && use !== 'access')
      return result('token-type', 'fail', 'The token_use claim is neither id nor access.', facts, {
        expected: ['id', 'access'],
        actual: use,
      });
    return result(
      'token-type',
      'pass',
      use === 'id'
        ? 'An ID token: its claims become attributes of the principal.'
        : 'An access token: its claims go into the request context (context.token), not onto the principal.',
      [...facts, use === 'id' ? 'F-ID-TOKEN-ATTRIBUTES' : 'F-ACCESS-TOKEN-CONTEXT'],
      { actual: use },
    );
  }
  const facts = ['F-OIDC-TOKEN-SELECTION', 'F-OIDC-TOKEN-TYPE'];
  const expected = SELECTION_KIND[source.tokenSelection];
  const selection = path(source, 'tokenSelection');
  if (ctx.type === 'unknown')
    return result(
      'token-type',
      'not-checked',
      `Cannot tell whether this is an ID or an access token (no token_use, no typ at+jwt, no telling claims); the identity source processes ${expected === 'id' ? 'ID' : 'access'} tokens only.`,
      facts,
      { expected },
    );
  if (ctx.type !== expected) {
    const other = expected === 'id' ? 'accessTokenOnly' : 'identityTokenOnly';
    const moved = expected === 'id' ? 'audiences take the place of clientIds' : 'clientIds take the place of audiences';
    return result(
      'token-type',
      'fail',
      `This is ${TOKEN_KIND[ctx.type]} (${BASIS_WORDS[ctx.basis]}); the identity source accepts ${expected === 'id' ? 'ID' : 'access'} tokens only (${source.tokenSelection}).`,
      facts,
      {
        expected,
        actual: ctx.type,
        fix: fix(
          `Send the ${expected === 'id' ? 'ID' : 'access'} token instead, or change tokenSelection from ${source.tokenSelection} to ${other} (${moved}).`,
          selection,
        ),
      },
    );
  }
  return result(
    'token-type',
    'pass',
    `${ctx.type === 'id' ? 'An ID token' : 'An access token'} (${BASIS_WORDS[ctx.basis]}), the kind the identity source processes.`,
    facts,
    { expected, actual: ctx.type },
  );
}

export function audienceCheck(ctx: CheckContext): TokenCheck {
  const { source, claims } = ctx;
  const has = (k: string) => claims[k] !== undefined;
  let facts: string[];
  let allowed: string[];
  let allowedPath: string;
  let claim: string;
  let what: string;
  if (source.type === 'cognito') {
    facts = ['F-COGNITO-CLIENT-IDS', 'F-COGNITO-CHECKS'];
    allowed = source.clientIds;
    allowedPath = path(source, 'clientIds');
    claim = ctx.type === 'access' || (ctx.type === 'unknown' && !has('aud')) ? 'client_id' : 'aud';
    what = 'app client IDs';
  } else if (source.tokenSelection === 'identityTokenOnly') {
    facts = ['F-OIDC-ID-CLIENT'];
    allowed = source.clientIds;
    allowedPath = selectionPath(source, 'clientIds');
    claim = 'aud';
    what = 'client IDs';
  } else {
    facts = ['F-OIDC-ACCESS-AUDIENCE'];
    allowed = source.audiences;
    allowedPath = selectionPath(source, 'audiences');
    claim = has('aud') ? 'aud' : has('cid') ? 'cid' : 'client_id';
    what = 'audiences';
  }
  const member = allowedPath.split('.').pop() ?? '';
  if (allowed.length === 0)
    return result(
      'audience',
      'warn',
      `No ${what} are configured, so Verified Permissions accepts this issuer's tokens whatever their ${claim}.`,
      facts,
      { fix: fix(`List the ${what} allowed to call the policy store in ${member}.`, allowedPath) },
    );
  if (!has(claim)) {
    const reason =
      source.type === 'oidc' && source.tokenSelection === 'accessTokenOnly'
        ? 'The token has no aud claim, and no cid or client_id to check instead.'
        : `The token has no ${claim} claim, which the identity source checks against ${member}.`;
    return result('audience', 'fail', reason, facts, { expected: allowed });
  }
  const values = asList(claims[claim]);
  const note =
    claim !== 'aud' && source.type === 'oidc' ? ` (the token has no aud claim, so ${claim} is checked instead)` : '';
  if (values.some(v => allowed.includes(v)))
    return result('audience', 'pass', `The token's ${claim} is one of the ${what} in ${member}${note}.`, facts, {
      expected: allowed,
      actual: claims[claim],
    });
  return result(
    'audience',
    'fail',
    `The token's ${claim} is not one of the ${allowed.length} ${what} in ${member}${note}.`,
    facts,
    {
      expected: allowed,
      actual: claims[claim],
      fix: fix(
        source.type === 'cognito'
          ? `Add the token's app client ID to ${member}, or use a token issued to one of the listed app clients.`
          : `Add the token's ${claim} value to ${member}, or use a token issued for one of them.`,
        allowedPath,
      ),
    },
  );
}

export function expiryCheck(ctx: CheckContext): TokenCheck {
  const facts = ['F-EXPIRY', 'F-IAWT-VALIDATES'];
  const exp = ctx.claims.exp;
  if (typeof exp !== 'number' || !Number.isFinite(exp))
    return result(
      'expiry',
      'fail',
      'The token has no numeric exp claim, so its expiry cannot be checked; Verified Permissions checks the expiry of every token.',
      facts,
      { fix: fix('Use a token your provider issues with an expiry (exp).') },
    );
  const left = exp + ctx.tolerance - ctx.nowSeconds;
  if (left <= 0)
    return result(
      'expiry',
      'fail',
      `The token expired ${duration(exp - ctx.nowSeconds)} ago (${isoTime(exp)}).`,
      facts,
      {
        actual: exp,
        fix: fix('Get a new token (sign in again or refresh); an expired token cannot be made valid.'),
      },
    );
  return result('expiry', 'pass', `Valid until ${isoTime(exp)} (${duration(exp - ctx.nowSeconds)} from now).`, facts, {
    actual: exp,
  });
}

export function notBeforeCheck(ctx: CheckContext): TokenCheck {
  const facts = ['F-NOT-BEFORE'];
  const nbf = ctx.claims.nbf;
  if (nbf === undefined) return result('not-before', 'pass', 'The token has no nbf claim.', facts);
  if (typeof nbf !== 'number' || !Number.isFinite(nbf))
    return result('not-before', 'fail', 'The nbf claim is not a number of seconds.', facts, { actual: nbf });
  if (nbf > ctx.nowSeconds + ctx.tolerance)
    return result(
      'not-before',
      'fail',
      `The token is not valid before ${isoTime(nbf)} (${duration(nbf - ctx.nowSeconds)} from now).`,
      facts,
      { actual: nbf, fix: fix('Wait until then, or check the clocks of the provider and of this machine.') },
    );
  return result('not-before', 'pass', `Valid since ${isoTime(nbf)}.`, facts, { actual: nbf });
}

export function signatureCheck(ctx: CheckContext): TokenCheck {
  const facts = ['F-SIGNATURE', 'F-IAWT-VALIDATES'];
  const alg = ctx.jwt.header.alg;
  if (ctx.jwt.signatureBytes === 0 || typeof alg !== 'string' || alg.toLowerCase() === 'none')
    return result('signature', 'fail', 'The token has no signature.', facts);
  const verdict = ctx.options.signature ?? { status: 'not-checked' };
  if (verdict.status === 'valid')
    return result(
      'signature',
      'pass',
      verdict.reason ?? "The signature verifies with one of the issuer's published keys.",
      facts,
    );
  if (verdict.status === 'invalid')
    return result(
      'signature',
      'fail',
      verdict.reason ?? "The signature does not verify with the issuer's published keys.",
      facts,
      {
        fix: fix('Use a token this issuer signed, unaltered; if the issuer rotated its keys, get a new token.'),
      },
    );
  return result(
    'signature',
    'not-checked',
    `The signature was not checked${verdict.reason ? `: ${verdict.reason}` : " (that needs the issuer's published keys, fetched online)"}.`,
    facts,
  );
}
