/**
 * Which files are CloudFormation templates of ours (SPEC §9): by name, under `cdk.out/`, by the `verifiedIdentity.files`
 * setting, by the YAML modeline, by content; and that only templates declaring one of the three types get anything.
 */
import * as assert from 'node:assert/strict';
import { associate, mayBeOurs, mentionsTemplateTypes, modelineKind } from '../../server/src/service/association';
import { service } from './helpers';

const OURS =
  'Resources:\n  S:\n    Type: AWS::VerifiedPermissions::PolicyStore\n    Properties:\n      ValidationSettings: {Mode: LAX}\n';
const OURS_JSON = JSON.stringify({
  Resources: {
    S: { Type: 'AWS::VerifiedPermissions::PolicyStore', Properties: { ValidationSettings: { Mode: 'LAX' } } },
  },
});
const OTHER = 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n';

const codesOf = (uri: string, text: string, settings?: { files: Record<string, 'cloudformation'> }) => {
  const f = service.analyze({ uri, text }, settings ? { settings } : {});
  return f && service.validate(f).map(d => d.code);
};

describe('cloudformation templates: detection', () => {
  it('by name: *.template.*, template.*, *.cfn.*, cdk.out/**/*.template.json', () => {
    for (const name of [
      'stack.template.yaml',
      'stack.template.yml',
      'stack.template.json',
      'template.yaml',
      'sub/template.json',
      'idp.cfn.yml',
      'cdk.out/Stack.template.json',
      'infra/cdk.out/assembly-Prod/Prod-Stack.template.json',
    ]) {
      assert.equal(associate(`file:///w/${name}`, undefined)?.base, 'cloudformation', name);
      assert.deepEqual(codesOf(`file:///w/${name}`, name.endsWith('.json') ? OURS_JSON : OURS), ['enum'], name);
    }
    assert.equal(associate('file:///w/cdk.out/manifest.json', undefined), undefined);
    assert.equal(associate('file:///w/cdk.out/tree.json', OURS_JSON, {}, false), undefined);
  });

  it('a template name without our types: nothing (the walk may still read it, the service reports nothing)', () => {
    assert.equal(associate('file:///w/template.yaml', OTHER), undefined);
    assert.equal(service.analyze({ uri: 'file:///w/template.yaml', text: OTHER }), undefined);
  });

  it('the verifiedIdentity.files setting with kind cloudformation', () => {
    const files = { 'infra/*.yaml': 'cloudformation' } as const;
    assert.deepEqual(associate('file:///r/infra/stack.yaml', OURS, files), { base: 'cloudformation', by: 'setting' });
    assert.deepEqual(codesOf('file:///r/infra/stack.yaml', OURS, { files }), ['enum']);
  });

  it('the modeline # verified-identity: cloudformation', () => {
    const text = `# verified-identity: cloudformation\n${OURS}`;
    assert.equal(modelineKind(text), 'cloudformation');
    assert.deepEqual(associate('file:///w/notes.yaml', text), { base: 'cloudformation', by: 'modeline' });
    assert.deepEqual(codesOf('file:///w/notes.yaml', text), ['enum']);
  });

  it('by content: any JSON or YAML file that is a template declaring one of the three types', () => {
    assert.deepEqual(codesOf('file:///w/infra/stack.yaml', OURS), ['enum']);
    assert.deepEqual(codesOf('file:///w/infra/stack.json', OURS_JSON), ['enum']);
    assert.equal(service.analyze({ uri: 'file:///w/infra/stack.yaml', text: OURS })?.association.by, 'content');
    // The type named elsewhere than a resource's Type: associated by the cheap test, then nothing.
    for (const text of [
      'Description: AWS::VerifiedPermissions::IdentitySource\n',
      '{"Resources": {"X": {"Type": "AWS::S3::Bucket", "Properties": {"Note": "AWS::EC2::VerifiedAccessTrustProvider"}}}}',
      '[{"Type": "AWS::VerifiedPermissions::IdentitySource"}]',
      'Resources:\n  - Type: AWS::VerifiedPermissions::PolicyStore\n',
      'Resources: [oops\n  Type: AWS::VerifiedPermissions::PolicyStore\n',
    ])
      assert.deepEqual(codesOf('file:///w/infra/data.yaml', text) ?? [], [], text);
  });

  it('the cheap test: the three type names, nothing else', () => {
    assert.ok(mentionsTemplateTypes('x AWS::EC2::VerifiedAccessTrustProvider x'));
    assert.ok(mentionsTemplateTypes('"AWS::VerifiedPermissions::IdentitySource"'));
    assert.ok(mentionsTemplateTypes('AWS::VerifiedPermissions::PolicyStore'));
    assert.ok(!mentionsTemplateTypes('AWS::VerifiedPermissions::Policy'));
    assert.ok(!mentionsTemplateTypes('AWS::VerifiedPermissions::PolicyStoreX'));
    assert.ok(!mentionsTemplateTypes('AWS::EC2::VerifiedAccessInstance'));
    const big = `{"items": [${Array.from({ length: 50_000 }, (_, i) => `{"id": ${i}, "type": "AWS::S3::Bucket"}`).join(',')}]}`;
    assert.ok(!mentionsTemplateTypes(big));
    assert.equal(service.analyze({ uri: 'file:///w/big.json', text: big }), undefined);
  });

  it('mayBeOurs (the client deciding whether to start the server) agrees', () => {
    assert.ok(mayBeOurs('file:///w/a/stack.yaml', OURS));
    assert.ok(mayBeOurs('file:///w/cdk.out/S.template.json', OURS_JSON));
    assert.ok(!mayBeOurs('file:///w/a/other.yaml', OTHER));
    assert.ok(!mayBeOurs('file:///w/readme.md', OURS, {}, 'markdown'));
  });

  it('--kind cloudformation forces it; request kinds force a request file', () => {
    const f = service.analyze({ uri: 'file:///w/whatever.txt', text: OURS }, { kind: 'cloudformation' })!;
    assert.equal(f.association.base, 'cloudformation');
    assert.deepEqual(
      service.validate(f).map(d => d.code),
      ['enum'],
    );
    const r = service.analyze({ uri: 'file:///w/stack.template.yaml', text: OURS }, { kind: 'identity-source' })!;
    assert.equal(r.association.base, 'identity-source');
  });

  it('request files keep their kinds; a request file is never taken for a template by content', () => {
    const text = 'policyStoreId: ps-1\n# AWS::VerifiedPermissions::IdentitySource\n';
    assert.equal(
      service.analyze({ uri: 'file:///w/a.identity-source.yaml', text })?.association.base,
      'identity-source',
    );
  });
});
