/**
 * Token issuers on loopback for the IsAuthorizedWithToken tests: Cognito-shaped tokens signed with a local key and
 * served from a loopback JWKS (`<url>/<poolId>/.well-known/jwks.json`), and a real OpenID provider (`oidc-provider`)
 * whose ID and access tokens come out of a real authorization code flow.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK, JWTPayload } from 'jose' with { 'resolution-mode': 'import' };

type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });

/** A schema for the token tests: users in groups, orders, and `readOrder` (in the `read` group) with `context.token.scope`. */
export const ORDERS_SCHEMA = {
  Orders: {
    entityTypes: {
      User: {
        memberOfTypes: ['Group'],
        shape: { type: 'Record', attributes: { email: { type: 'String', required: false } } },
      },
      Group: {},
      Order: {},
    },
    actions: {
      read: {},
      readOrder: {
        appliesTo: {
          principalTypes: ['User'],
          resourceTypes: ['Order'],
          context: {
            type: 'Record',
            attributes: {
              token: {
                type: 'Record',
                required: false,
                attributes: { scope: { type: 'Set', element: { type: 'String' } } },
              },
            },
          },
        },
        memberOf: [{ id: 'read' }],
      },
      deleteOrder: { appliesTo: { principalTypes: ['User'], resourceTypes: ['Order'] } },
    },
  },
};

