/**
 * The template editor features (SPEC §9) in YAML short form, YAML long form and JSON: completion (properties, enum
 * values, type names, whole resources; asserted on the text after the insert), hover (meaning, constraints,
 * replacement, read-only, type), symbols (the three types only), quick fixes (asserted on the text after the edit),
 * and nothing from us anywhere else in a template that also holds other resources, parameters and outputs.
 */
import * as assert from 'node:assert/strict';
import type { AnalyzedFile, CompletionItem } from '../../server/src/service';
import { analyze, applyEdits, complete, insert, labels, service, sorted, withCursor } from './helpers';

const YAML = 'stack.template.yaml';
const JSON_ = 'stack.template.json';

function hoverAt(name: string, src: string): string | undefined {
  const { file, position } = withCursor(name, src);
  return service.hover(file, position)?.markdown;
}

const everywhere = (file: AnalyzedFile) => ({
  start: { line: 0, character: 0 },
  end: file.lines.positionAt(file.text.length),
});

function fix(name: string, text: string, title: string): string {
  const file = analyze(name, text);
  const all = service.codeActions(file, everywhere(file));
  const a = all.find(x => x.title === title);
  assert.ok(a, `no action "${title}" in: ${all.map(x => x.title).join(' | ')}`);
  return applyEdits(file, a.edits);
}

const codes = (name: string, text: string) => service.validate(analyze(name, text)).map(d => `${d.code} ${d.path}`);

