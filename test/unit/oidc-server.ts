/**
 * Loopback servers for the OIDC tests: a real OpenID provider (`oidc-provider`), a hostile issuer with slow,
 * huge, redirecting, broken and lying endpoints, and plain counting servers (http or https with the test
 * certificate in test/fixtures/tls/). Every request is counted, so tests can prove none were made.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { readFixture } from './helpers';

export interface TestServer {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

/** The test certificate (self-signed, for 127.0.0.1, 127.0.0.2, 127.0.0.3 and localhost) and its key. */
export const TEST_CERT = readFixture('tls', 'loopback.cert.pem');
const TEST_KEY = readFixture('tls', 'loopback.key.pem');

export interface CountingServer extends TestServer {
  /** The headers of every request, in order. */
  headers: http.IncomingHttpHeaders[];
}

/**
 * A server on a loopback address (`127.0.0.1` by default) that records each request and answers with `handler`
 * (404 when it returns nothing). `tls`: https with the test certificate.
 */
export async function startCountingServer(
  options: { host?: string; tls?: boolean } = {},
  handler: (path: string, res: http.ServerResponse, base: string) => boolean | void = () => false,
): Promise<CountingServer> {
  const requests: string[] = [];
  const headers: http.IncomingHttpHeaders[] = [];
  const sockets = new Set<Socket>();
  let base = '';
  const listener: http.RequestListener = (req, res) => {
    requests.push(req.url ?? '');
    headers.push(req.headers);
    if (!handler(req.url ?? '', res, base)) res.writeHead(404).end();
  };
  const server = options.tls
    ? https.createServer({ cert: TEST_CERT, key: TEST_KEY }, listener)
    : http.createServer(listener);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // A failed TLS handshake (the client does not trust the certificate) is expected in some tests.
  server.on('tlsClientError', () => {});
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>(resolve => server.listen(0, host, resolve));
  base = `${options.tls ? 'https' : 'http'}://${host}:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    headers,
    close: () =>
      new Promise(resolve => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Answers JSON with status 200. */
export function sendJson(res: http.ServerResponse, body: unknown): true {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
  return true;
}

async function listen(
  handler: http.RequestListener,
  options: { host?: string; tls?: boolean } = {},
): Promise<{ server: http.Server; url: string }> {
  const server = options.tls
    ? https.createServer({ cert: TEST_CERT, key: TEST_KEY }, handler)
    : http.createServer(handler);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>(resolve => server.listen(0, host, resolve));
  return { server, url: `${options.tls ? 'https' : 'http'}://${host}:${(server.address() as AddressInfo).port}` };
}

function closer(server: http.Server): () => Promise<void> {
  return () =>
    new Promise(resolve => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

/** A real OpenID provider on loopback http. */
export async function startOpenIdProvider(): Promise<TestServer> {
  const requests: string[] = [];
  let handler: http.RequestListener = (_req, res) => res.end();
  const { server, url } = await listen((req, res) => {
    requests.push(req.url ?? '');
    handler(req, res);
  });
  // oidc-provider is an ES module.
  const { default: Provider } = (await import('oidc-provider')) as unknown as {
    default: new (issuer: string, config: object) => { callback(): http.RequestListener };
  };
  const provider = new Provider(url, {
    clients: [
      { client_id: 'verified-access', client_secret: 'test-secret', redirect_uris: ['https://example.com/cb'] },
    ],
  });
  handler = provider.callback();
  return { url, requests, close: closer(server) };
}

/**
 * An issuer that misbehaves in every way the OIDC checks must survive. Paths are issuers of their own. By default
 * plain http on 127.0.0.1; `host` and `tls` put it elsewhere on loopback, over https with the test certificate.
 */
export async function startHostileIssuer(options: { host?: string; tls?: boolean } = {}): Promise<TestServer> {
  const requests: string[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const { server, url } = await listen((req, res) => {
    const path = req.url ?? '';
    requests.push(path);
    const discovery = (issuer: string, extra: object = {}) =>
      JSON.stringify({
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        userinfo_endpoint: `${issuer}/userinfo`,
        jwks_uri: `${url}/good/jwks`,
        response_types_supported: ['code', 'id_token'],
        id_token_signing_alg_values_supported: ['RS256'],
        ...extra,
      });
    const json = (body: string) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    };
    switch (path) {
      case '/good/.well-known/openid-configuration':
        return json(discovery(`${url}/good`));
      case '/good/jwks':
        return json('{"keys":[{"kty":"RSA","kid":"k1","n":"AQAB","e":"AQAB"}]}');
      case '/mismatch/.well-known/openid-configuration':
        return json(discovery('https://someone-else.example.com'));
      case '/nokeys/.well-known/openid-configuration':
        return json(discovery(`${url}/nokeys`, { jwks_uri: `${url}/nokeys/jwks` }));
      case '/nokeys/jwks':
        res.writeHead(404).end();
        return;
      case '/idonly/.well-known/openid-configuration':
        return json(
          discovery(`${url}/idonly`, {
            response_types_supported: ['id_token'],
            id_token_signing_alg_values_supported: ['HS256'],
          }),
        );
      case '/missing/.well-known/openid-configuration':
        res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
        return;
      case '/notjson/.well-known/openid-configuration':
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>');
        return;
      case '/huge/.well-known/openid-configuration':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(5 * 1024 * 1024) });
        res.write('{"pad":"');
        return; // declares 5 MB, sends a little, keeps the socket open
      case '/stream/.well-known/openid-configuration': {
        res.writeHead(200, { 'content-type': 'application/json' }); // chunked, no length: keeps sending
        const chunk = Buffer.alloc(64 * 1024, 'a');
        const pump = () => {
          while (res.write(chunk)) if (res.writableLength > 1 << 20) break;
        };
        res.on('drain', pump);
        pump();
        return;
      }
      case '/slow/.well-known/openid-configuration': {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{');
        const t = setInterval(() => res.write(' '), 200); // a never-ending body
        res.on('close', () => clearInterval(t));
        return;
      }
      case '/to-http/.well-known/openid-configuration':
        res.writeHead(302, { location: 'http://insecure.example.com/.well-known/openid-configuration' }).end();
        return;
      case '/loop/.well-known/openid-configuration':
        res.writeHead(302, { location: '/loop/.well-known/openid-configuration' }).end();
        return;
      default:
        res.writeHead(404).end();
    }
  }, options);
  server.on('connection', s => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return {
    url,
    requests,
    close: async () => {
      for (const s of sockets) s.destroy();
      await closer(server)();
    },
  };
}
