/**
 * What the mutator inserts: YAML and JSON syntax, the AWS CLI loader's implicit types, awkward Unicode, the model's
 * member names and enum values (also in the wrong case), CloudFormation's vocabulary, and generated material (long
 * strings, deep nesting, long lists).
 */
import { CFN_TYPES, CFN_TYPE_NAMES } from '../../server/src/service/model/cloudformation';
import { KINDS } from '../../server/src/service/model/kinds';
import type { Shape } from '../../server/src/service/model/shapes';
import type { Rng } from './prng';

export const YAML_SYNTAX = [
  '---\n',
  '\n---\n',
  '...\n',
  '- ',
  '\n- ',
  ': ',
  ':',
  '? ',
  '|\n',
  '>\n',
  '|-\n',
  '>+\n',
  '|2\n',
  '&a ',
  '*a',
  '&a [x, y]',
  '*a\n',
  '<<: *a\n',
  '<<:',
  '<<: [*a, *a]',
  '!Ref ',
  '!GetAtt ',
  '!Sub ',
  '!If ',
  '!!binary ',
  '!!binary aGVsbG8=',
  '!!str ',
  '!!int ',
  '!!float ',
  '!!bool ',
  '!!null ',
  '!!timestamp ',
  '!!set\n',
  '!!omap\n',
  '!!python/object:os.system ',
  '!custom ',
  '!<tag:yaml.org,2002:str> ',
  '%YAML 1.1\n---\n',
  '%TAG ! tag:example.com,2000:\n---\n',
  '# comment\n',
  ' #',
  '#',
  "'",
  '"',
  "''",
  '""',
  '{',
  '}',
  '[',
  ']',
  '{}',
  '[]',
  ', ',
  '\n',
  '\r\n',
  '\r',
  '\t',
  '  ',
  '    ',
  ' ',
  '~',
  'null',
  '=',
  '@',
  '`',
  '%',
  '\\',
  '"\\u0000"',
  '"\\ud800"',
  '"\\x41"',
  '"\\N\\_\\L\\P"',
  "'it''s'",
  '"a\\\nb"',
  '- - - ',
  '? [a]\n: b\n',
  '{a: b, c}',
  '[a, b: c]',
  'key: value: other',
];

export const JSON_SYNTAX = [
  '{',
  '}',
  '[',
  ']',
  ':',
  ',',
  '"',
  '"":""',
  'null',
  'true',
  'false',
  '-0',
  '1e999',
  '-1e-999',
  '0.1e+1',
  '01',
  '"\\u"',
  '"\\uD800"',
  '"\\uDC00\\uD800"',
  '"\\/"',
  '/* c */',
  '// c\n',
  ',]',
  ',}',
  '{"a":1}',
  '[1,2,3]',
  '"__proto__"',
  '{"__proto__": {"x": 1}}',
  '"constructor"',
  'NaN',
  'Infinity',
  "'single'",
];

/** Scalars the AWS CLI's YAML loader types differently from YAML 1.2 (and JSON's edge cases). */
export const SCALARS = [
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  'True',
  'FALSE',
  'Null',
  'NULL',
  '1_000',
  '0b101',
  '0o17',
  '0x1F',
  '017',
  '+12',
  '-0',
  '.inf',
  '-.Inf',
  '.NaN',
  '.5e3',
  '1e3',
  '1.0',
  '2024-06-01',
  '2024-6-1',
  '2024-06-01T12:00:00Z',
  '2024-06-01 12:00:00.5 -5',
  '2001-12-14t21:59:43.10-05:00',
  '12:30:00',
  '190:20:30',
  '1,000',
  '9007199254740993',
  '99999999999999999999999999',
  '-',
  "''",
  'string',
  '""',
  '${secret:idp}',
  '${secret:}',
  '${secret:../x}',
  'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_1a2b3c4d5',
  'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  'https://example.okta.com',
  'https://',
  'http://localhost:1/x',
  'http://169.254.169.254/latest/meta-data/',
  'file:///etc/passwd',
  'javascript:alert(1)',
  'PSEXAMPLEabcdefg111111',
  'MyApp::User',
  'MyApp::"Us er"',
  'aws:team',
  'verified-access-trust-provider',
  'vpc',
];