export const POOL_ID = 'us-east-1_Emul8tor1';
export const USER_POOL_ARN = `arn:aws:cognito-idp:us-east-1:123456789012:userpool/${POOL_ID}`;
export const COGNITO_ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${POOL_ID}`;
export const APP_CLIENT_ID = '1example23456789emul8';

const jose = (): Promise<Jose> => import('jose');

export async function listen(handler: http.RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface CognitoIssuer {
  /** Loopback base URL to map the pool to: `<server>/<poolId>`. */
  base: string;
  /** Paths the JWKS server was asked for. */
  requests: string[];
  /** An ID (`token_use: id`) or access (`token_use: access`) token of `sub`, signed with the pool's key. */
  token(
    kind: 'id' | 'access',
    claims?: JWTPayload,
    options?: { expiresIn?: number; key?: 'pool' | 'other' },
  ): Promise<string>;
  close(): Promise<void>;
}

/** A Cognito user pool's signing key and its JWKS on loopback. */
export async function startCognitoIssuer(): Promise<CognitoIssuer> {
  const j = await jose();
  const pool = await j.generateKeyPair('RS256', { extractable: true });
  const other = await j.generateKeyPair('RS256', { extractable: true });
  const kid = 'pool-key-1';
  const jwk: JWK = { ...(await j.exportJWK(pool.publicKey)), kid, alg: 'RS256', use: 'sig' };
  const requests: string[] = [];
  const server = await listen((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === `/${POOL_ID}/.well-known/jwks.json`) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    } else res.writeHead(404).end();
  });
  return {
    base: `${server.url}/${POOL_ID}`,
    requests,
    token: async (kind, claims = {}, options = {}) => {
      const now = Math.floor(Date.now() / 1000);
      const base: JWTPayload =
        kind === 'id'
          ? { aud: APP_CLIENT_ID, token_use: 'id', 'cognito:username': 'alice', email: 'alice@example.com' }
          : { client_id: APP_CLIENT_ID, token_use: 'access', scope: 'orders/read orders/write', username: 'alice' };
      return new j.SignJWT({ sub: 'a1b2c3d4-alice', iss: COGNITO_ISSUER, ...base, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid })
        .setIssuedAt(now - 60)
        .setExpirationTime(now + (options.expiresIn ?? 3600))
        .sign(options.key === 'other' ? other.privateKey : pool.privateKey);
    },
    close: server.close,
  };
}

export const OP_ISSUER = 'https://op.example.test';
export const OP_CLIENT_ID = 'orders-app';
export const OP_API = 'https://api.example.test';
const REDIRECT = 'https://app.example.test/cb';

export interface OpenIdProvider {
  /** The loopback URL it is served at (its issuer identifier is `OP_ISSUER`). */
  url: string;
  requests: string[];
  /** Signs `user` in through the authorization code flow and returns the token endpoint's ID and access tokens. */
  signIn(user: string): Promise<{ idToken: string; accessToken: string }>;
  close(): Promise<void>;
}

/**
 * A real OpenID provider on loopback whose issuer identifier is `OP_ISSUER`: ID tokens carry `email` and `groups`,
 * access tokens are JWTs for the resource `OP_API`.
 */
export async function startOpenIdProvider(): Promise<OpenIdProvider> {
  const requests: string[] = [];
  let handler: http.RequestListener = (_req, res) => res.end();
  const server = await listen((req, res) => {
    requests.push(req.url ?? '');
    handler(req, res);
  });
  const { default: Provider } = (await import('oidc-provider')) as unknown as {
    default: new (issuer: string, config: object) => { callback(): http.RequestListener };
  };
  const signingKey = await (await jose()).generateKeyPair('RS256', { extractable: true });
  const ttl = () => 600;
  const provider = new Provider(OP_ISSUER, {
    clients: [{ client_id: OP_CLIENT_ID, client_secret: 'orders-secret', redirect_uris: [REDIRECT] }],
    jwks: { keys: [{ ...(await (await jose()).exportJWK(signingKey.privateKey)), kid: 'op-key-1', alg: 'RS256' }] },
    findAccount: (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: () => ({ sub, email: `${sub}@example.test`, groups: ['admins', 'staff'] }),
    }),
    claims: { openid: ['sub'], email: ['email'], groups: ['groups'] },
    conformIdTokenClaims: false,
    cookies: { keys: ['emulator-test-cookies'] },
    ttl: { AccessToken: ttl, AuthorizationCode: ttl, IdToken: ttl, Interaction: ttl, Session: ttl, Grant: ttl },
    features: {
      devInteractions: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => OP_API,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: 'orders:read', accessTokenFormat: 'jwt', audience: OP_API }),
      },
    },
  });
  handler = provider.callback();
  return { url: server.url, requests, signIn: user => codeFlow(server.url, user), close: server.close };
}

/** The authorization code flow with PKCE through oidc-provider's development login and consent pages. */
async function codeFlow(base: string, user: string): Promise<{ idToken: string; accessToken: string }> {
  const cookies = new Map<string, string>();
  const go = async (path: string, init: RequestInit = {}) => {
    const headers = {
      ...(init.headers as Record<string, string>),
      cookie: [...cookies].map(c => c.join('=')).join('; '),
    };
    const res = await fetch(new URL(path, base), { ...init, headers, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0];
      cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
    return res;
  };
  const form = (fields: Record<string, string>) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  const verifier = randomBytes(32).toString('base64url');
  const query = new URLSearchParams({
    client_id: OP_CLIENT_ID,
    response_type: 'code',
    scope: 'openid email groups orders:read',
    redirect_uri: REDIRECT,
    state: randomBytes(8).toString('hex'),
    nonce: randomBytes(8).toString('hex'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    resource: OP_API,
  });
  let location = (await go(`/auth?${query.toString()}`)).headers.get('location') ?? '';
  for (let step = 0; step < 8 && !location.startsWith(REDIRECT); step++) {
    if (location.includes('/interaction/')) {
      const page = await (await go(location)).text();
      const fields: Record<string, string> = /name="login"/.test(page)
        ? { prompt: 'login', login: user, password: 'any' }
        : { prompt: 'consent' };
      location = (await go(location, form(fields))).headers.get('location') ?? '';
    } else {
      location = (await go(location)).headers.get('location') ?? '';
    }
  }
  const code = new URL(location).searchParams.get('code');
  if (!code) throw new Error(`the authorization code flow did not end at the client: ${location}`);
  const res = await go('/token', {
    ...form({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
      resource: OP_API,
    }),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${OP_CLIENT_ID}:orders-secret`).toString('base64')}`,
    },
  });
  const body = (await res.json()) as { id_token?: string; access_token?: string; error?: string };
  if (!body.id_token || !body.access_token) throw new Error(`the token endpoint answered ${res.status} ${body.error}`);
  return { idToken: body.id_token, accessToken: body.access_token };
}
