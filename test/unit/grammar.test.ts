/**
 * The injection grammar (syntaxes/verified-identity.injection.tmLanguage.json), tokenized with the engine VS Code
 * uses (vscode-textmate + vscode-oniguruma) on top of the YAML and JSON grammars VS Code ships
 * (test/fixtures/grammars/): secret references, ARNs and Cedar entity types get their scopes inside values, keys and
 * comments stay as they were, and the base grammar's scopes around them survive.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const ROOT = path.resolve(__dirname, '../../..');
const GRAMMAR = path.join(ROOT, 'syntaxes/verified-identity.injection.tmLanguage.json');
const BASE = path.join(ROOT, 'test/fixtures/grammars');
const INJECTION = 'verified-identity.injection';

const FILES: Record<string, string> = {
  'source.yaml': path.join(BASE, 'yaml.tmLanguage.json'),
  'source.yaml.1.2': path.join(BASE, 'yaml-1.2.tmLanguage.json'),
  'source.yaml.embedded': path.join(BASE, 'yaml-embedded.tmLanguage.json'),
  'source.json': path.join(BASE, 'JSON.tmLanguage.json'),
  [INJECTION]: GRAMMAR,
};

interface Token {
  text: string;
  scopes: string[];
}

let registry: textmate.Registry;

async function tokenize(scope: 'source.yaml' | 'source.json', text: string): Promise<Token[][]> {
  const grammar = await registry.loadGrammar(scope);
  assert.ok(grammar, `grammar ${scope}`);
  let state = textmate.INITIAL;
  return text.split('\n').map(line => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map(t => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The scopes of the token(s) making up `text` on the line that contains it (asserting they all agree). */
function scopesOf(lines: Token[][], text: string): string[] {
  for (const tokens of lines) {
    const joined = tokens.map(t => t.text).join('');
    const at = joined.indexOf(text);
    if (at < 0) continue;
    let pos = 0;
    for (const t of tokens) {
      if (pos <= at && at < pos + t.text.length) return t.scopes;
      pos += t.text.length;
    }
  }
  throw new Error(`${JSON.stringify(text)} not found`);
}

/** All tokens of the line containing `text`, with their last scope, for readable failure messages. */
function describe_(lines: Token[][], text: string): string {
  const line =
    lines.find(ts =>
      ts
        .map(t => t.text)
        .join('')
        .includes(text),
    ) ?? [];
  return line.map(t => `${JSON.stringify(t.text)} ${t.scopes.slice(1).join(' ')}`).join('\n');
}

function hasScope(lines: Token[][], text: string, scope: string): void {
  const scopes = scopesOf(lines, text);
  assert.ok(
    scopes.some(s => s === scope || s.startsWith(`${scope}.`)),
    `${JSON.stringify(text)} should have ${scope}; tokens:\n${describe_(lines, text)}`,
  );
}

function lacksScope(lines: Token[][], text: string, prefix: string): void {
  const scopes = scopesOf(lines, text);
  assert.ok(
    !scopes.some(s => s.startsWith(prefix)),
    `${JSON.stringify(text)} should not have ${prefix}*; tokens:\n${describe_(lines, text)}`,
  );
}

/** No token of the line containing `text` has a scope starting with `prefix`. */
function lineLacks(lines: Token[][], text: string, prefix: string): void {
  const line = lines.find(ts =>
    ts
      .map(t => t.text)
      .join('')
      .includes(text),
  );
  assert.ok(line, text);
  assert.ok(!line.some(t => t.scopes.some(s => s.startsWith(prefix))), `${text} line:\n${describe_(lines, text)}`);
}

