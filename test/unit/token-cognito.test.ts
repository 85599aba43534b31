/** Checking Cognito-shaped ID and access tokens (real RS256 JWTs) against a Cognito identity source. */
import * as assert from 'node:assert/strict';
import { COGNITO_SOURCE, NOW_S, POOL, cognitoAccess, cognitoId, run, statuses } from './token-fixtures';

const withSource = (patch: Record<string, unknown>) => ({
  ...COGNITO_SOURCE,
  configuration: {
    cognitoUserPoolConfiguration: { ...COGNITO_SOURCE.configuration.cognitoUserPoolConfiguration, ...patch },
  },
});

describe('token: Cognito identity source', () => {
  it('accepts a valid ID token; its claims become attributes and its groups parents', () => {
    const r = run(COGNITO_SOURCE, cognitoId());
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
      'reserved-claims': 'pass',
      attributes: 'pass',
      'principal-type': 'pass',
      signature: 'not-checked',
    });
    assert.equal(r.accepted, true);
    assert.equal(r.complete, false);
    assert.equal(r.tokenType, 'id');
    assert.equal(r.tokenTypeBasis, 'token_use');
    assert.deepEqual(r.principal, {
      entityType: 'MyCorp::User',
      entityId: `${POOL}|a1b2c3d4-5678-90ab-cdef-EXAMPLE11111`,
    });
    const [user, ...groups] = r.entities;
    assert.deepEqual(user.parents, [
      { type: 'MyCorp::UserGroup', id: `${POOL}|admins` },
      { type: 'MyCorp::UserGroup', id: `${POOL}|staff` },
    ]);
    assert.deepEqual(
      groups.map(g => g.uid.id),
      [`${POOL}|admins`, `${POOL}|staff`],
    );
    assert.equal(user.attrs['cognito:username'], 'alice');
    assert.equal(user.attrs.email_verified, true);
    assert.equal(user.attrs.aud, 'client-a');
    assert.equal(user.attrs.exp, NOW_S + 3600);
    assert.ok(!('cognito:groups' in user.attrs), 'the group claim is not an attribute');
    assert.deepEqual(user.attrs.cognito, { username: 'alice', groups: ['admins', 'staff'] });
    assert.deepEqual(user.attrs.custom, { department: 'Finance' });
    assert.equal(r.context, undefined);
    assert.equal(r.check('signature').reason.includes('not checked'), true);
  });

  it('accepts a valid access token; its claims become context.token with scope as a set', () => {
    const r = run(COGNITO_SOURCE, cognitoAccess());
    assert.equal(r.accepted, true);
    assert.equal(r.tokenType, 'access');
    assert.equal(r.check('audience').status, 'pass');
    assert.deepEqual(r.entities[0].attrs, {});
    assert.deepEqual(r.entities[0].parents, [{ type: 'MyCorp::UserGroup', id: `${POOL}|admins` }]);
    const token = (r.context as { token: Record<string, unknown> }).token;
    assert.deepEqual(token.scope, ['openid', 'profile', 'MyAPI/read']);
    assert.equal(token.client_id, 'client-b');
    assert.ok(!('cognito:groups' in token));
  });

  it('rejects a token of another user pool, or of no user pool, naming what to change', () => {
    const other = run(
      COGNITO_SOURCE,
      cognitoId({ iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_OTHER' }),
    );
    assert.equal(other.accepted, false);
    assert.equal(other.check('issuer').status, 'fail');
    assert.match(other.check('issuer').reason, /another Cognito user pool/);
    assert.deepEqual(other.check('issuer').fix?.paths, ['configuration.cognitoUserPoolConfiguration.userPoolArn']);
    const oidc = run(COGNITO_SOURCE, cognitoId({ iss: 'https://login.example.com' }));
    assert.match(oidc.check('issuer').reason, /not issued by a Cognito user pool/);
    assert.deepEqual(oidc.check('issuer').fix?.paths, ['configuration.cognitoUserPoolConfiguration']);
    assert.equal(run(COGNITO_SOURCE, cognitoId({ iss: undefined })).check('issuer').status, 'fail');
  });

  it('needs token_use, and token_use must match the parameter the token is sent in', () => {
    const none = run(COGNITO_SOURCE, cognitoId({ token_use: undefined }));
    assert.equal(none.check('token-type').status, 'fail');
    assert.equal(none.tokenType, 'unknown');
    assert.equal(run(COGNITO_SOURCE, cognitoId({ token_use: 'refresh' })).check('token-type').status, 'fail');
    const wrong = run(COGNITO_SOURCE, cognitoId(), {}, { parameter: 'accessToken' });
    assert.equal(wrong.check('token-type').status, 'fail');
    assert.match(wrong.check('token-type').fix?.message ?? '', /identityToken/);
    const right = run(COGNITO_SOURCE, cognitoAccess(), {}, { parameter: 'accessToken' });
    assert.equal(right.check('token-type').status, 'pass');
    assert.equal(right.tokenTypeBasis, 'parameter');
  });

  it('checks aud of ID tokens and client_id of access tokens against clientIds', () => {
    const id = run(COGNITO_SOURCE, cognitoId({ aud: 'client-z' }));
    assert.equal(id.check('audience').status, 'fail');
    assert.match(id.check('audience').reason, /aud/);
    assert.deepEqual(id.check('audience').fix?.paths, ['configuration.cognitoUserPoolConfiguration.clientIds']);
    assert.deepEqual(id.check('audience').expected, ['client-a', 'client-b']);
    assert.equal(id.check('audience').actual, 'client-z');
    const access = run(COGNITO_SOURCE, cognitoAccess({ client_id: 'client-z' }));
    assert.equal(access.check('audience').status, 'fail');
    assert.match(access.check('audience').reason, /client_id/);
    assert.equal(run(COGNITO_SOURCE, cognitoAccess({ client_id: undefined })).check('audience').status, 'fail');
    const open = run(withSource({ clientIds: [] }), cognitoId({ aud: 'client-z' }));
    assert.equal(open.check('audience').status, 'warn');
    assert.equal(open.accepted, true);
  });

  it('rejects expired tokens and tokens without exp; honours a clock tolerance', () => {
    const expired = run(COGNITO_SOURCE, cognitoId({ exp: NOW_S - 125 }));
    assert.equal(expired.check('expiry').status, 'fail');
    assert.match(expired.check('expiry').reason, /expired 2 min ago \(2026-01-15T11:57:55\.000Z\)/);
    assert.equal(run(COGNITO_SOURCE, cognitoId({ exp: NOW_S })).check('expiry').status, 'fail');
    assert.equal(run(COGNITO_SOURCE, cognitoId({ exp: undefined })).check('expiry').status, 'fail');
    assert.equal(run(COGNITO_SOURCE, cognitoId({ exp: '1700000000' })).check('expiry').status, 'fail');
    const tolerated = run(COGNITO_SOURCE, cognitoId({ exp: NOW_S - 30 }), {}, { clockToleranceSeconds: 60 });
    assert.equal(tolerated.check('expiry').status, 'pass');
  });

  it('rejects tokens not valid yet (nbf)', () => {
    const future = run(COGNITO_SOURCE, cognitoId({ nbf: NOW_S + 600 }));
    assert.equal(future.check('not-before').status, 'fail');
    assert.match(future.check('not-before').reason, /10 min from now/);
    assert.equal(run(COGNITO_SOURCE, cognitoId({ nbf: NOW_S - 10 })).check('not-before').status, 'pass');
    assert.equal(run(COGNITO_SOURCE, cognitoId({ nbf: 'soon' })).check('not-before').status, 'fail');
    assert.equal(
      run(COGNITO_SOURCE, cognitoId({ nbf: NOW_S + 5 }), {}, { clockToleranceSeconds: 10 }).check('not-before').status,
      'pass',
    );
  });

  it('needs sub as text for the principal ID', () => {
    const missing = run(COGNITO_SOURCE, cognitoId({ sub: undefined }));
    assert.equal(missing.check('principal-id').status, 'fail');
    assert.equal(missing.principal, undefined);
    assert.deepEqual(missing.entities, []);
    assert.equal(run(COGNITO_SOURCE, cognitoId({ sub: 42 })).check('principal-id').status, 'fail');
    assert.equal(run(COGNITO_SOURCE, cognitoId({ sub: '' })).check('principal-id').status, 'fail');
  });

  it('reads cognito:groups as a list, a single name or space-separated names; fails on other shapes', () => {
    const split = run(COGNITO_SOURCE, cognitoId({ 'cognito:groups': 'admins staff' }));
    assert.equal(split.check('groups').status, 'warn');
    assert.equal(split.entities[0].parents.length, 2);
    assert.equal(run(COGNITO_SOURCE, cognitoId({ 'cognito:groups': 'admins' })).check('groups').status, 'pass');
    const obj = run(COGNITO_SOURCE, cognitoId({ 'cognito:groups': { admins: true } }));
    assert.equal(obj.check('groups').status, 'fail');
    assert.match(obj.check('groups').reason, /is an object/);
    assert.equal(run(COGNITO_SOURCE, cognitoId({ 'cognito:groups': ['admins', 7] })).check('groups').status, 'fail');
    const none = run(COGNITO_SOURCE, cognitoId({ 'cognito:groups': undefined }));
    assert.equal(none.check('groups').status, 'pass');
    assert.deepEqual(none.entities[0].parents, []);
    assert.equal(none.entities.length, 1);
  });

  it('uses AWS::CognitoGroup without groupConfiguration, and warns about the AWS::Cognito principal default', () => {
    const bare = {
      policyStoreId: 'PS1',
      configuration: {
        cognitoUserPoolConfiguration: {
          userPoolArn: COGNITO_SOURCE.configuration.cognitoUserPoolConfiguration.userPoolArn,
          clientIds: ['client-a'],
        },
      },
    };
    const r = run(bare, cognitoId());
    assert.equal(r.principal?.entityType, 'AWS::Cognito');
    assert.equal(r.check('principal-type').status, 'warn');
    assert.deepEqual(r.check('principal-type').fix?.paths, ['principalEntityType']);
    assert.deepEqual(r.entities[0].parents[0], { type: 'AWS::CognitoGroup', id: `${POOL}|admins` });
    assert.equal(r.accepted, true);
  });

  it('rejects tokens with a claim named cognito, custom or dev', () => {
    for (const name of ['cognito', 'custom', 'dev']) {
      const r = run(COGNITO_SOURCE, cognitoId({ [name]: 'x' }));
      assert.equal(r.check('reserved-claims').status, 'fail', name);
      assert.equal(r.accepted, false);
    }
    // The literal claim wins over the nested dot-notation record.
    const r = run(COGNITO_SOURCE, cognitoId({ cognito: 'x' }));
    assert.equal(r.entities[0].attrs.cognito, 'x');
  });

  it('leaves out claims Cedar cannot hold, with a warning naming them', () => {
    const r = run(
      COGNITO_SOURCE,
      cognitoId({ ratio: 0.5, nothing: null, ref: { __entity: { type: 'X', id: 'y' } }, big: 2 ** 60 }),
    );
    const c = r.check('attributes');
    assert.equal(c.status, 'warn');
    assert.deepEqual(c.actual, ['ratio', 'nothing', 'ref', 'big']);
    for (const k of ['ratio', 'nothing', 'ref', 'big']) assert.ok(!(k in r.entities[0].attrs), k);
    assert.equal(r.accepted, true);
    const nested = run(COGNITO_SOURCE, cognitoId({ profile: { address: { city: 'Dallas' }, tags: ['a', 'b'] } }));
    assert.deepEqual(nested.entities[0].attrs.profile, { address: { city: 'Dallas' }, tags: ['a', 'b'] });
  });

  it('rejects unsigned tokens and algorithms a user pool never uses', () => {
    const none = run(COGNITO_SOURCE, cognitoId(), { alg: 'none', signature: '' });
    assert.equal(none.check('algorithm').status, 'fail');
    assert.equal(none.check('signature').status, 'fail');
    const empty = run(COGNITO_SOURCE, cognitoId(), { signature: '' }, { signature: { status: 'valid' } });
    assert.equal(empty.check('signature').status, 'fail', 'an empty signature is never valid');
    assert.equal(run(COGNITO_SOURCE, cognitoId(), { alg: 'HS256' }).check('algorithm').status, 'fail');
    assert.equal(run(COGNITO_SOURCE, cognitoId(), { alg: 'ES256' }).check('algorithm').status, 'fail');
  });

  it('reports the signature verdict the caller gives', () => {
    const valid = run(COGNITO_SOURCE, cognitoId(), {}, { signature: { status: 'valid' } });
    assert.equal(valid.check('signature').status, 'pass');
    assert.equal(valid.complete, true);
    const invalid = run(
      COGNITO_SOURCE,
      cognitoId(),
      {},
      { signature: { status: 'invalid', reason: 'no key with this kid' } },
    );
    assert.equal(invalid.check('signature').status, 'fail');
    assert.equal(invalid.check('signature').reason, 'no key with this kid');
    assert.equal(invalid.accepted, false);
    const off = run(
      COGNITO_SOURCE,
      cognitoId(),
      {},
      { signature: { status: 'not-checked', reason: 'online checks are off' } },
    );
    assert.equal(off.check('signature').reason, 'The signature was not checked: online checks are off.');
  });

  it('checks a deployed identity source (GetIdentitySource output, and the legacy details form)', () => {
    const deployed = {
      policyStoreId: 'PS1',
      identitySourceId: 'IS1',
      principalEntityType: 'MyCorp::User',
      createdDate: '2024-08-12T18:20:50.99Z',
      lastUpdatedDate: '2024-08-12T18:20:50.99Z',
      configuration: {
        cognitoUserPoolConfiguration: {
          userPoolArn: COGNITO_SOURCE.configuration.cognitoUserPoolConfiguration.userPoolArn,
          clientIds: ['client-a'],
          issuer: `https://cognito-idp.us-east-1.amazonaws.com/${POOL}`,
        },
      },
    };
    assert.equal(run(deployed, cognitoId()).accepted, true);
    const legacy = {
      policyStoreId: 'PS1',
      principalEntityType: 'MyCorp::User',
      details: {
        userPoolArn: deployed.configuration.cognitoUserPoolConfiguration.userPoolArn,
        clientIds: ['client-a'],
        openIdIssuer: 'COGNITO',
      },
    };
    assert.equal(run(legacy, cognitoId()).accepted, true);
  });
});
