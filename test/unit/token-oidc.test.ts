/** Checking ID and access tokens of an OpenID Connect provider (real RS256 and ES256 JWTs) against OIDC sources. */
import * as assert from 'node:assert/strict';
import {
  OIDC_ACCESS_SOURCE,
  OIDC_ID_SOURCE,
  OIDC_ISS,
  oidcAccess,
  oidcId,
  oidcSource,
  run,
  statuses,
} from './token-fixtures';

describe('token: OIDC identity source, ID tokens', () => {
  it('accepts a valid ID token with entityIdPrefix on the principal and on its groups', () => {
    const r = run(OIDC_ID_SOURCE, oidcId());
    assert.deepEqual(statuses(r), {
      format: 'pass',
      algorithm: 'pass',
      issuer: 'pass',
      'token-type': 'pass',
      audience: 'pass',
      expiry: 'pass',
      'not-before': 'pass',
      'principal-id': 'pass',
      groups: 'pass',
      attributes: 'pass',
      'principal-type': 'pass',
      signature: 'not-checked',
    });
    assert.equal(r.tokenType, 'id');
    assert.equal(r.tokenTypeBasis, 'claims');
    assert.deepEqual(r.principal, { entityType: 'MyCorp::User', entityId: 'auth.example.com|user-1234' });
    assert.deepEqual(r.entities[0].parents, [
      { type: 'MyCorp::UserGroup', id: 'auth.example.com|Accounting' },
      { type: 'MyCorp::UserGroup', id: 'auth.example.com|Staff' },
    ]);
    assert.equal(r.entities[0].attrs.name, 'Carlos Salazar');
    assert.ok(!('groups' in r.entities[0].attrs), 'the group claim is not an attribute');
  });

  it('says "this is an access token; the identity source accepts ID tokens only" with both ways out', () => {
    const r = run(OIDC_ID_SOURCE, oidcAccess({ aud: 'web-app' }), { typ: 'at+jwt' });
    const c = r.check('token-type');
    assert.equal(c.status, 'fail');
    assert.match(
      c.reason,
      /^This is an access token \(by its typ header \(at\+jwt\)\); the identity source accepts ID tokens only \(identityTokenOnly\)\.$/,
    );
    assert.match(
      c.fix?.message ?? '',
      /Send the ID token instead, or change tokenSelection from identityTokenOnly to accessTokenOnly/,
    );
    assert.deepEqual(c.fix?.paths, ['configuration.openIdConnectConfiguration.tokenSelection']);
    assert.equal(r.accepted, false);
    // Told by the parameter it is sent in (the emulator's case), whatever the claims look like.
    assert.equal(run(OIDC_ID_SOURCE, oidcId(), {}, { parameter: 'accessToken' }).check('token-type').status, 'fail');
    assert.equal(run(OIDC_ID_SOURCE, oidcId({ token_use: 'access' })).check('token-type').status, 'fail');
  });

  it('does not guess the type of a token with no telling claims', () => {
    const r = run(OIDC_ID_SOURCE, oidcId({ nonce: undefined }));
    assert.equal(r.check('token-type').status, 'not-checked');
    assert.equal(r.tokenType, 'unknown');
    assert.equal(r.accepted, true);
    assert.equal(r.complete, false);
  });

  it('checks that one value of aud is among clientIds', () => {
    assert.equal(run(OIDC_ID_SOURCE, oidcId({ aud: ['other', 'web-app'] })).check('audience').status, 'pass');
    const r = run(OIDC_ID_SOURCE, oidcId({ aud: ['other', 'mobile'] }));
    assert.equal(r.check('audience').status, 'fail');
    assert.deepEqual(r.check('audience').fix?.paths, [
      'configuration.openIdConnectConfiguration.tokenSelection.identityTokenOnly.clientIds',
    ]);
    assert.equal(run(OIDC_ID_SOURCE, oidcId({ aud: undefined })).check('audience').status, 'fail');
    const open = run(oidcSource({ identityTokenOnly: {} }), oidcId({ aud: 'anything' }));
    assert.equal(open.check('audience').status, 'warn');
  });

  it('requires the iss to equal the issuer exactly, and points out a trailing slash', () => {
    const r = run(OIDC_ID_SOURCE, oidcId({ iss: `${OIDC_ISS}/` }));
    assert.equal(r.check('issuer').status, 'fail');
    assert.match(r.check('issuer').reason, /trailing '\/'/);
    assert.deepEqual(r.check('issuer').fix?.paths, ['configuration.openIdConnectConfiguration.issuer']);
    assert.match(
      run(OIDC_ID_SOURCE, oidcId({ iss: 'https://evil.example.net' })).check('issuer').reason,
      /not the configured issuer/,
    );
  });

  it('uses principalIdClaim, and lists the claims that could serve when it is missing', () => {
    const src = oidcSource({ identityTokenOnly: { clientIds: ['web-app'], principalIdClaim: 'email' } });
    const r = run(src, oidcId());
    const c = r.check('principal-id');
    assert.equal(c.status, 'fail');
    assert.match(c.reason, /no email claim/);
    assert.match(c.fix?.message ?? '', /iss, sub, aud, nonce, name/);
    assert.deepEqual(c.fix?.paths, [
      'configuration.openIdConnectConfiguration.tokenSelection.identityTokenOnly.principalIdClaim',
    ]);
    const ok = run(src, oidcId({ email: 'carlos@example.com' }));
    assert.equal(ok.principal?.entityId, 'auth.example.com|carlos@example.com');
    const defaulted = run(oidcSource({ identityTokenOnly: { clientIds: ['web-app'] } }), oidcId({ sub: undefined }));
    assert.match(defaulted.check('principal-id').reason, /principalIdClaim is not set, so it is sub/);
  });

  it('uses the bare claim value without entityIdPrefix, and warns about IDs over 200 characters', () => {
    const src = oidcSource({ identityTokenOnly: { clientIds: ['web-app'] } });
    delete (src.configuration.openIdConnectConfiguration as Record<string, unknown>).entityIdPrefix;
    const r = run(src, oidcId());
    assert.equal(r.principal?.entityId, 'user-1234');
    assert.equal(r.entities[0].parents[0].id, 'Accounting');
    const long = run(OIDC_ID_SOURCE, oidcId({ sub: 'x'.repeat(190) }));
    assert.equal(long.check('principal-id').status, 'warn');
    assert.equal(long.accepted, true);
  });

  it('reads groups as one string, space-separated names or a list; warns when no group claim is mapped', () => {
    assert.equal(run(OIDC_ID_SOURCE, oidcId({ groups: 'Accounting' })).entities[0].parents.length, 1);
    const split = run(OIDC_ID_SOURCE, oidcId({ groups: 'Accounting Human Resources' }));
    assert.equal(split.check('groups').status, 'warn');
    assert.match(split.check('groups').reason, /becomes 3 groups/);
    const bad = run(OIDC_ID_SOURCE, oidcId({ groups: 12 }));
    assert.equal(bad.check('groups').status, 'fail');
    assert.deepEqual(bad.check('groups').fix?.paths, [
      'configuration.openIdConnectConfiguration.groupConfiguration.groupClaim',
    ]);
    const src = oidcSource({ identityTokenOnly: { clientIds: ['web-app'] } });
    delete (src.configuration.openIdConnectConfiguration as Record<string, unknown>).groupConfiguration;
    const unmapped = run(src, oidcId());
    assert.equal(unmapped.check('groups').status, 'warn');
    assert.deepEqual(unmapped.entities[0].parents, []);
    assert.deepEqual(unmapped.entities[0].attrs.groups, ['Accounting', 'Staff'], 'then groups is an ordinary claim');
  });

  it('keeps colon claims flat (no dot notation outside Cognito) and has no reserved-claims check', () => {
    const r = run(OIDC_ID_SOURCE, oidcId({ 'cognito:username': 'carlos', custom: 'x' }));
    assert.equal(r.entities[0].attrs['cognito:username'], 'carlos');
    assert.equal(r.entities[0].attrs.custom, 'x');
    assert.ok(!('cognito' in r.entities[0].attrs));
    assert.ok(!r.checks.some(c => c.id === 'reserved-claims'));
  });

  it('accepts ES256, rejects HS256 (no shared secret is ever published)', () => {
    assert.equal(run(OIDC_ID_SOURCE, oidcId(), { alg: 'ES256' }).check('algorithm').status, 'pass');
    const hs = run(OIDC_ID_SOURCE, oidcId(), { alg: 'HS256' });
    assert.equal(hs.check('algorithm').status, 'fail');
    assert.match(hs.check('algorithm').reason, /shared secret/);
  });
});