describe('injection grammar (syntaxes/)', () => {
  before(async () => {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    registry = new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: scopeName => {
        const file = FILES[scopeName];
        if (!file) return Promise.resolve(null);
        return Promise.resolve(textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file));
      },
      getInjections: scopeName =>
        scopeName === 'source.yaml' || scopeName === 'source.json' ? [INJECTION] : undefined,
    });
  });

  it('is wired in package.json as an injection into source.yaml and source.json', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      contributes: { grammars: { scopeName: string; path: string; injectTo: string[] }[] };
    };
    const entry = pkg.contributes.grammars.find(g => g.scopeName === INJECTION);
    assert.ok(entry);
    assert.strictEqual(path.resolve(ROOT, entry.path), GRAMMAR);
    assert.deepStrictEqual([...entry.injectTo].sort(), ['source.json', 'source.yaml']);
    const grammar = JSON.parse(fs.readFileSync(GRAMMAR, 'utf8')) as { scopeName: string };
    assert.strictEqual(grammar.scopeName, INJECTION);
  });

  describe('YAML', () => {
    const sample = [
      '# verified-identity: identity-source MyCorp::Comment',
      'policyStoreId: PSEXAMPLEabcdefg111111',
      'principalEntityType: MyCorp::User',
      'configuration:',
      '  cognitoUserPoolConfiguration:',
      '    userPoolArn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_EXAMPLE',
      '    groupConfiguration:',
      '      groupEntityType: "AWS::CognitoGroup"',
      'OidcOptions:',
      '  ClientSecret: ${secret:okta.trust-provider/OidcOptions.ClientSecret}',
      "  Quoted: '${secret:quoted}'",
      'KmsKeyArn: arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab # the key',
      'Role: arn:aws:iam::123456789012:role/Admin',
      'Flow: [arn:aws:s3:::my-bucket, Ns::Inner::Type]',
      'Ns::KeyType: plain',
      'Url: https://login.example.com/a::b',
    ].join('\n');
    let lines: Token[][];
    before(async () => {
      lines = await tokenize('source.yaml', sample);
    });

    it('highlights Cedar entity types in plain and quoted values', () => {
      hasScope(lines, 'User', 'entity.name.type.cedar');
      hasScope(lines, 'MyCorp::User', 'entity.name.namespace.cedar');
      hasScope(lines, 'CognitoGroup', 'entity.name.type.cedar');
      hasScope(lines, 'CognitoGroup', 'string.quoted.double.yaml');
    });

    it('highlights ARNs without swallowing comments or flow separators', () => {
      hasScope(lines, 'cognito-idp', 'constant.other.arn');
      hasScope(lines, 'userpool/us-east-1_EXAMPLE', 'constant.other.arn.resource');
      hasScope(lines, '123456789012:userpool', 'constant.numeric.arn.account-id');
      hasScope(lines, 'key/1234abcd', 'constant.other.arn.resource');
      hasScope(lines, '# the key', 'comment');
      hasScope(lines, 'role/Admin', 'constant.other.arn');
      hasScope(lines, 'my-bucket', 'constant.other.arn.resource');
      lacksScope(lines, ', Ns', 'constant.other.arn');
      hasScope(lines, 'Inner', 'entity.name.namespace.cedar');
    });

    it('highlights secret references, quoted or not', () => {
      hasScope(lines, '${secret:okta', 'punctuation.definition.template-expression.begin');
      hasScope(lines, 'okta.trust-provider/OidcOptions.ClientSecret', 'variable.other.secret-reference.name');
      hasScope(lines, 'quoted}', 'variable.other.secret-reference');
      hasScope(lines, 'quoted}', 'string.quoted.single.yaml');
    });

    it('leaves keys, comments and URLs alone', () => {
      lacksScope(lines, 'Ns::KeyType', 'entity.name.type.cedar');
      lacksScope(lines, 'MyCorp::Comment', 'entity.name.type.cedar');
      hasScope(lines, 'MyCorp::Comment', 'comment');
      lacksScope(lines, 'PSEXAMPLE', 'entity.name');
      lacksScope(lines, 'a::b', 'entity.name');
      lineLacks(lines, 'Url:', 'entity.name.type.cedar');
      hasScope(lines, 'policyStoreId', 'entity.name.tag.yaml');
    });
  });

  describe('JSON', () => {
    const sample = [
      '{',
      '  "principalEntityType": "MyCorp::User",',
      '  "MyCorp::NotAValue": "x",',
      '  "userPoolArn": "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_EXAMPLE",',
      '  "ClientSecret": "${secret:idp-client-secret}",',
      '  "Escaped": "arn:aws:s3:::b\\"c",',
      '  "List": ["Ns::A", "arn:aws-cn:iam::123456789012:root"]',
      '}',
    ].join('\n');
    let lines: Token[][];
    before(async () => {
      lines = await tokenize('source.json', sample);
    });

    it('highlights entity types, ARNs and secret references in string values', () => {
      hasScope(lines, 'User', 'entity.name.type.cedar');
      hasScope(lines, 'User', 'string.quoted.double.json');
      hasScope(lines, 'userpool/us-east-1_EXAMPLE', 'constant.other.arn.resource');
      hasScope(lines, 'idp-client-secret', 'variable.other.secret-reference.name');
      hasScope(lines, 'A"', 'entity.name.type.cedar');
      hasScope(lines, 'aws-cn', 'constant.other.arn.partition');
    });

    it('never runs past the end of a string or into an escape', () => {
      hasScope(lines, '\\"', 'constant.character.escape.json');
      lacksScope(lines, '\\"', 'constant.other.arn');
      // The closing quote of the value still ends the string.
      hasScope(lines, 'idp-client-secret}"', 'variable.other.secret-reference');
      const line = lines.find(ts => ts.some(t => t.text.includes('idp-client-secret')))!;
      const last = line.filter(t => t.text.includes('"')).pop()!;
      assert.ok(
        last.scopes.some(s => s.startsWith('punctuation.definition.string.end.json')),
        describe_(lines, 'idp-client-secret'),
      );
    });

    it('leaves property names alone', () => {
      lacksScope(lines, 'MyCorp::NotAValue', 'entity.name.type.cedar');
      hasScope(lines, 'MyCorp::NotAValue', 'support.type.property-name.json');
    });
  });

  it('every regex of the grammar compiles in Oniguruma', () => {
    const grammar = JSON.parse(fs.readFileSync(GRAMMAR, 'utf8')) as unknown;
    const regexes: string[] = [];
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          if ((k === 'match' || k === 'begin' || k === 'end') && typeof x === 'string') regexes.push(x);
          else walk(x);
        }
    };
    walk(grammar);
    assert.ok(regexes.length >= 4);
    for (const r of regexes) assert.doesNotThrow(() => new oniguruma.OnigScanner([r]).dispose(), r);
  });
});