export const UNICODE = [
  '\uFEFF',
  '\u0000',
  '\u0001',
  '\u2028',
  '\u2029',
  '\u0085',
  '\u00A0',
  '\uD800',
  '\uDC00',
  '\uDBFF\uDFFF',
  '😀',
  '👩‍👩‍👧',
  '\u200B',
  '\u200D',
  'é',
  'e\u0301',
  '\uFFFF',
  '\uFFFE',
  '\uFFFD',
  '\u001b[31m',
  '\u007f',
  '\u0008',
  '\u000b',
  '\u000c',
  'Ａ',
  '\u202E',
  'İ',
  'ß',
  'ﬀ',
  '\u0131',
];

/** CloudFormation's vocabulary, so mutated templates keep meeting the template checks once they exist. */
export const CFN = [
  'AWSTemplateFormatVersion: "2010-09-09"\n',
  'Transform: AWS::Serverless-2016-10-31\n',
  'Resources:\n',
  'Resources:\n  Src:\n    Type: AWS::VerifiedPermissions::IdentitySource\n    Properties:\n',
  'Properties:\n',
  'Type: ',
  'Ref: ',
  'Ref: AWS::NoValue',
  '!Ref AWS::NoValue',
  'Fn::GetAtt: [Store, PolicyStoreId]',
  '!GetAtt Store.PolicyStoreId',
  'Fn::If: [Cond, a, b]',
  '!If [Cond, a, !Ref AWS::NoValue]',
  'Fn::Sub: "${AWS::Region}"',
  'Fn::Join: ["", [a, b]]',
  '{"Ref": "Nothing"}',
  '{"Fn::GetAtt": ["Store", "Arn"]}',
  'Conditions:\n',
  'Condition: Cond',
  'Parameters:\n',
  'Outputs:\n',
  'DependsOn: Store',
  'Metadata:\n',
  ...CFN_TYPE_NAMES,
];

/** Member names of every shape of every kind (and of CloudFormation's properties), and every enum value. */
function modelVocabulary(): { members: string[]; enums: string[] } {
  const members = new Set<string>();
  const enums = new Set<string>();
  const seen = new Set<Shape>();
  const walk = (s: Shape): void => {
    if (seen.has(s)) return;
    seen.add(s);
    if (s.type === 'structure') {
      for (const [name, m] of Object.entries(s.members)) {
        members.add(name);
        walk(m.shape);
      }
    } else if (s.type === 'list') walk(s.member);
    else if (s.type === 'string') for (const e of s.enum ?? []) enums.add(e.value);
  };
  for (const k of Object.values(KINDS)) walk(k.shape);
  for (const t of Object.values(CFN_TYPES)) {
    walk(t.properties);
    for (const a of t.attributes) members.add(a);
  }
  return { members: [...members].sort(), enums: [...enums].sort() };
}

export const MODEL = modelVocabulary();

/** A word in another case: all lower, all upper, first letter flipped, or snake/kebab case. */
export function recase(rng: Rng, word: string): string {
  switch (rng.int(5)) {
    case 0:
      return word.toLowerCase();
    case 1:
      return word.toUpperCase();
    case 2: {
      const c = word.charAt(0);
      return (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) + word.slice(1);
    }
    case 3:
      return word.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
    default:
      return word.replace(/([a-z])([A-Z])/g, '$1-$2');
  }
}

/**
 * A long random value made of a recognisable alphabet, so that a message quoting it can be caught. Lengths reach
 * past every length limit of the model (the longest is 2,048) and some past a page.
 */
