/** EC2 Verified Access trust providers through the real SDK client: CRUD, filters, pages, DryRun, tokens, errors. */
import assert from 'node:assert/strict';
import {
  CreateVerifiedAccessTrustProviderCommand,
  DeleteVerifiedAccessTrustProviderCommand,
  DescribeVerifiedAccessTrustProvidersCommand,
  ModifyVerifiedAccessTrustProviderCommand,
  paginateDescribeVerifiedAccessTrustProviders,
  type CreateVerifiedAccessTrustProviderCommandInput,
} from '@aws-sdk/client-ec2';
import { failure, sdkClients, type Clients } from './helpers';
import { startEmulator, type Emulator } from './index';

const OIDC_PROVIDER: CreateVerifiedAccessTrustProviderCommandInput = {
  TrustProviderType: 'user',
  UserTrustProviderType: 'oidc',
  PolicyReferenceName: 'okta',
  Description: 'contractors',
  OidcOptions: {
    Issuer: 'https://auth.example.com',
    AuthorizationEndpoint: 'https://auth.example.com/authorize',
    TokenEndpoint: 'https://auth.example.com/token',
    UserInfoEndpoint: 'https://auth.example.com/userinfo',
    ClientId: 'va-client',
    ClientSecret: 'very-secret-value',
    Scope: 'openid email',
  },
  TagSpecifications: [{ ResourceType: 'verified-access-trust-provider', Tags: [{ Key: 'Name', Value: 'okta' }] }],
};
const JAMF: CreateVerifiedAccessTrustProviderCommandInput = {
  TrustProviderType: 'device',
  DeviceTrustProviderType: 'jamf',
  PolicyReferenceName: 'jamf',
  DeviceOptions: { TenantId: 'tenant-1' },
};
const IDC: CreateVerifiedAccessTrustProviderCommandInput = {
  TrustProviderType: 'user',
  UserTrustProviderType: 'iam-identity-center',
  PolicyReferenceName: 'idc',
};

