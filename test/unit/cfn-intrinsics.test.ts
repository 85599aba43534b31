/**
 * Intrinsic functions inside the three types' `Properties` (SPEC §9): accepted wherever they could produce the value,
 * errors only where they cannot; `Fn::If` branches checked each, `AWS::NoValue`, findings of only some combinations,
 * and references (Ref, GetAtt, Sub variables, conditions) that name nothing in the template.
 */
import * as assert from 'node:assert/strict';
import { assertMarked } from './helpers';
import { diagnose, STORE, template } from './cfn-fixtures';

describe('cloudformation templates: intrinsic functions', () => {
  it('accepted wherever they could produce the value, never errors by themselves', () => {
    assert.deepEqual(
      diagnose(
        'ok.template.yaml',
        template(`${STORE}  Source:
    Type: AWS::VerifiedPermissions::IdentitySource
    Properties:
      PolicyStoreId: !Ref Store
      PrincipalEntityType: !Select [0, !Split ['|', !Ref Name]]
      Configuration:
        OpenIdConnectConfiguration:
          Issuer: !Sub 'https://\${Name}.example.com'
          EntityIdPrefix: !ImportValue shared-prefix
          GroupConfiguration: !If [IsProd, {GroupClaim: groups, GroupEntityType: App::Group}, !Ref AWS::NoValue]
          TokenSelection:
            IdentityTokenOnly:
              ClientIds: !Split [',', !Ref Name]
              PrincipalIdClaim: !FindInMap [Claims, !Ref AWS::Region, Principal]
Mappings:
  Claims:
    us-east-1: {Principal: sub}
`),
      ),
      [],
    );
  });

  it('a function that cannot produce the property type is an error at the function', () => {
    assertMarked(
      'types.template.yaml',
      template(`  Provider:
    Type: AWS::EC2::VerifiedAccessTrustProvider
    Properties:
      TrustProviderType: user
      UserTrustProviderType: oidc
      PolicyReferenceName: !Split [',', a]
                           ^^^^^^^^^^^^^^^ error cfn-intrinsic-type: 'PolicyReferenceName' takes a string, but Fn::Split produces a list
      OidcOptions: !Sub '\${Name}'
                   ^^^^^^^^^^^^^^ error cfn-intrinsic-type: takes an object, but Fn::Sub produces a string
      Tags: !Ref Name
            ^^^^^^^^^ error cfn-intrinsic-type: takes a list, but Ref produces a string
`),
    );
  });

  it('Fn::If: each literal branch is checked against the property', () => {
    assertMarked(
      'if.template.yaml',
      template(`  Provider:
    Type: AWS::EC2::VerifiedAccessTrustProvider
    Properties:
      TrustProviderType: device
      DeviceTrustProviderType: !If [IsProd, jamf, intune]
                                                  ^^^^^^ error enum: 'DeviceTrustProviderType' must be one of jamf, crowdstrike, jumpcloud
      PolicyReferenceName: devices
      DeviceOptions:
        TenantId: t-1
`),
    );
  });

  it('Fn::If: union members set in opposite branches are not both set', () => {
    assert.deepEqual(
      diagnose(
        'if-union.template.yaml',
        template(`  Source:
    Type: AWS::VerifiedPermissions::IdentitySource
    Properties:
      PolicyStoreId: ps-1
      Configuration:
        OpenIdConnectConfiguration:
          Issuer: https://auth.example.com
          TokenSelection:
            AccessTokenOnly: !If [IsProd, {Audiences: [api]}, !Ref AWS::NoValue]
            IdentityTokenOnly: !If [IsProd, !Ref AWS::NoValue, {ClientIds: [web]}]
`),
      ),
      [],
    );
  });

  it('Ref AWS::NoValue removes the property: a required one is then missing', () => {
    assertMarked(
      'novalue.template.yaml',
      template(`  Provider:
    Type: AWS::EC2::VerifiedAccessTrustProvider
    Properties:
    ^^^^^^^^^^ error missing-required: 'PolicyReferenceName'
      TrustProviderType: user
      UserTrustProviderType: iam-identity-center
      PolicyReferenceName: !Ref AWS::NoValue
`),
    );
  });

  it('a finding of only some combinations of Fn::If says so', () => {
    const d = diagnose(
      'some.template.yaml',
      template(`  Provider:
    Type: AWS::EC2::VerifiedAccessTrustProvider
    Properties:
      TrustProviderType: !If [IsProd, user, device]
      UserTrustProviderType: iam-identity-center
      DeviceTrustProviderType: jamf
      DeviceOptions: {TenantId: t-1}
      PolicyReferenceName: p
`),
    );
    assert.ok(d.length > 0);
    const mismatch = d.filter(x => x.code === 'provider-type-mismatch');
    assert.ok(mismatch.length >= 2, JSON.stringify(d));
    for (const m of mismatch) assert.match(m.message, /Only in some combinations of the Fn::If branches/);
  });

  it('dangling Ref, GetAtt, Sub variables and conditions are errors; ones outside our types are not ours', () => {
    const d = diagnose(
      'dangling.template.yaml',
      template(`${STORE}  Source:
    Type: AWS::VerifiedPermissions::IdentitySource
    Properties:
      PolicyStoreId: !GetAtt Stor.PolicyStoreId
      PrincipalEntityType: !If [IsProduction, App::User, App::Guest]
      Configuration:
        OpenIdConnectConfiguration:
          Issuer: !Sub ['https://\${Host}/\${Path}', {Host: !Ref Name}]
          TokenSelection:
            IdentityTokenOnly:
              ClientIds: !Ref Lists
              PrincipalIdClaim: !Ref AWS::Regoin
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Ref Nothing
`),
    );
    assert.deepEqual(
      d.map(x => [x.code, x.path, x.message.replace(/: CloudFormation.*$/, '')]),
      [
        [
          'cfn-unresolved-reference',
          'Resources.Source.Properties.PolicyStoreId',
          "Fn::GetAtt 'Stor' names no resource of this template",
        ],
        [
          'cfn-unresolved-reference',
          'Resources.Source.Properties.PrincipalEntityType',
          "'IsProduction' names no condition of this template's Conditions",
        ],
        [
          'cfn-unresolved-reference',
          'Resources.Source.Properties.Configuration.OpenIdConnectConfiguration.Issuer',
          "Fn::Sub variable 'Path' names no parameter, resource, pseudo parameter or variable of its map",
        ],
        [
          'cfn-unresolved-reference',
          'Resources.Source.Properties.Configuration.OpenIdConnectConfiguration.TokenSelection.IdentityTokenOnly.ClientIds',
          "Ref 'Lists' names no parameter or resource of this template",
        ],
        [
          'cfn-unresolved-reference',
          'Resources.Source.Properties.Configuration.OpenIdConnectConfiguration.TokenSelection.IdentityTokenOnly.PrincipalIdClaim',
          "'AWS::Regoin' is not a pseudo parameter",
        ],
      ],
    );
    assert.match(d[0].message, /Did you mean 'Store'\?/);
    assert.match(d[3].message, /Did you mean 'List'\?/);
    assert.match(d[4].message, /'AWS::Regoin' is not a pseudo parameter.*Did you mean 'AWS::Region'\?/);
  });
});
