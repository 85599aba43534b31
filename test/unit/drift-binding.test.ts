/** client/src/drift/binding.ts: which deployed resource a file is bound to, and what its drift lens says. */
import * as assert from 'node:assert/strict';
import type { DeployedMatch } from '../../client/src/apply/deployed';
import { boundCandidates, driftState, identityOf, lensTitle, lensTooltip } from '../../client/src/drift/binding';

const source = (id: string, configuration: Record<string, unknown>): DeployedMatch => ({
  ref: { type: 'identitySource', id, policyStoreId: 'PS1' },
  label: `identity source ${id}`,
  deployed: { identitySourceId: id, policyStoreId: 'PS1', configuration },
});
const provider = (id: string, raw: Record<string, unknown>): DeployedMatch => ({
  ref: { type: 'trustProvider', id },
  label: `trust provider ${id}`,
  deployed: { VerifiedAccessTrustProviderId: id, ...raw },
});

describe('drift binding', () => {
  it('identity sources are bound by OIDC issuer (trailing slash ignored) or Cognito user pool', () => {
    const oidc = source('IS1', { openIdConnectConfiguration: { issuer: 'https://idp.example.com' } });
    const pool = 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc';
    const cognito = source('IS2', { cognitoUserPoolConfiguration: { userPoolArn: pool } });
    const file = (configuration: Record<string, unknown>) => ({ policyStoreId: 'PS1', configuration });
    assert.deepEqual(
      boundCandidates('identity-source', file({ openIdConnectConfiguration: { issuer: 'https://idp.example.com/' } }), [
        oidc,
        cognito,
      ]).map(c => c.ref.id),
      ['IS1'],
    );
    assert.deepEqual(
      boundCandidates('identity-source', file({ cognitoUserPoolConfiguration: { userPoolArn: pool } }), [
        oidc,
        cognito,
      ]).map(c => c.ref.id),
      ['IS2'],
    );
    assert.deepEqual(
      boundCandidates('identity-source', file({ openIdConnectConfiguration: { issuer: 'https://other.example' } }), [
        oidc,
      ]),
      [],
    );
    // Identity sources created before 2024 carry only `details`.
    assert.equal(identityOf('identity-source', { details: { userPoolArn: pool } }), `cognito ${pool}`);
  });

  it('trust providers are bound by issuer (user or native application) or device type and tenant', () => {
    const okta = provider('vatp-1', { OidcOptions: { Issuer: 'https://okta.example.com' }, PolicyReferenceName: 'a' });
    const jamf = provider('vatp-2', { DeviceTrustProviderType: 'jamf', DeviceOptions: { TenantId: 't-1' } });
    const native = provider('vatp-3', { NativeApplicationOidcOptions: { Issuer: 'https://native.example.com' } });
    const all = [okta, jamf, native];
    // A renamed policy reference is still the same resource.
    const ids = (input: Record<string, unknown>) => boundCandidates('trust-provider', input, all).map(c => c.ref.id);
    assert.deepEqual(ids({ OidcOptions: { Issuer: 'https://okta.example.com' }, PolicyReferenceName: 'b' }), [
      'vatp-1',
    ]);
    assert.deepEqual(ids({ DeviceTrustProviderType: 'jamf', DeviceOptions: { TenantId: 't-1' } }), ['vatp-2']);
    assert.deepEqual(ids({ DeviceTrustProviderType: 'jamf', DeviceOptions: { TenantId: 't-2' } }), []);
    assert.deepEqual(ids({ NativeApplicationOidcOptions: { Issuer: 'https://native.example.com' } }), ['vatp-3']);
    // Nothing that identifies it: never bound.
    assert.deepEqual(ids({ TrustProviderType: 'user', PolicyReferenceName: 'a' }), []);
  });

  it('update and modify files are bound to the resource they name, whatever it holds', () => {
    const okta = provider('vatp-1', { OidcOptions: { Issuer: 'https://okta.example.com' } });
    assert.deepEqual(boundCandidates('trust-provider-update', { VerifiedAccessTrustProviderId: 'vatp-1' }, [okta]), [
      okta,
    ]);
  });

  it('states and lens titles', () => {
    const m = source('IS1', {});
    assert.equal(lensTitle(driftState([], undefined, false)), undefined, 'unbound: no lens');
    assert.equal(lensTitle(driftState([m], [], false)), '$(check) matches deployed IS1');
    assert.equal(lensTitle(driftState([m], [], true)), '$(check) matches deployed IS1 (client secret not compared)');
    const differs = driftState([m], [{ path: 'principalEntityType', file: 'A', deployed: 'B' }], false);
    assert.equal(lensTitle(differs), '$(git-compare) differs from deployed IS1 (1 difference) — Compare');
    assert.match(lensTooltip(differs), /in: principalEntityType\./);
    assert.equal(
      lensTitle(driftState([m, m], undefined, false)),
      '$(git-compare) 2 deployed resources have this identity — Compare',
    );
    assert.equal(
      lensTitle({ state: 'missing', id: 'IS9', where: 'emulator · us-east-1' }),
      '$(warning) IS9 is not deployed in emulator · us-east-1',
    );
    const long = lensTitle({ state: 'error', message: 'x'.repeat(200) })!;
    assert.ok(long.length < 140 && long.endsWith('— Retry'));
  });
});
