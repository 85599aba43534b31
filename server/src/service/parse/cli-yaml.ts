/**
 * How the AWS CLI v2 reads a YAML scalar (`--cli-input-yaml`, `reference/cli-input.md`): ruamel.yaml's safe loader
 * (pure Python, up to 0.17.21) in YAML 1.2 mode, or 1.1 under a `%YAML 1.1` directive. Its implicit resolvers keep
 * types that YAML 1.2's core schema dropped (timestamps, `_` inside numbers, `0b` binary, signed hex and octal), and
 * its constructors reject some scalars outright (a plain `=`, `2024-02-30`, `0b_`), which fails the whole file.
 *
 * A plain scalar is resolved the way the loader does it: each resolver is tried only when the scalar starts with one
 * of its characters, in the loader's order, and its pattern must match the whole scalar. Quoted and block scalars are
 * strings. An explicit tag picks the constructor directly.
 *
 * Pure functions of a scalar's text, style, tag and YAML version. Both YAML paths (`yaml.ts`, `yaml-simple.ts`) build
 * their scalar nodes with `cliScalarNode`, so they cannot disagree.
 */
import type { CliYamlType, ScalarNode } from './ast';
import type { ParseIssue } from './issues';

export type YamlVersion = '1.1' | '1.2';

/** What the loader makes of a scalar: a value of one of its types, or a failure that rejects the file. */
export type CliRead =
  | { type: 'string'; value: string }
  | { type: 'boolean'; value: boolean }
  | { type: 'null' }
  | { type: 'number'; value: number; as: 'integer' | 'binary integer' | 'float' }
  | { type: 'date'; as: 'date' | 'datetime' }
  | { type: 'bytes' }
  | { type: 'unreadable'; why: string };

/** The prefix of the standard YAML tags (`!!int` is `tag:yaml.org,2002:int`). */
export const YAML_TAG = 'tag:yaml.org,2002:';

interface Resolver {
  tag: string;
  /** The characters a scalar must start with for the resolver to be tried ('' stands for the empty scalar). */
  first: string;
  pattern: RegExp;
}

const NUMBER_START = '-+0123456789';
const TAIL: Resolver[] = [
  { tag: 'merge', first: '<', pattern: /^<<$/ },
  { tag: 'null', first: '~nN', pattern: /^(?:~|null|Null|NULL)$/ },
  {
    tag: 'timestamp',
    first: '0123456789',
    pattern:
      /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/,
  },
  { tag: 'value', first: '=', pattern: /^=$/ },
];