/** The same template in the three forms: a bucket, a policy store, an identity source and a trust provider. */
const SHORT = `Parameters:
  Env: {Type: String}
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub '\${Env}-bucket'
  Store:
    Type: AWS::VerifiedPermissions::PolicyStore
    Properties:
      ValidationSettings:
        Mode: STRICT
  Source:
    Type: AWS::VerifiedPermissions::IdentitySource
    Properties:
      PolicyStoreId: !Ref Store
      Configuration:
        CognitoUserPoolConfiguration:
          UserPoolArn: !Sub 'arn:aws:cognito-idp:\${AWS::Region}:\${AWS::AccountId}:userpool/us-east-1_abc'
  Provider:
    Type: AWS::EC2::VerifiedAccessTrustProvider
    Properties:
      TrustProviderType: user
      UserTrustProviderType: iam-identity-center
      PolicyReferenceName: idc
Outputs:
  StoreId:
    Value: !GetAtt Store.PolicyStoreId
`;
const LONG = SHORT.replace("!Sub '${Env}-bucket'", "{'Fn::Sub': '${Env}-bucket'}")
  .replace('!Ref Store', '{Ref: Store}')
  .replace(/!Sub ('arn[^']*')/, "{'Fn::Sub': $1}")
  .replace('!GetAtt Store.PolicyStoreId', "{'Fn::GetAtt': [Store, PolicyStoreId]}");
const JSON_TEXT = `{
  "Parameters": { "Env": { "Type": "String" } },
  "Resources": {
    "Bucket": {
      "Type": "AWS::S3::Bucket",
      "Properties": { "BucketName": { "Fn::Sub": "\${Env}-bucket" } }
    },
    "Store": {
      "Type": "AWS::VerifiedPermissions::PolicyStore",
      "Properties": {
        "ValidationSettings": { "Mode": "STRICT" }
      }
    },
    "Source": {
      "Type": "AWS::VerifiedPermissions::IdentitySource",
      "Properties": {
        "PolicyStoreId": { "Ref": "Store" },
        "Configuration": {
          "CognitoUserPoolConfiguration": {
            "UserPoolArn": { "Fn::Sub": "arn:aws:cognito-idp:\${AWS::Region}:\${AWS::AccountId}:userpool/us-east-1_abc" }
          }
        }
      }
    },
    "Provider": {
      "Type": "AWS::EC2::VerifiedAccessTrustProvider",
      "Properties": {
        "TrustProviderType": "user",
        "UserTrustProviderType": "iam-identity-center",
        "PolicyReferenceName": "idc"
      }
    }
  },
  "Outputs": { "StoreId": { "Value": { "Fn::GetAtt": ["Store", "PolicyStoreId"] } } }
}
`;

const FORMS: [string, string, string][] = [
  ['YAML short form', YAML, SHORT],
  ['YAML long form', YAML, LONG],
  ['JSON', JSON_, JSON_TEXT],
];

/** `text` with the cursor marker after the first occurrence of `after` (plus `shift` characters). */
const cursorAfter = (text: string, after: string, shift = 0) => {
  const i = text.indexOf(after);
  assert.ok(i >= 0, `no ${after}`);
  const at = i + after.length + shift;
  return text.slice(0, at) + '|' + text.slice(at);
};

describe('cloudformation editor: the three forms', () => {
  it('the fixtures are clean templates (no diagnostics)', () => {
    for (const [, name, text] of FORMS) assert.deepEqual(codes(name, text), [], name);
  });

  for (const [form, name, text] of FORMS) {
    describe(form, () => {
      it('completion: the properties of a resource not yet present, required first', () => {
        const src =
          name === JSON_
            ? text.replace('"PolicyReferenceName": "idc"', '"PolicyReferenceName": "idc",\n        |')
            : text.replace('PolicyReferenceName: idc\n', 'PolicyReferenceName: idc\n      |\n');
        const items = complete(name, src);
        const got = sorted(items);
        assert.ok(!got.includes('TrustProviderType') && !got.includes('PolicyReferenceName'));
        assert.ok(got.includes('Tags') && got.includes('Description') && got.includes('OidcOptions'));
        const desc = items.find(i => i.label === 'Description')!;
        assert.match(desc.documentation!, /string/);
      });

      it('completion: enum values with their meaning', () => {
        const src =
          name === JSON_ ? text.replace('"Mode": "STRICT"', '"Mode": "|"') : text.replace('Mode: STRICT', 'Mode: |');
        const items = complete(name, src);
        assert.deepEqual(labels(items), ['STRICT', 'OFF']);
        assert.ok(items.every(i => (i.documentation ?? '').length > 0));
        const done = insert(name, src, 'OFF');
        assert.ok(done.includes(name === JSON_ ? '"Mode": "OFF"' : 'Mode: OFF'), done);
      });

      it('completion: the three type names as the Type of any resource', () => {
        const src =
          name === JSON_
            ? text.replace('"Type": "AWS::S3::Bucket"', '"Type": "|"')
            : text.replace('Type: AWS::S3::Bucket', 'Type: |');
        const items = complete(name, src);
        assert.deepEqual(labels(items), [
          'AWS::VerifiedPermissions::IdentitySource',
          'AWS::EC2::VerifiedAccessTrustProvider',
          'AWS::VerifiedPermissions::PolicyStore',
        ]);
        const done = insert(name, src, 'AWS::VerifiedPermissions::PolicyStore');
        assert.ok(
          done.includes(
            name === JSON_
              ? '"Type": "AWS::VerifiedPermissions::PolicyStore"'
              : 'Type: AWS::VerifiedPermissions::PolicyStore',
          ),
        );
      });

      it('completion: nested members and a value snippet, the result without errors', () => {
        const src =
          name === JSON_
            ? text.replace('"Mode": "STRICT" }', '"Mode": "STRICT" }, |')
            : text.replace('        Mode: STRICT\n', '        Mode: STRICT\n      Dele|\n');
        const done = insert(name, src, 'DeletionProtection');
        assert.ok(
          done.includes(name === JSON_ ? '"DeletionProtection": {' : 'DeletionProtection:\n        Mode: '),
          done,
        );
        // The required member is there to fill in: its enum values are offered next.
        const next =
          name === JSON_
            ? done.replace('"DeletionProtection": {', '"DeletionProtection": { "Mode": "|" ')
            : done.replace('DeletionProtection:\n        Mode: ', 'DeletionProtection:\n        Mode: |');
        assert.deepEqual(labels(complete(name, next)), ['ENABLED', 'DISABLED']);
      });

      it('completion: a whole resource where a new logical ID goes, valid once inserted', () => {
        const src =
          name === JSON_
            ? text.replace('    "Bucket": {', '    |\n    "Bucket": {')
            : text.replace('  Bucket:\n', '  Laptops|\n  Bucket:\n');
        const items = complete(name, src);
        assert.deepEqual(labels(items), [
          'IdentitySource resource',
          'VerifiedAccessTrustProvider resource',
          'PolicyStore resource',
        ]);
        for (const label of labels(items)) {
          const done = insert(name, src, label);
          const errors = service.validate(analyze(name, done)).filter(d => d.severity === 'error');
          assert.deepEqual(
            errors.map(d => `${d.code} ${d.path}`),
            [],
            `${label}:\n${done}`,
          );
        }
        const source = insert(name, src, 'IdentitySource resource');
        // The identity source points at the template's policy store.
        assert.match(source, name === JSON_ ? /"PolicyStoreId": \{\s*"Ref": "Store"/ : /PolicyStoreId:\s*Ref: Store/);
        if (name !== JSON_)
          assert.match(source, /^ {2}Laptops:\n {4}Type: AWS::VerifiedPermissions::IdentitySource\n/m);
      });

      it('hover: meaning, constraints and replacement; the type; read-only', () => {
        const key = hoverAt(name, cursorAfter(text, 'PolicyStoreId', -3));
        assert.ok(key);
        assert.match(key, /\*\*PolicyStoreId\*\* · `string` · \*\*required\*\*/);
        assert.match(key, /changing it replaces the resource/);
        assert.match(key, /Resources\.Source\.Properties\.PolicyStoreId/);
        const mode = hoverAt(name, cursorAfter(text, 'STRICT', -2))!;
        assert.match(mode, /`STRICT` ← current/);
        assert.doesNotMatch(mode, /replaces the resource/);
        const type = hoverAt(name, cursorAfter(text, 'AWS::EC2::Verified', 2))!;
        assert.match(type, /\*\*AWS::EC2::VerifiedAccessTrustProvider\*\*/);
        assert.match(type, /`Fn::GetAtt` attributes: `VerifiedAccessTrustProviderId`/);
        const readOnly =
          name === JSON_
            ? text.replace('"PolicyReferenceName": "idc"', '"PolicyReferenceName": "idc", "Creat|ionTime": "x"')
            : text.replace('PolicyReferenceName: idc\n', 'PolicyReferenceName: idc\n      Creat|ionTime: x\n');
        assert.match(hoverAt(name, readOnly)!, /\*\*CreationTime\*\* · read-only/);
      });

      it('symbols: the three types only, with their properties', () => {
        const outline = service.symbols(analyze(name, text));
        assert.deepEqual(
          outline.map(s => [s.name, s.detail]),
          [
            ['Store', 'AWS::VerifiedPermissions::PolicyStore'],
            ['Source', 'AWS::VerifiedPermissions::IdentitySource'],
            ['Provider', 'AWS::EC2::VerifiedAccessTrustProvider'],
          ],
        );
        assert.deepEqual(
          outline[1].children.map(c => c.name),
          ['PolicyStoreId', 'Configuration'],
        );
        assert.deepEqual(
          outline[0].children[0].children.map(c => [c.name, c.detail]),
          [['Mode', 'STRICT']],
        );
      });

      it('quick fixes: rename, remove the extra union member, insert missing properties, create Properties', () => {
        // Rename to the suggested property.
        const typo =
          name === JSON_
            ? text.replace('"PolicyReferenceName"', '"PolicyRefrenceName"')
            : text.replace('PolicyReferenceName:', 'PolicyRefrenceName:');
        assert.equal(fix(name, typo, "Rename 'PolicyRefrenceName' to 'PolicyReferenceName'"), text);
        // Remove the extra member of a union.
        const two =
          name === JSON_
            ? text.replace(
                '"CognitoUserPoolConfiguration": {',
                '"OpenIdConnectConfiguration": { "Issuer": "https://a.example.com" },\n          "CognitoUserPoolConfiguration": {',
              )
            : text.replace(
                '        CognitoUserPoolConfiguration:\n',
                '        OpenIdConnectConfiguration: {Issuer: https://a.example.com}\n        CognitoUserPoolConfiguration:\n',
              );
        assert.ok(codes(name, two).includes('union-multiple Resources.Source.Properties.Configuration'));
        assert.equal(
          fix(name, two, "Remove 'CognitoUserPoolConfiguration'").includes('CognitoUserPoolConfiguration'),
          false,
        );
        // Insert a missing required property.
        const missing =
          name === JSON_
            ? text.replace(',\n        "PolicyReferenceName": "idc"', '')
            : text.replace('      PolicyReferenceName: idc\n', '');
        const added = fix(name, missing, "Add missing property 'PolicyReferenceName'");
        assert.ok(added.includes(name === JSON_ ? '"PolicyReferenceName": ""' : 'PolicyReferenceName: ""'), added);
        // Create Properties with the required properties.
        const bare =
          name === JSON_
            ? text.replace(
                /"Type": "AWS::EC2::VerifiedAccessTrustProvider",\n {6}"Properties": \{[^}]*\}/,
                '"Type": "AWS::EC2::VerifiedAccessTrustProvider"',
              )
            : text.replace(/( {4}Type: AWS::EC2::VerifiedAccessTrustProvider\n)( {4}Properties:\n(?: {6}.*\n)*)/, '$1');
        const created = fix(
          name,
          bare,
          "Add 'Properties' with all required properties (TrustProviderType, PolicyReferenceName)",
        );
        if (name === JSON_) {
          assert.match(
            created,
            /"Type": "AWS::EC2::VerifiedAccessTrustProvider",\n {6}"Properties": \{\n {8}"TrustProviderType": "",\n {8}"PolicyReferenceName": ""\n {6}\}\n/,
          );
        } else {
          assert.match(
            created,
            / {4}Type: AWS::EC2::VerifiedAccessTrustProvider\n {4}Properties:\n {6}TrustProviderType: ""\n {6}PolicyReferenceName: ""\nOutputs:/,
          );
        }
        assert.ok(!codes(name, created).some(c => c.startsWith('missing-required')), created);
      });
    });
  }
});

describe('cloudformation editor: nothing from us elsewhere in the template', () => {
  /** Every offset of the text that is outside the three types' resources. */
  function outsideOffsets(name: string, text: string): number[] {
    const ours = ['Store', 'Source', 'Provider'].map(id => {
      const start = text.indexOf(name === JSON_ ? `"${id}": {` : `  ${id}:\n`);
      const next =
        name === JSON_ ? text.indexOf('\n    }', start) : text.indexOf('\n  ', text.indexOf('\n', start) + 1);
      let end = next;
      if (name !== JSON_) {
        // The resource ends where a line at its key's indentation (or less) starts.
        const m = /\n(?! {3})/g;
        m.lastIndex = start + 3;
        end = m.exec(text)!.index;
      }
      return [start, end];
    });
    const out: number[] = [];
    for (let i = 0; i <= text.length; i++) if (!ours.some(([s, e]) => i >= s && i <= e)) out.push(i);
    return out;
  }

  for (const [form, name, text] of FORMS) {
    it(`${form}: no completion, hover, fixes or diagnostics outside the three types (Type values apart)`, () => {
      const file = analyze(name, text);
      const allowedType = (offset: number) => {
        const line = text.slice(text.lastIndexOf('\n', offset - 1) + 1, text.indexOf('\n', offset));
        return /"?Type"?\s*:/.test(line) && /AWS::S3::Bucket/.test(line);
      };
      // Where a new logical ID goes (a line of its own inside `Resources`), whole resources are offered.
      const resources = [text.indexOf('Resources'), text.indexOf('Outputs')];
      const newResource = (offset: number, items: CompletionItem[]) => {
        const eol = text.indexOf('\n', offset);
        return (
          offset > resources[0] &&
          offset < resources[1] &&
          /^\s*(\},?)?$/.test(text.slice(offset, eol)) &&
          items.length === 3 &&
          items.every(i => i.label.endsWith(' resource'))
        );
      };
      let snippets = 0;
      for (const offset of outsideOffsets(name, text)) {
        const position = file.lines.positionAt(offset);
        const items = service.complete(file, position);
        if (newResource(offset, items)) snippets++;
        else if (!allowedType(offset)) assert.deepEqual(items, [], `completion at ${offset}`);
        assert.equal(service.hover(file, position), undefined, `hover at ${offset}`);
      }
      if (name === JSON_) assert.ok(snippets >= 2, `${snippets}`); // after `"Resources": {`, after the bucket's `},`, …
      // A broken bucket, output and parameter next to our resources: still nothing from us there.
      const broken =
        name === JSON_
          ? text.replace('"BucketName"', '"Bogus": 1, "BucketName"').replace('"Value": {', '"Bogus": 2, "Value": {')
          : text
              .replace('      BucketName:', '      Bogus: 1\n      BucketName:')
              .replace('    Value:', '    Bogus: 2\n    Value:');
      const f2 = analyze(name, broken);
      assert.deepEqual(service.validate(f2), []);
      assert.deepEqual(service.codeActions(f2, everywhere(f2)), []);
      assert.deepEqual(
        service.symbols(f2).map(s => s.name),
        ['Store', 'Source', 'Provider'],
      );
    });
  }

  it('a template without the three types gets no completion, hover or symbols', () => {
    const text = 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: b\n';
    // Forced (a template by name without the three types is not even associated).
    const file = service.analyze({ uri: 'file:///ws/other.template.yaml', text }, { kind: 'cloudformation' })!;
    assert.ok(file);
    for (let offset = 0; offset <= text.length; offset++) {
      const position = file.lines.positionAt(offset);
      assert.deepEqual(service.complete(file, position), []);
      assert.equal(service.hover(file, position), undefined);
    }
    assert.deepEqual(service.symbols(file), []);
  });

  it('inside an intrinsic function: no completion or hover', () => {
    const src = SHORT.replace('PolicyStoreId: !Ref Store', 'PolicyStoreId: !Ref St|ore');
    assert.deepEqual(complete(YAML, src), []);
    assert.equal(hoverAt(YAML, src), undefined);
    const json = JSON_TEXT.replace('{ "Ref": "Store" }', '{ "Ref": "St|ore" }');
    assert.equal(hoverAt(JSON_, json), undefined);
  });
});

