/**
 * The mutations: structure-aware ones on lines, words, values and the parsed data (re-serialized as JSON or YAML),
 * byte-level ones on characters, and splices of other corpus entries. Each returns what it did, in a few words, and
 * the splices that do it, each on the text left by the ones before.
 */
import { parse, stringify } from 'yaml';
import type { Rng } from './prng';
import type { CorpusEntry } from './corpus';
import { CFN, MODEL, SCALARS, UNICODE, deepNesting, longString, recase, token } from './dictionary';

export interface Splice {
  start: number;
  end: number;
  text: string;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** A line range [from, to) as offsets. */
function lineRange(text: string, rng: Rng): { start: number; end: number; from: number; to: number } {
  const starts = lineStarts(text);
  const from = rng.int(starts.length);
  const to = Math.min(starts.length, from + rng.small(0.5, 20));
  return { start: starts[from], end: to < starts.length ? starts[to] : text.length, from, to };
}

function lineBoundary(text: string, rng: Rng): number {
  const starts = lineStarts(text);
  return rng.chance(0.1) ? text.length : starts[rng.int(starts.length)];
}

/** An offset, biased towards interesting places: line starts and ends, after `: `, inside quotes. */
function offset(text: string, rng: Rng): number {
  if (text.length === 0) return 0;
  const at = rng.int(text.length + 1);
  switch (rng.int(5)) {
    case 0:
      return text.lastIndexOf('\n', at - 1) + 1;
    case 1: {
      const e = text.indexOf('\n', at);
      return e < 0 ? text.length : e;
    }
    case 2: {
      const c = text.indexOf(': ', at);
      return c < 0 ? at : c + 2;
    }
    case 3: {
      const q = text.indexOf('"', at);
      return q < 0 ? at : q + 1;
    }
    default:
      return at;
  }
}

/** A random UTF-16 code unit, favouring the troublesome ones. */
function randomChar(rng: Rng): string {
  switch (rng.int(4)) {
    case 0:
      return String.fromCharCode(rng.int(0x80));
    case 1:
      return rng.pick(UNICODE);
    case 2:
      return String.fromCharCode(0xd800 + rng.int(0x800));
    default:
      return String.fromCharCode(rng.int(0x10000));
  }
}

type Value = unknown;

/** A value of some type, for structure-aware mutations. */
function randomValue(rng: Rng, depth = 0): Value {
  switch (rng.int(depth > 2 ? 7 : 10)) {
    case 0:
      return rng.pick(MODEL.enums);
    case 1:
      return rng.pick(SCALARS);
    case 2:
      return rng.pick([0, -1, 1.5, 2 ** 53 + 1, 1e308, 128, 2048]);
    case 3:
      return rng.chance(0.5);
    case 4:
      return null;
    case 5:
      return longString(rng, rng.pick([0, 1, 127, 257, 2049, 3000]));
    case 6:
      return rng.pick(UNICODE) + rng.pick(SCALARS);
    case 7:
      return Array.from({ length: rng.pick([0, 1, 2, 26, 51]) }, () => randomValue(rng, depth + 1));
    default: {
      const o: Record<string, Value> = {};
      for (let i = rng.int(4); i > 0; i--) o[rng.pick(MODEL.members)] = randomValue(rng, depth + 1);
      return o;
    }
  }
}

/** Mutates parsed data in place: rename, drop, retype, duplicate, wrap or add members and items. */
function mutateData(rng: Rng, data: Value, depth = 0): Value {
  if (Array.isArray(data)) {
    if (data.length && rng.chance(0.7)) {
      const i = rng.int(data.length);
      data[i] = mutateData(rng, data[i], depth + 1);
      return data;
    }
    const op = rng.int(3);
    if (op === 0 && data.length) data.splice(rng.int(data.length), 1);
    else if (op === 1 && data.length) {
      const first: unknown = data[0];
      data.push(...Array.from({ length: rng.pick([1, 25, 60]) }, () => first));
    } else data.push(randomValue(rng));
    return data;
  }
  if (data !== null && typeof data === 'object') {
    const o = data as Record<string, Value>;
    const keys = Object.keys(o);
    if (keys.length && rng.chance(0.6)) {
      const k = rng.pick(keys);
      o[k] = mutateData(rng, o[k], depth + 1);
      return o;
    }
    const k = keys.length ? rng.pick(keys) : undefined;
    switch (rng.int(6)) {
      case 0:
        if (k !== undefined) {
          const v = o[k];
          delete o[k];
          o[rng.chance(0.7) ? recase(rng, k) : rng.pick(MODEL.members)] = v;
        }
        break;
      case 1:
        if (k !== undefined) delete o[k];
        break;
      case 2:
        if (k !== undefined) o[k] = randomValue(rng);
        break;
      case 3:
        if (k !== undefined) o[k] = [o[k]];
        break;
      case 4:
        o[
          rng.chance(0.8)
            ? rng.pick(MODEL.members)
            : rng.pick(['', ' ', '__proto__', 'constructor', longString(rng, 300)])
        ] = randomValue(rng);
        break;
      default:
        if (k !== undefined) {
          let v: Value = o[k];
          for (let i = rng.pick([3, 20, 130]); i > 0; i--) v = { [rng.pick(MODEL.members)]: v };
          o[k] = v;
        }
    }
    return o;
  }
  return rng.chance(0.5) ? randomValue(rng) : data;
}

export type Mutation = (
  rng: Rng,
  text: string,
  c: { yaml: boolean; corpus: readonly CorpusEntry[] },
) => [string, Splice[]];

export const at = (start: number, end: number, text: string): Splice => ({ start, end, text });

export const MUTATIONS: readonly (readonly [number, Mutation])[] = [
  [
    5,
    (rng, t) => {
      const r = lineRange(t, rng);
      return [`delete lines ${r.from}-${r.to}`, [at(r.start, r.end, '')]];
    },
  ],
  [
    4,
    (rng, t) => {
      const r = lineRange(t, rng);
      const to = lineBoundary(t, rng);
      return [`duplicate lines ${r.from}-${r.to}`, [at(to, to, t.slice(r.start, r.end))]];
    },
  ],
  [
    4,
    (rng, t) => {
      const a = lineRange(t, rng);
      const b = lineRange(t.slice(0, a.start), rng);
      if (b.start === b.end) return ['swap lines (none)', []];
      const first = t.slice(b.start, b.end);
      const second = t.slice(a.start, a.end);
      return [
        `swap lines ${b.from}-${b.to} and ${a.from}-${a.to}`,
        [at(b.start, a.end, second + t.slice(b.end, a.start) + first)],
      ];
    },
  ],
  [
    4,
    (rng, t) => {
      const s = offset(t, rng);
      const n = rng.chance(0.8) ? rng.small(0.6, 30) : rng.int(t.length - s + 1);
      return [`delete ${n} at ${s}`, [at(s, Math.min(t.length, s + n), '')]];
    },
  ],
  [
    3,
    (rng, t) => {
      const s = offset(t, rng);
      const e = Math.min(t.length, s + rng.small(0.7, 200));
      const to = offset(t, rng);
      return [`duplicate ${s}-${e} to ${to}`, [at(to, to, t.slice(s, e))]];
    },
  ],
  [
    14,
    (rng, t, c) => {
      const s = offset(t, rng);
      let ins = '';
      for (let n = rng.small(0.4, 4); n > 0; n--) ins += token(rng, c.yaml);
      return [`insert ${JSON.stringify(ins.slice(0, 40))} at ${s}`, [at(s, s, ins)]];
    },
  ],
  [
    8,
    (rng, t, c) => {
      const words = [...t.matchAll(/[A-Za-z_][\w:-]*/g)];
      if (!words.length) return ['replace word (none)', []];
      const w = rng.pick(words);
      const word = w[0];
      const by = rng.weighted<() => string>([
        [3, () => recase(rng, word)],
        [3, () => rng.pick(MODEL.members)],
        [2, () => rng.pick(MODEL.enums)],
        [2, () => rng.pick(SCALARS)],
        [1, () => token(rng, c.yaml)],
        [1, () => word + rng.pick(UNICODE)],
      ])();
      return [
        `replace ${JSON.stringify(word.slice(0, 30))} by ${JSON.stringify(by.slice(0, 30))}`,
        [at(w.index, w.index + word.length, by)],
      ];
    },
  ],
  [
    6,
    (rng, t) => {
      // A value after `: ` up to the end of its line (YAML) or a JSON string value.
      const values = [...t.matchAll(/: *([^\n]*)/g)].filter(m => m[1].length > 0);
      if (!values.length) return ['replace value (none)', []];
      const m = rng.pick(values);
      const s = m.index + m[0].length - m[1].length;
      const by = rng.weighted<() => string>([
        [3, () => rng.pick(SCALARS)],
        [2, () => rng.pick(MODEL.enums)],
        [2, () => longString(rng)],
        [1, () => JSON.stringify(longString(rng))],
        [1, () => deepNesting(rng)],
        [1, () => rng.pick(CFN)],
        [1, () => `${m[1]}${rng.pick(UNICODE)}`],
      ])();
      return [`value → ${JSON.stringify(by.slice(0, 30))}`, [at(s, s + m[1].length, by)]];
    },
  ],
  [
    3,
    (rng, t, c) => {
      const other = rng.pick(c.corpus);
      const r = lineRange(other.text, rng);
      const to = lineBoundary(t, rng);
      let piece = other.text.slice(r.start, r.end);
      if (rng.chance(0.3)) piece = piece.replace(/^/gm, ' '.repeat(rng.pick([1, 2, 4])));
      return [`splice ${other.source} lines ${r.from}-${r.to} at ${to}`, [at(to, to, piece)]];
    },
  ],
  [
    1,
    (rng, t, c) => {
      const other = rng.pick(c.corpus);
      const cut = rng.int(t.length + 1);
      const from = rng.int(other.text.length + 1);
      return [`tail from ${other.source}`, [at(cut, t.length, other.text.slice(from))]];
    },
  ],
  [
    4,
    (rng, t) => {
      const r = lineRange(t, rng);
      const piece = t.slice(r.start, r.end);
      const how = rng.int(4);
      const out =
        how === 0
          ? piece.replace(/^/gm, ' '.repeat(rng.pick([1, 2, 3, 8])))
          : how === 1
            ? piece.replace(/^ {1,4}/gm, '')
            : how === 2
              ? piece.replace(/^( +)/gm, m => '\t'.repeat(Math.ceil(m.length / 2)))
              : piece.replace(/^( *)/gm, m => ' '.repeat(m.length * 2));
      return [`reindent lines ${r.from}-${r.to} (${how})`, [at(r.start, r.end, out)]];
    },
  ],
  [
    2,
    (rng, t) => {
      const cut = rng.int(t.length + 1);
      return [`truncate at ${cut}`, [at(cut, t.length, '')]];
    },
  ],
  [
    4,
    (rng, t) => {
      const splices: Splice[] = [];
      const n = rng.small(0.5, 5);
      for (let i = 0; i < n; i++) {
        const s = rng.int(t.length + 1);
        splices.push(at(s, Math.min(t.length, s + rng.int(2)), randomChar(rng)));
      }
      return [`flip ${n} characters`, splices];
    },
  ],
  [
    2,
    (rng, t) => {
      const eol = rng.pick(['\r\n', '\r', '\u2028', '\n\n']);
      if (rng.chance(0.5)) return [`line ends → ${JSON.stringify(eol)}`, [at(0, t.length, t.replace(/\n/g, eol))]];
      const i = t.indexOf('\n', rng.int(t.length + 1));
      return i < 0 ? ['line end (none)', []] : [`one line end → ${JSON.stringify(eol)}`, [at(i, i + 1, eol)]];
    },
  ],
  [
    2,
    rng => {
      const prefix = rng.pick([
        '\uFEFF',
        '# verified-identity: trust-provider\n',
        '# verified-identity: identity-source-update\n',
        '# verified-identity: nonsense\n',
        '---\n',
        '--- !!map\n',
        '%YAML 1.2\n---\n',
        '\n\n',
        '  ',
        '\t',
        '\uFEFF\uFEFF',
        '...\n',
      ]);
      return [`prefix ${JSON.stringify(prefix)}`, [at(0, 0, prefix)]];
    },
  ],
  [
    5,
    (rng, t) => {
      let data: Value;
      try {
        data = parse(t, { maxAliasCount: 100, uniqueKeys: false, logLevel: 'silent' });
      } catch {
        return ['structured (does not parse)', []];
      }
      data = mutateData(rng, data);
      const asJson = rng.chance(0.5);
      let out: string;
      try {
        out = asJson
          ? (JSON.stringify(data, null, rng.pick([0, 2, 4])) ?? '')
          : stringify(data, { aliasDuplicateObjects: false });
      } catch {
        return ['structured (does not serialize)', []];
      }
      return [`structured → ${asJson ? 'JSON' : 'YAML'}`, [at(0, t.length, out)]];
    },
  ],
  [
    0.3,
    (rng, _t, c) => {
      let soup = '';
      for (let n = rng.between(1, 40); n > 0; n--) soup += token(rng, c.yaml);
      return ['token soup', [at(0, _t.length, soup)]];
    },
  ],
];