describe('token: OIDC identity source, access tokens', () => {
  it('accepts a valid access token; claims go to context.token', () => {
    const r = run(OIDC_ACCESS_SOURCE, oidcAccess());
    assert.equal(r.accepted, true);
    assert.equal(r.tokenType, 'access');
    assert.deepEqual(r.entities[0].attrs, {});
    assert.deepEqual(r.entities[0].parents, [{ type: 'MyCorp::UserGroup', id: 'auth.example.com|Accounting' }]);
    const token = (r.context as { token: Record<string, unknown> }).token;
    assert.deepEqual(token.scope, ['orders:read', 'orders:write']);
    assert.ok(!('groups' in token));
  });

  it('checks aud against audiences, and cid or client_id when there is no aud', () => {
    const r = run(OIDC_ACCESS_SOURCE, oidcAccess({ aud: 'https://other.example.com' }));
    assert.equal(r.check('audience').status, 'fail');
    assert.deepEqual(r.check('audience').fix?.paths, [
      'configuration.openIdConnectConfiguration.tokenSelection.accessTokenOnly.audiences',
    ]);
    const src = oidcSource({ accessTokenOnly: { audiences: ['web-app'] } });
    const byClient = run(src, oidcAccess({ aud: undefined }));
    assert.equal(byClient.check('audience').status, 'pass');
    assert.match(byClient.check('audience').reason, /no aud claim, so client_id is checked instead/);
    assert.equal(
      run(src, oidcAccess({ aud: undefined, client_id: undefined, cid: 'web-app' })).check('audience').status,
      'pass',
    );
    assert.equal(run(src, oidcAccess({ aud: undefined, client_id: undefined })).check('audience').status, 'fail');
    assert.equal(run(oidcSource({ accessTokenOnly: {} }), oidcAccess()).check('audience').status, 'warn');
  });

  it('rejects an ID token sent to an access-token identity source', () => {
    const r = run(OIDC_ACCESS_SOURCE, oidcId({ aud: 'https://api.example.com' }));
    assert.equal(r.check('token-type').status, 'fail');
    assert.match(
      r.check('token-type').fix?.message ?? '',
      /from accessTokenOnly to identityTokenOnly \(clientIds take the place of audiences\)/,
    );
  });
});