describe('cloudformation editor: YAML completion while typing', () => {
  const SOURCE = `Resources:
  Store:
    Type: AWS::VerifiedPermissions::PolicyStore
    Properties:
      ValidationSettings:
        Mode: STRICT
  Okta:
    Type: AWS::VerifiedPermissions::IdentitySource
    Properties:
      PolicyStoreId: !Ref Store
`;
  const BUCKET = '  Bucket:\n    Type: AWS::S3::Bucket\n';

  it('a partial key on a new line under Properties: the properties not yet there, required first', () => {
    for (const after of ['', '\n', `\n${BUCKET}`]) {
      const src = `${SOURCE}      Prin|${after}`;
      assert.deepEqual(sorted(complete(YAML, src)), ['Configuration', 'PrincipalEntityType'], JSON.stringify(after));
      assert.equal(insert(YAML, src, 'PrincipalEntityType'), `${SOURCE}      PrincipalEntityType: ${after}`);
    }
    // Only the indentation typed yet.
    assert.deepEqual(sorted(complete(YAML, `${SOURCE}      |`)), ['Configuration', 'PrincipalEntityType']);
  });

  it('Type: with nothing after it offers the three type names', () => {
    const names = [
      'AWS::VerifiedPermissions::IdentitySource',
      'AWS::EC2::VerifiedAccessTrustProvider',
      'AWS::VerifiedPermissions::PolicyStore',
    ];
    assert.deepEqual(labels(complete(YAML, `${SOURCE}  New:\n    Type: |`)), names);
    assert.deepEqual(labels(complete(YAML, `${SOURCE}  New:\n    Type: |\n${BUCKET}`)), names);
    assert.deepEqual(labels(complete(YAML, `${SOURCE}  New:\n    Type: AWS::Veri|\n`)), names);
    assert.equal(
      insert(YAML, `${SOURCE}  New:\n    Type: AWS::Veri|\n`, 'AWS::EC2::VerifiedAccessTrustProvider'),
      `${SOURCE}  New:\n    Type: AWS::EC2::VerifiedAccessTrustProvider\n`,
    );
  });

  it('a template that does not parse yet: completion from the text around the cursor', () => {
    const broken = {
      'an unclosed flow mapping above': SOURCE.replace('PolicyStoreId: !Ref Store', 'Configuration: {'),
      'an unclosed quote above': SOURCE.replace('!Ref Store', '"Store'),
      'a tab in the indentation above': SOURCE.replace('      PolicyStoreId', '\t      PolicyStoreId'),
      'a key without a space after its colon': SOURCE.replace('PolicyStoreId: !Ref Store', 'PolicyStoreId:x: y: z'),
    };
    for (const [what, text] of Object.entries(broken)) {
      const file = analyze(YAML, text);
      assert.ok(
        file.parsed.documents.some(d => d.issues.some(i => i.code === 'syntax')),
        `${what}: the YAML has a syntax error`,
      );
      assert.ok(sorted(complete(YAML, `${text}      Prin|\n`)).includes('PrincipalEntityType'), what);
      assert.equal(labels(complete(YAML, `${text}  New:\n    Type: |\n`)).length, 3, `${what}: the three type names`);
    }
    // A resource being typed below a broken line, which keeps it out of the tree: its Type is read from the text.
    const below = `${SOURCE}      Name: "abc\n  Provider:\n    Type: AWS::EC2::VerifiedAccessTrustProvider\n    Properties:\n      Trust|\n`;
    const trustProvider = labels(complete(YAML, below));
    assert.ok(trustProvider.includes('TrustProviderType') && trustProvider.includes('PolicyReferenceName'));
    assert.ok(!trustProvider.includes('PrincipalEntityType'), trustProvider.join());
  });
});