export function longString(
  rng: Rng,
  length: number = rng.weighted([
    [6, 70],
    [6, 130],
    [6, 300],
    [4, 2049],
    [2, 5000],
    [1, 70_000],
  ] as const),
): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[rng.int(alphabet.length)];
  return s;
}

/** A long run of white space (patterns that split a run of spaces two ways backtrack on these). */
export function whitespaceRun(rng: Rng): string {
  const n = rng.pick([25, 40, 300, 5000, 100_000]);
  const unit = rng.pick([' ', '\t', '\n', ' \n', '\r\n', '  # c\n', '\u00a0']);
  return unit.repeat(Math.ceil(n / unit.length)) + rng.pick(['', 'x', ':', '{', '- ', '#']);
}

/** Nesting near and past the parse depth limit (128), in JSON, YAML flow and YAML block forms. */
export function deepNesting(rng: Rng): string {
  const n = rng.pick([20, 127, 128, 129, 200, 1500]);
  switch (rng.int(5)) {
    case 0:
      return '['.repeat(n) + ']'.repeat(rng.chance(0.5) ? n : rng.int(n));
    case 1:
      return '{"a":'.repeat(n) + '1' + '}'.repeat(rng.chance(0.5) ? n : rng.int(n));
    case 2:
      return '\n' + Array.from({ length: n }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' 1\n';
    case 3:
      return '- '.repeat(n) + 'x\n';
    default:
      return '{a: '.repeat(n) + '[' + ']'.repeat(rng.int(n));
  }
}

/** A long list: tags, client IDs or list items past their maxima. */
export function longList(rng: Rng, yaml: boolean): string {
  const n = rng.pick([26, 51, 200, 3000]);
  if (!yaml) return `[${Array.from({ length: n }, (_, i) => JSON.stringify(`v${i}`)).join(',')}]`;
  return rng.chance(0.5)
    ? '\n' + Array.from({ length: n }, (_, i) => `  - Key: k${i % 40}\n    Value: v${i}`).join('\n') + '\n'
    : `[${Array.from({ length: n }, (_, i) => `v${i}`).join(', ')}]`;
}

/** An alias bomb: each level repeats the one before. */
export function aliasBomb(rng: Rng): string {
  const levels = rng.between(3, 12);
  const lines = ['b0: &b0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < levels; i++)
    lines.push(
      `b${i}: &b${i} [${Array(10)
        .fill(`*b${i - 1}`)
        .join(', ')}]`,
    );
  return `\n${lines.join('\n')}\n`;
}

/** One token of any category, by weight. */
export function token(rng: Rng, yaml: boolean): string {
  const kind = rng.weighted<string>([
    [yaml ? 6 : 2, 'yaml'],
    [yaml ? 2 : 6, 'json'],
    [4, 'scalar'],
    [3, 'unicode'],
    [5, 'member'],
    [3, 'enum'],
    [2, 'cfn'],
    [1, 'long'],
    [0.5, 'space'],
    [0.3, 'deep'],
    [0.3, 'list'],
    [0.15, 'bomb'],
  ]);
  switch (kind) {
    case 'yaml':
      return rng.pick(YAML_SYNTAX);
    case 'json':
      return rng.pick(JSON_SYNTAX);
    case 'scalar':
      return rng.pick(SCALARS);
    case 'unicode':
      return rng.pick(UNICODE);
    case 'member': {
      const m = rng.pick(MODEL.members);
      const name = rng.chance(0.4) ? recase(rng, m) : m;
      return rng.chance(0.5) ? (yaml ? `${name}: ` : `"${name}": `) : name;
    }
    case 'enum': {
      const e = rng.pick(MODEL.enums);
      return rng.chance(0.3) ? recase(rng, e) : e;
    }
    case 'cfn':
      return rng.pick(CFN);
    case 'long':
      return longString(rng);
    case 'space':
      return whitespaceRun(rng);
    case 'deep':
      return deepNesting(rng);
    case 'list':
      return longList(rng, yaml);
    default:
      return aliasBomb(rng);
  }
}
