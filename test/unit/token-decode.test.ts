/** Decoding JWTs without verifying them: bounded, strict, and never quoting the token. */
import * as assert from 'node:assert/strict';
import { decodeJwt, MAX_TOKEN_LENGTH, type DecodeResult } from '../../server/src/service';
import { b64url, cognitoId, jwt } from './token-fixtures';

function failure(r: DecodeResult): Extract<DecodeResult, { ok: false }> {
  assert.equal(r.ok, false, 'expected a decode error');
  return r;
}

/** No part of the token (any segment of 8+ characters) may appear in a message. */
function assertNoTokenText(token: string, message: string): void {
  for (const part of token.split('.')) if (part.length >= 8) assert.ok(!message.includes(part), message);
  assert.ok(!message.includes(token));
}

const H = b64url(JSON.stringify({ alg: 'RS256', kid: 'k' }));
const P = b64url(JSON.stringify({ sub: 'user-with-a-long-identifier', iss: 'https://issuer.example.com' }));
const S = b64url('signature-bytes-that-are-long-enough');

/** A well-formed token of exactly `n` characters (a claim padded to fit). */
function tokenOfLength(n: number): string {
  for (let sigLen = 40; sigLen < 44; sigLen++) {
    const sig = 'A'.repeat(sigLen);
    const payloadLen = n - H.length - sig.length - 2;
    if (sigLen % 4 === 1 || payloadLen % 4 === 1) continue;
    const bytes = Math.floor((payloadLen * 3) / 4);
    const payload = b64url(JSON.stringify({ pad: 'a'.repeat(bytes - 10) }));
    if (payload.length === payloadLen) return `${H}.${payload}.${sig}`;
  }
  throw new Error(`no token of length ${n}`);
}

describe('token: decodeJwt', () => {
  it('decodes a signed JWT into header and claims, keeping only the signature length', () => {
    const r = decodeJwt(jwt(cognitoId()));
    assert.ok(r.ok);
    assert.equal(r.jwt.header.alg, 'RS256');
    assert.equal(r.jwt.claims.token_use, 'id');
    assert.equal(r.jwt.signatureBytes, 256);
    assert.deepEqual(Object.keys(r.jwt).sort(), ['claims', 'header', 'signatureBytes']);
  });

  it('ignores surrounding whitespace and a Bearer prefix copied from an Authorization header', () => {
    const t = jwt(cognitoId());
    assert.ok(decodeJwt(`  Bearer ${t}\n`).ok);
    assert.ok(decodeJwt(`bearer\t${t}`).ok);
  });

  it('rejects a token with two parts, four parts or one part', () => {
    for (const [token, n] of [
      [`${H}.${P}`, 2],
      [`${H}.${P}.${S}.${S}`, 4],
      [`${H}${P}`, 1],
    ] as const) {
      const e = failure(decodeJwt(token));
      assert.equal(e.code, 'parts');
      assert.match(e.message, new RegExp(`has ${n} part`));
      assertNoTokenText(token, e.message);
    }
  });

  it('tells an encrypted token (JWE, five parts) apart', () => {
    const token = `${H}.${S}.${S}.${P}.${S}`;
    const e = failure(decodeJwt(token));
    assert.equal(e.code, 'encrypted');
    assert.match(e.message, /JWE/);
    assertNoTokenText(token, e.message);
  });

  it('rejects an empty token and empty header or claims', () => {
    assert.equal(failure(decodeJwt('   ')).code, 'empty');
    assert.equal(failure(decodeJwt(`.${P}.${S}`)).part, 'header');
    assert.equal(failure(decodeJwt(`${H}..${S}`)).part, 'payload');
  });

  it('rejects bad base64url in each part and says which part', () => {
    for (const [token, part] of [
      [`${H}!x.${P}.${S}`, 'header'],
      [`${H}.${P}*.${S}`, 'payload'],
      [`${H}.${P}.${S}+/`, 'signature'],
      [`${H}.${P}a.${S}`, 'payload'], // a length that no base64 text has
    ] as const) {
      const e = failure(decodeJwt(token));
      assert.equal(e.code, 'base64url', token);
      assert.equal(e.part, part);
      assertNoTokenText(token, e.message);
    }
  });

  it('rejects claims that are not UTF-8, not JSON, or not a JSON object', () => {
    const cases: Array<[string, string]> = [
      [b64url(Buffer.from([0xff, 0xfe, 0x7b, 0x7d])), 'utf8'],
      [b64url('{"sub": "alice",'), 'json'],
      [b64url('["sub", "alice"]'), 'not-object'],
      [b64url('"just a string"'), 'not-object'],
      [b64url('null'), 'not-object'],
    ];
    for (const [payload, code] of cases) {
      const token = `${H}.${payload}.${S}`;
      const e = failure(decodeJwt(token));
      assert.equal(e.code, code);
      assert.equal(e.part, 'payload');
      assertNoTokenText(token, e.message);
    }
    assert.equal(failure(decodeJwt(`${b64url('not json at all')}.${P}.${S}`)).part, 'header');
  });

  it('enforces the service limit of 131,072 characters, and accepts a token of exactly that length', () => {
    const exact = tokenOfLength(MAX_TOKEN_LENGTH);
    assert.equal(exact.length, MAX_TOKEN_LENGTH);
    assert.ok(decodeJwt(exact).ok);
    const over = tokenOfLength(MAX_TOKEN_LENGTH + 1);
    const e = failure(decodeJwt(over));
    assert.equal(e.code, 'too-long');
    assertNoTokenText(over, e.message);
    assert.equal(failure(decodeJwt('x'.repeat(5_000_000))).code, 'too-long');
  });

  it('rejects claims nested deeper than 64 levels without parsing them', () => {
    const deep = `{"a":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    const e = failure(decodeJwt(`${H}.${b64url(deep)}.${S}`));
    assert.equal(e.code, 'too-deep');
    // Brackets inside strings do not count.
    const r = decodeJwt(`${H}.${b64url(JSON.stringify({ s: '['.repeat(1000) }))}.${S}`);
    assert.ok(r.ok);
  });

  it('does not mistake claims named like its own result fields for an error', () => {
    const r = decodeJwt(`${H}.${b64url('{"ok":false,"code":"json","message":"x","error":1}')}.${S}`);
    assert.ok(r.ok);
    assert.equal(r.jwt.claims.ok, false);
  });

  it('keeps an empty signature as zero bytes (the checks reject it)', () => {
    const r = decodeJwt(`${H}.${P}.`);
    assert.ok(r.ok);
    assert.equal(r.jwt.signatureBytes, 0);
  });
});