describe('emulator: trust providers (EC2 Verified Access)', () => {
  let emulator: Emulator;
  let sdk: Clients;

  before(async () => {
    emulator = await startEmulator();
    sdk = sdkClients(emulator.url, { maxAttempts: 1 });
  });
  beforeEach(() => emulator.reset());
  after(async () => {
    sdk.destroy();
    await emulator.close();
  });

  const create = (input: CreateVerifiedAccessTrustProviderCommandInput) =>
    sdk.ec2.send(new CreateVerifiedAccessTrustProviderCommand(input));

  it('creates user and device providers and never hands back a client secret', async () => {
    const oidc = (await create(OIDC_PROVIDER)).VerifiedAccessTrustProvider!;
    assert.match(oidc.VerifiedAccessTrustProviderId!, /^vatp-[0-9a-f]{17}$/);
    assert.equal(oidc.TrustProviderType, 'user');
    assert.equal(oidc.UserTrustProviderType, 'oidc');
    assert.equal(oidc.PolicyReferenceName, 'okta');
    assert.equal(oidc.Description, 'contractors');
    assert.deepEqual(oidc.Tags, [{ Key: 'Name', Value: 'okta' }]);
    assert.match(oidc.CreationTime!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    const { ClientSecret, ...visible } = OIDC_PROVIDER.OidcOptions!;
    assert.equal(typeof ClientSecret, 'string');
    assert.deepEqual(oidc.OidcOptions, visible);
    // The secret is kept (the provider needs it) but no response carries it.
    assert.equal(
      emulator.state.trustProviders.get(oidc.VerifiedAccessTrustProviderId!)?.OidcOptions?.ClientSecret,
      ClientSecret,
    );

    const jamf = (await create(JAMF)).VerifiedAccessTrustProvider!;
    assert.equal(jamf.DeviceTrustProviderType, 'jamf');
    assert.deepEqual(jamf.DeviceOptions, { TenantId: 'tenant-1' });
    assert.equal(jamf.Description, '', 'EC2 answers an empty description, as in the official example');

    const described = await sdk.ec2.send(new DescribeVerifiedAccessTrustProvidersCommand({}));
    assert.deepEqual(
      described.VerifiedAccessTrustProviders?.map(t => t.PolicyReferenceName),
      ['okta', 'jamf'],
    );
    assert.equal(described.VerifiedAccessTrustProviders?.[0]?.OidcOptions?.ClientSecret, undefined);
    assert.equal(described.NextToken, undefined);
  });

  it('turns the language service errors into MissingParameter, InvalidParameterValue and InvalidParameterCombination', async () => {
    const cases: [CreateVerifiedAccessTrustProviderCommandInput, string, RegExp][] = [
      [
        { TrustProviderType: 'user', UserTrustProviderType: 'iam-identity-center' } as never,
        'MissingParameter',
        /PolicyReferenceName/,
      ],
      [{ ...IDC, TrustProviderType: 'robot' as never }, 'InvalidParameterValue', /TrustProviderType/],
      [
        { TrustProviderType: 'device', PolicyReferenceName: 'x' },
        'InvalidParameterCombination',
        /DeviceTrustProviderType/,
      ],
      [{ ...IDC, UserTrustProviderType: 'oidc' }, 'InvalidParameterCombination', /OidcOptions/],
      [
        { ...IDC, TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'a', Value: 'b' }] }] },
        'InvalidParameterValue',
        /verified-access-trust-provider/,
      ],
      [
        {
          ...IDC,
          TagSpecifications: [{ ResourceType: 'verified-access-trust-provider', Tags: [{ Key: 'aws:x', Value: 'b' }] }],
        },
        'InvalidParameterValue',
        /aws:/,
      ],
    ];
    for (const [input, code, message] of cases) {
      const error = await failure(create(input));
      assert.equal(error.name, code, JSON.stringify(input));
      assert.equal(error.$metadata.httpStatusCode, 400);
      assert.match(error.message, message);
    }
    assert.equal(emulator.state.trustProviders.size, 0);
  });

  it('answers DryRunOperation (412) for each action and changes nothing', async () => {
    const tp = emulator.state.addTrustProvider({ ...IDC, Description: 'before', Tags: [] } as never);
    const id = tp.VerifiedAccessTrustProviderId;
    const calls = [
      sdk.ec2.send(new CreateVerifiedAccessTrustProviderCommand({ ...IDC, DryRun: true })),
      sdk.ec2.send(
        new ModifyVerifiedAccessTrustProviderCommand({
          VerifiedAccessTrustProviderId: id,
          Description: 'after',
          DryRun: true,
        }),
      ),
      sdk.ec2.send(new DescribeVerifiedAccessTrustProvidersCommand({ DryRun: true })),
      sdk.ec2.send(new DeleteVerifiedAccessTrustProviderCommand({ VerifiedAccessTrustProviderId: id, DryRun: true })),
    ];
    for (const call of calls) {
      const error = await failure(call);
      assert.equal(error.name, 'DryRunOperation');
      assert.equal(error.$metadata.httpStatusCode, 412);
      assert.match(error.message, /DryRun flag is set/);
    }
    assert.equal(emulator.state.trustProviders.size, 1);
    assert.equal(emulator.state.trustProviders.get(id)?.Description, 'before');
  });

  it('modifies description and OIDC options, keeping the rest, and refuses options of the other provider type', async () => {
    const id = (await create(OIDC_PROVIDER)).VerifiedAccessTrustProvider!.VerifiedAccessTrustProviderId!;
    const modified = await sdk.ec2.send(
      new ModifyVerifiedAccessTrustProviderCommand({
        VerifiedAccessTrustProviderId: id,
        Description: 'renamed',
        OidcOptions: { Scope: 'openid' },
      }),
    );
    const tp = modified.VerifiedAccessTrustProvider!;
    assert.equal(tp.Description, 'renamed');
    assert.equal(tp.OidcOptions?.Scope, 'openid');
    assert.equal(tp.OidcOptions?.Issuer, 'https://auth.example.com');
    assert.equal(tp.PolicyReferenceName, 'okta');

    const wrong = await failure(
      sdk.ec2.send(
        new ModifyVerifiedAccessTrustProviderCommand({
          VerifiedAccessTrustProviderId: id,
          DeviceOptions: { PublicSigningKeyUrl: 'https://k' },
        }),
      ),
    );
    assert.equal(wrong.name, 'InvalidParameterCombination');

    const missing = await failure(
      sdk.ec2.send(
        new ModifyVerifiedAccessTrustProviderCommand({ VerifiedAccessTrustProviderId: 'vatp-00000000000000000' }),
      ),
    );
    assert.equal(missing.name, 'InvalidVerifiedAccessTrustProviderId.NotFound');
    assert.equal(missing.$metadata.httpStatusCode, 400);
  });

  it('deletes and returns the deleted provider; a second delete is NotFound', async () => {
    const id = (await create(JAMF)).VerifiedAccessTrustProvider!.VerifiedAccessTrustProviderId!;
    const deleted = await sdk.ec2.send(
      new DeleteVerifiedAccessTrustProviderCommand({ VerifiedAccessTrustProviderId: id }),
    );
    assert.equal(deleted.VerifiedAccessTrustProvider?.VerifiedAccessTrustProviderId, id);
    assert.equal(deleted.VerifiedAccessTrustProvider?.DeviceTrustProviderType, 'jamf');
    assert.equal(emulator.state.trustProviders.size, 0);
    const again = await failure(
      sdk.ec2.send(new DeleteVerifiedAccessTrustProviderCommand({ VerifiedAccessTrustProviderId: id })),
    );
    assert.equal(again.name, 'InvalidVerifiedAccessTrustProviderId.NotFound');
  });

  it('honours ClientToken on create, modify and delete, and reports IdempotentParameterMismatch', async () => {
    const first = await create({ ...JAMF, ClientToken: 'create-1' });
    const replay = await create({ ...JAMF, ClientToken: 'create-1' });
    const id = first.VerifiedAccessTrustProvider!.VerifiedAccessTrustProviderId!;
    assert.equal(replay.VerifiedAccessTrustProvider?.VerifiedAccessTrustProviderId, id);
    assert.equal(emulator.state.trustProviders.size, 1);
    const mismatch = await failure(create({ ...JAMF, PolicyReferenceName: 'other', ClientToken: 'create-1' }));
    assert.equal(mismatch.name, 'IdempotentParameterMismatch');
    assert.equal(mismatch.$metadata.httpStatusCode, 400);

    const modify = { VerifiedAccessTrustProviderId: id, Description: 'd1', ClientToken: 'modify-1' };
    await sdk.ec2.send(new ModifyVerifiedAccessTrustProviderCommand(modify));
    emulator.state.trustProviders.get(id)!.Description = 'changed meanwhile';
    const replayed = await sdk.ec2.send(new ModifyVerifiedAccessTrustProviderCommand(modify));
    assert.equal(replayed.VerifiedAccessTrustProvider?.Description, 'd1', 'the replay answers the first result');
    assert.equal(emulator.state.trustProviders.get(id)?.Description, 'changed meanwhile', 'and applies nothing again');
    const modifyMismatch = await failure(
      sdk.ec2.send(new ModifyVerifiedAccessTrustProviderCommand({ ...modify, Description: 'd2' })),
    );
    assert.equal(modifyMismatch.name, 'IdempotentParameterMismatch');

    const del = { VerifiedAccessTrustProviderId: id, ClientToken: 'delete-1' };
    await sdk.ec2.send(new DeleteVerifiedAccessTrustProviderCommand(del));
    const deletedAgain = await sdk.ec2.send(new DeleteVerifiedAccessTrustProviderCommand(del));
    assert.equal(
      deletedAgain.VerifiedAccessTrustProvider?.VerifiedAccessTrustProviderId,
      id,
      'a retried delete succeeds',
    );
  });

  it('pages with MaxResults across several pages (paginator) and checks MaxResults 5..200', async () => {
    for (let i = 0; i < 13; i++)
      emulator.state.addTrustProvider({ ...IDC, PolicyReferenceName: `p${i}`, Description: '', Tags: [] } as never);
    const pages = [];
    for await (const page of paginateDescribeVerifiedAccessTrustProviders({ client: sdk.ec2, pageSize: 5 }, {}))
      pages.push(page);
    assert.deepEqual(
      pages.map(p => p.VerifiedAccessTrustProviders?.length),
      [5, 5, 3],
    );
    assert.deepEqual(
      pages.flatMap(p => p.VerifiedAccessTrustProviders!.map(t => t.PolicyReferenceName)),
      Array.from({ length: 13 }, (_, i) => `p${i}`),
    );
    assert.ok(pages[0].NextToken && pages[1].NextToken);
    assert.equal(pages[2].NextToken, undefined);

    for (const MaxResults of [4, 201]) {
      const error = await failure(sdk.ec2.send(new DescribeVerifiedAccessTrustProvidersCommand({ MaxResults })));
      assert.equal(error.name, 'InvalidParameterValue');
      assert.match(error.message, /MaxResults/);
    }
    const forged = await failure(
      sdk.ec2.send(new DescribeVerifiedAccessTrustProvidersCommand({ NextToken: 'not-a-token' })),
    );
    assert.equal(forged.name, 'InvalidPaginationToken');
    const foreign = await failure(
      sdk.ec2.send(
        new DescribeVerifiedAccessTrustProvidersCommand({
          NextToken: pages[0].NextToken,
          Filters: [{ Name: 'trust-provider-type', Values: ['user'] }],
        }),
      ),
    );
    assert.equal(foreign.name, 'InvalidPaginationToken');
  });

  it('filters by type, description (with wildcards), ID and tag, and rejects unknown filters and IDs', async () => {
    const oidc = (await create(OIDC_PROVIDER)).VerifiedAccessTrustProvider!;
    const jamf = (await create({ ...JAMF, Description: 'mac fleet' })).VerifiedAccessTrustProvider!;
    await create(IDC);
    const names = async (Filters: { Name: string; Values: string[] }[], ids?: string[]) =>
      (
        await sdk.ec2.send(
          new DescribeVerifiedAccessTrustProvidersCommand({ Filters, VerifiedAccessTrustProviderIds: ids }),
        )
      ).VerifiedAccessTrustProviders!.map(t => t.PolicyReferenceName);

    assert.deepEqual(await names([{ Name: 'trust-provider-type', Values: ['user'] }]), ['okta', 'idc']);
    assert.deepEqual(await names([{ Name: 'user-trust-provider-type', Values: ['oidc', 'iam-identity-center'] }]), [
      'okta',
      'idc',
    ]);
    assert.deepEqual(await names([{ Name: 'device-trust-provider-type', Values: ['jamf'] }]), ['jamf']);
    assert.deepEqual(await names([{ Name: 'description', Values: ['mac*'] }]), ['jamf']);
    assert.deepEqual(await names([{ Name: 'description', Values: ['contract?rs'] }]), ['okta']);
    assert.deepEqual(
      await names([{ Name: 'verified-access-trust-provider-id', Values: [jamf.VerifiedAccessTrustProviderId!] }]),
      ['jamf'],
    );
    assert.deepEqual(await names([{ Name: 'tag:Name', Values: ['okta'] }]), ['okta']);
    assert.deepEqual(
      await names(
        [
          { Name: 'trust-provider-type', Values: ['user'] },
          { Name: 'user-trust-provider-type', Values: ['oidc'] },
        ],
        [oidc.VerifiedAccessTrustProviderId!, jamf.VerifiedAccessTrustProviderId!],
      ),
      ['okta'],
    );

    const unknown = await failure(names([{ Name: 'colour', Values: ['red'] }]));
    assert.equal(unknown.name, 'InvalidParameterValue');
    assert.match(unknown.message, /colour/);
    const missing = await failure(names([], ['vatp-0123456789abcdef0']));
    assert.equal(missing.name, 'InvalidVerifiedAccessTrustProviderId.NotFound');
    assert.match(missing.message, /vatp-0123456789abcdef0/);
  });
});
