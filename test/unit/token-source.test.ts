/** Identity sources from request files, update files, deployed resources and CloudFormation, as the token check sees them. */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkToken,
  cognitoIssuer,
  tokenSourceFromCloudFormation,
  tokenSourceFromRequest,
  type TokenSourceResult,
} from '../../server/src/service';
import { ROOT } from './helpers';
import { COGNITO_SOURCE, NOW, OIDC_ID_SOURCE, cognitoId, jwt, oidcId, run } from './token-fixtures';

function problem(r: TokenSourceResult): { message: string; path: string } {
  assert.equal(r.ok, false);
  return r;
}

describe('token: identity sources', () => {
  it('reads a Cognito create request, deriving the issuer from the user pool ARN', () => {
    const r = tokenSourceFromRequest(COGNITO_SOURCE);
    assert.ok(r.ok);
    assert.deepEqual(r.source, {
      type: 'cognito',
      userPoolArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_EXAMPLE',
      userPoolId: 'us-east-1_EXAMPLE',
      region: 'us-east-1',
      issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_EXAMPLE',
      clientIds: ['client-a', 'client-b'],
      groupEntityType: 'MyCorp::UserGroup',
      principalEntityType: 'MyCorp::User',
      paths: { prefix: '', configuration: 'configuration', pascal: false },
    });
    assert.equal(
      cognitoIssuer('aws-cn', 'cn-north-1', 'cn-north-1_abc'),
      'https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_abc',
    );
  });

  it('reads an update request, and its fixes name updateConfiguration paths', () => {
    const update = {
      policyStoreId: 'PS1',
      identitySourceId: 'IS1',
      principalEntityType: 'MyCorp::User',
      updateConfiguration: COGNITO_SOURCE.configuration,
    };
    const r = run(update, cognitoId({ aud: 'client-z' }));
    assert.deepEqual(r.check('audience').fix?.paths, ['updateConfiguration.cognitoUserPoolConfiguration.clientIds']);
  });

  it('reads the OIDC configuration, with its token selection', () => {
    const r = tokenSourceFromRequest(OIDC_ID_SOURCE);
    assert.ok(r.ok);
    assert.deepEqual(r.source, {
      type: 'oidc',
      issuer: 'https://auth.example.com',
      tokenSelection: 'identityTokenOnly',
      clientIds: ['web-app'],
      audiences: [],
      entityIdPrefix: 'auth.example.com',
      principalIdClaim: 'sub',
      groupClaim: 'groups',
      groupEntityType: 'MyCorp::UserGroup',
      principalEntityType: 'MyCorp::User',
      paths: { prefix: '', configuration: 'configuration', pascal: false },
    });
  });

  it('reads a CloudFormation resource, and its fixes name template paths', () => {
    const props = {
      PolicyStoreId: { Ref: 'Store' },
      PrincipalEntityType: 'MyCorp::User',
      Configuration: {
        OpenIdConnectConfiguration: {
          Issuer: 'https://auth.example.com',
          EntityIdPrefix: 'auth.example.com',
          GroupConfiguration: { GroupClaim: 'groups', GroupEntityType: 'MyCorp::UserGroup' },
          TokenSelection: { IdentityTokenOnly: { ClientIds: ['web-app'], PrincipalIdClaim: 'sub' } },
        },
      },
    };
    const r = tokenSourceFromCloudFormation(props, 'OktaSource');
    assert.ok(r.ok);
    assert.equal(r.source.type, 'oidc');
    const res = checkToken(r.source, jwt(oidcId({ aud: 'mobile' })), { now: NOW });
    assert.deepEqual(res.checks.find(c => c.id === 'audience')?.fix?.paths, [
      'Resources.OktaSource.Properties.Configuration.OpenIdConnectConfiguration.TokenSelection.IdentityTokenOnly.ClientIds',
    ]);
    const noType = tokenSourceFromCloudFormation({ ...props, PrincipalEntityType: undefined }, 'OktaSource');
    assert.ok(noType.ok);
    const res2 = checkToken(noType.source, jwt(oidcId()), { now: NOW });
    assert.deepEqual(res2.checks.find(c => c.id === 'principal-type')?.fix?.paths, [
      'Resources.OktaSource.Properties.PrincipalEntityType',
    ]);
  });

  it('explains identity sources it cannot use, naming the member and never its value', () => {
    const secret = 'arn:aws:cognito-idp:us-east-1:123456789012:pool/oops';
    const cases: Array<[unknown, string, RegExp]> = [
      [null, '', /not an object/],
      [{ policyStoreId: 'PS1' }, 'configuration', /no configuration/],
      [{ configuration: {} }, 'configuration', /neither/],
      [
        { configuration: { cognitoUserPoolConfiguration: { userPoolArn: secret }, openIdConnectConfiguration: {} } },
        'configuration',
        /both/,
      ],
      [
        { configuration: { cognitoUserPoolConfiguration: {} } },
        'configuration.cognitoUserPoolConfiguration.userPoolArn',
        /no userPoolArn/,
      ],
      [
        { configuration: { cognitoUserPoolConfiguration: { userPoolArn: secret } } },
        'configuration.cognitoUserPoolConfiguration.userPoolArn',
        /not the ARN/,
      ],
      [
        { configuration: { openIdConnectConfiguration: { tokenSelection: {} } } },
        'configuration.openIdConnectConfiguration.issuer',
        /no issuer/,
      ],
      [
        { configuration: { openIdConnectConfiguration: { issuer: 'https://x' } } },
        'configuration.openIdConnectConfiguration.tokenSelection',
        /no tokenSelection/,
      ],
      [
        {
          configuration: {
            openIdConnectConfiguration: {
              issuer: 'https://x',
              tokenSelection: { identityTokenOnly: {}, accessTokenOnly: {} },
            },
          },
        },
        'configuration.openIdConnectConfiguration.tokenSelection',
        /exactly one/,
      ],
      [
        {
          configuration: {
            openIdConnectConfiguration: {
              issuer: 'https://x',
              tokenSelection: { identityTokenOnly: {} },
              groupConfiguration: { groupClaim: 'groups' },
            },
          },
        },
        'configuration.openIdConnectConfiguration.groupConfiguration',
        /both groupClaim and groupEntityType/,
      ],
    ];
    for (const [input, path, message] of cases) {
      const p = problem(tokenSourceFromRequest(input));
      assert.equal(p.path, path);
      assert.match(p.message, message);
      assert.ok(!p.message.includes(secret));
    }
    assert.equal(
      problem(
        tokenSourceFromCloudFormation(
          { Configuration: { CognitoUserPoolConfiguration: { UserPoolArn: { 'Fn::GetAtt': ['Pool', 'Arn'] } } } },
          'Src',
        ),
      ).path,
      'Resources.Src.Properties.Configuration.CognitoUserPoolConfiguration.UserPoolArn',
    );
  });

  it('reads every identity-source example of the reference (request files and deployed outputs)', () => {
    const examples = JSON.parse(readFileSync(join(ROOT, 'test', 'reference', 'examples.json'), 'utf8')) as {
      examples: Array<{
        id: string;
        operation: string;
        input?: Record<string, unknown>;
        output?: Record<string, unknown>;
      }>;
    };
    let n = 0;
    for (const e of examples.examples) {
      const value =
        e.operation === 'CreateIdentitySource' || e.operation === 'UpdateIdentitySource'
          ? e.input
          : e.operation === 'GetIdentitySource'
            ? e.output
            : undefined;
      if (!value || (!value.configuration && !value.updateConfiguration && !value.details)) continue;
      const r = tokenSourceFromRequest(value);
      assert.ok(r.ok, `${e.id}: ${r.ok ? '' : r.message}`);
      n++;
    }
    assert.ok(n >= 3, `only ${n} examples`);
  });
});