const RESOLVERS: Record<YamlVersion, Resolver[]> = {
  '1.2': [
    { tag: 'bool', first: 'tTfF', pattern: /^(?:true|True|TRUE|false|False|FALSE)$/ },
    {
      tag: 'float',
      first: `${NUMBER_START}.`,
      pattern:
        /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
    },
    {
      tag: 'int',
      first: NUMBER_START,
      pattern: /^(?:[-+]?0b[01_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$/,
    },
    ...TAIL,
  ],
  '1.1': [
    {
      tag: 'bool',
      first: 'yYnNtTfFoO',
      pattern: /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
    },
    {
      tag: 'float',
      first: `${NUMBER_START}.`,
      pattern:
        /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
    },
    {
      tag: 'int',
      first: NUMBER_START,
      pattern:
        /^(?:[-+]?0b[01_]+|[-+]?0?[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
    },
    ...TAIL,
  ],
};

/**
 * The tag (without `tag:yaml.org,2002:`) the loader gives a plain scalar. Python's `$` also matches before a final
 * line break, which only a scalar tagged `!` can end with.
 */
export function resolvePlain(text: string, version: YamlVersion): string {
  if (text === '') return 'null';
  const candidates = BY_FIRST[version].get(text[0]);
  if (!candidates) return 'str'; // most scalars: words, URLs, ARNs
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  for (const r of candidates) if (r.pattern.test(body)) return r.tag;
  return 'str';
}

/** The resolvers by first character, in the loader's order (as the loader keeps them). */
const BY_FIRST: Record<YamlVersion, Map<string, Resolver[]>> = { '1.1': byFirst('1.1'), '1.2': byFirst('1.2') };

function byFirst(version: YamlVersion): Map<string, Resolver[]> {
  const map = new Map<string, Resolver[]>();
  for (const r of RESOLVERS[version]) for (const c of r.first) map.set(c, [...(map.get(c) ?? []), r]);
  return map;
}

/**
 * What the AWS CLI reads from a scalar; undefined for tags outside `tag:yaml.org,2002:` (the loader rejects those,
 * and the parser already reports them as unsupported tags). The non-specific tag `!` makes the loader resolve any
 * scalar as if it were plain, quoted or not.
 */
export function readScalar(
  text: string,
  plain: boolean,
  tag: string | undefined,
  version: YamlVersion,
): CliRead | undefined {
  if (tag !== undefined && tag !== '!') {
    if (!tag.startsWith(YAML_TAG)) return undefined;
    return construct(tag.slice(YAML_TAG.length), text, version);
  }
  return plain || tag === '!' ? construct(resolvePlain(text, version), text, version) : { type: 'string', value: text };
}

const BOOLEANS: Readonly<Record<string, boolean>> = {
  yes: true,
  no: false,
  y: true,
  n: false,
  true: true,
  false: false,
  on: true,
  off: false,
};

function construct(tag: string, text: string, version: YamlVersion): CliRead {
  switch (tag) {
    case 'str':
      return { type: 'string', value: text };
    case 'null':
      return { type: 'null' };
    case 'bool': {
      const b = Object.prototype.hasOwnProperty.call(BOOLEANS, text.toLowerCase())
        ? BOOLEANS[text.toLowerCase()]
        : undefined;
      return b === undefined ? unreadable('it is not a boolean') : { type: 'boolean', value: b };
    }
    case 'int':
      return integer(text, version);
    case 'float':
      return float(text, version);
    case 'timestamp':
      return timestamp(text);
    case 'binary':
      return binary(text);
    case 'merge':
    case 'value':
      return unreadable(`its YAML loader has no type for a plain '${tag === 'merge' ? '<<' : '='}' value`);
    default:
      return unreadable(`its YAML loader cannot build a !!${tag} from a scalar`);
  }
}

function unreadable(why: string): CliRead {
  return { type: 'unreadable', why };
}

const DIGITS: Record<number, RegExp> = {
  2: /^\s*([-+]?)(?:0[bB])?([01]+)\s*$/,
  8: /^\s*([-+]?)(?:0[oO])?([0-7]+)\s*$/,
  10: /^\s*([-+]?)([0-9]+)\s*$/,
  16: /^\s*([-+]?)(?:0[xX])?([0-9a-fA-F]+)\s*$/,
};

/** Python's `int(s, base)` on text without underscores; undefined where it raises. */
function pyInt(s: string, base: 2 | 8 | 10 | 16): number | undefined {
  const m = DIGITS[base].exec(s);
  if (!m) return undefined;
  const n = parseInt(m[2], base);
  return m[1] === '-' ? -n : n;
}

/** Python's `float(s)`; undefined where it raises. */
function pyFloat(s: string): number | undefined {
  const t = s.trim().toLowerCase();
  const m = /^([-+]?)(?:([0-9]+\.?[0-9]*|\.[0-9]+)(?:e[-+]?[0-9]+)?|(inf|infinity)|(nan))$/.exec(t);
  if (!m) return undefined;
  if (m[4]) return NaN;
  if (m[3]) return m[1] === '-' ? -Infinity : Infinity;
  return Number(t);
}

/** The loader's sign handling: one leading sign is taken off and applied to the rest. */
function signed(text: string, lower = false): { sign: number; rest: string } | undefined {
  let s = text.replace(/_/g, '');
  if (lower) s = s.toLowerCase();
  if (s === '') return undefined;
  const sign = s[0] === '-' ? -1 : 1;
  return { sign, rest: s[0] === '-' || s[0] === '+' ? s.slice(1) : s };
}

function sexagesimal(rest: string, part: (p: string) => number | undefined): number | undefined {
  let value = 0;
  for (const p of rest.split(':')) {
    const d = part(p);
    if (d === undefined) return undefined;
    value = value * 60 + d;
  }
  return value;
}

function integer(text: string, version: YamlVersion): CliRead {
  const s = signed(text);
  if (!s) return unreadable('it is not an integer');
  const { sign, rest } = s;
  let value: number | undefined;
  let as: 'integer' | 'binary integer' = 'integer';
  if (rest === '0') value = 0;
  else if (rest.startsWith('0b')) {
    value = pyInt(rest.slice(2), 2);
    as = 'binary integer';
  } else if (rest.startsWith('0x')) value = pyInt(rest.slice(2), 16);
  else if (rest.startsWith('0o')) value = pyInt(rest.slice(2), 8);
  else if (version === '1.1' && rest[0] === '0') value = pyInt(rest, 8);
  else if (version === '1.1' && rest.includes(':')) value = sexagesimal(rest, p => pyInt(p, 10));
  else value = pyInt(rest, 10);
  if (value === undefined)
    return unreadable(`it is read as ${as === 'integer' ? 'an integer' : 'a binary integer'} but is not one`);
  return { type: 'number', value: value === 0 ? 0 : sign * value, as };
}

function float(text: string, version: YamlVersion): CliRead {
  const s = signed(text, true);
  if (!s) return unreadable('it is not a number');
  const { sign, rest } = s;
  let value: number | undefined;
  if (rest === '.inf') value = Infinity;
  else if (rest === '.nan') return { type: 'number', value: NaN, as: 'float' };
  else if (version !== '1.2' && rest.includes(':')) value = sexagesimal(rest, pyFloat);
  else value = pyFloat(rest);
  if (value === undefined) return unreadable('it is read as a number but is not one');
  return { type: 'number', value: value === 0 ? 0 : sign * value, as: 'float' };
}

/** The constructor's own pattern: laxer than the resolver's (one-digit months and days without a time). */
const TIMESTAMP =
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?\n?$/;

function timestamp(text: string): CliRead {
  const m = TIMESTAMP.exec(text);
  if (!m) return unreadable('it is not a timestamp');
  const [year, month, day] = [m[1], m[2], m[3]].map(Number);
  const daysInMonth = new Date(Date.UTC(2000 + (year % 400), month, 0)).getUTCDate();
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth) {
    return unreadable('it is read as a date but is not a real one');
  }
  if (m[4] === undefined) return { type: 'date', as: 'date' };
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) {
    return unreadable('it is read as a date and time but the time is not a real one');
  }
  return { type: 'date', as: 'datetime' };
}

const BASE64 = /[A-Za-z0-9+/]/;

/** Python's lenient `base64.decodebytes`: other characters are skipped, the padding must be right. */
function binary(text: string): CliRead {
  // eslint-disable-next-line no-control-regex
  if (!/^[\x00-\x7f]*$/.test(text)) return unreadable('base64 data must be ASCII');
  let quad = 0;
  let pads = 0;
  for (const c of text) {
    if (c === '=') {
      if (quad >= 2 && quad + ++pads >= 4) return { type: 'bytes' };
      continue;
    }
    if (!BASE64.test(c)) continue;
    pads = 0;
    quad = (quad + 1) % 4;
  }
  return quad === 0 ? { type: 'bytes' } : unreadable('its base64 data is cut short');
}

/** The type the YAML library gave a value (undefined for its other types: dates, binary, symbols). */
function libraryType(v: unknown): ScalarNode['type'] | undefined {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return undefined;
  }
}

/** The node of the YAML library's own reading (when the CLI's is unknown or fails). */
export function libraryNode(v: unknown, start: number, end: number, quoted: boolean): ScalarNode {
  if (v === null || v === undefined) return { type: 'null', value: null, start, end, quoted };
  if (typeof v === 'string') return { type: 'string', value: v, start, end, quoted };
  if (typeof v === 'number') return { type: 'number', value: v, start, end, quoted };
  if (typeof v === 'bigint') return { type: 'number', value: Number(v), start, end, quoted };
  if (typeof v === 'boolean') return { type: 'boolean', value: v, start, end, quoted };
  // Types the core schema does not have; anything else is shown as its text.
  return {
    type: 'string',
    value: typeof v === 'symbol' ? v.toString() : (JSON.stringify(v) ?? ''),
    start,
    end,
    quoted,
  };
}

export interface YamlScalar {
  /** The YAML library's value of the scalar (its core schema, or 1.1 under `%YAML 1.1`). */
  value: unknown;
  /** The scalar's text after escapes and line folding (what resolvers match). */
  source: string;
  plain: boolean;
  /** The explicit tag, resolved; undefined when there is none. */
  tag: string | undefined;
  version: YamlVersion;
  start: number;
  end: number;
}

/** A scalar's node as the AWS CLI reads it, and the problem when its loader cannot read it at all. */
export function cliScalarNode(s: YamlScalar): { node: ScalarNode; issue?: ParseIssue } {
  const quoted = !s.plain;
  const tag = s.tag !== undefined && s.tag !== '!' ? s.tag : undefined;
  const read = readScalar(s.source, s.plain, s.tag, s.version);
  if (!read || read.type === 'unreadable') {
    const node = libraryNode(s.value, s.start, s.end, quoted);
    if (tag !== undefined) node.tag = tag;
    if (!read) return { node };
    return {
      node,
      issue: {
        code: 'cli-yaml-unreadable',
        severity: 'error',
        message: `The AWS CLI cannot read this value: ${read.why}, so \`--cli-input-yaml\` rejects the file${tag === undefined && s.plain ? '. Quote it to send it as a string' : ''}.`,
        start: s.start,
        end: Math.max(s.end, s.start + 1),
      },
    };
  }
  const { start, end } = s;
  let node: ScalarNode;
  let kind: CliYamlType;
  switch (read.type) {
    case 'string':
      node = { type: 'string', value: read.value, start, end, quoted };
      kind = 'string';
      break;
    case 'boolean':
      node = { type: 'boolean', value: read.value, start, end, quoted };
      kind = 'boolean';
      break;
    case 'null':
      node = { type: 'null', value: null, start, end, quoted };
      kind = 'null';
      break;
    case 'number':
      node = { type: 'number', value: read.value, start, end, quoted };
      kind = read.as;
      break;
    case 'date':
      node = { type: 'date', value: s.source, start, end, quoted };
      kind = read.as;
      break;
    case 'bytes':
      node = { type: 'bytes', value: s.source, start, end, quoted };
      kind = 'bytes';
      break;
  }
  if (tag !== undefined) node.tag = tag;
  if (node.type !== libraryType(s.value)) node.cli = kind;
  return { node };
}
