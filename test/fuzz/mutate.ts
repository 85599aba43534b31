/**
 * The mutator: case `index` of a campaign with `seed` is a corpus entry, a file name, and a few mutations
 * (`mutations.ts`), all drawn from `caseRng(seed, index)`. Mutations are recorded as splices on the text as it was at
 * that step, so the language-server target can replay them as incremental edits.
 */
import { caseRng, type Rng } from './prng';
import type { CorpusEntry } from './corpus';
import { MUTATIONS, at, type Splice } from './mutations';

export type { Splice } from './mutations';

export interface FuzzCase {
  seed: number;
  index: number;
  /** The corpus entry it started from. */
  source: string;
  /** The file name it is checked under. */
  name: string;
  original: string;
  text: string;
  /** From `original` to `text`, each on the text left by the ones before. */
  splices: Splice[];
  /** What was done, in a few words per mutation. */
  ops: string[];
  /** Offsets into `text` (and two wild positions) where hover, completion and code actions are asked. */
  offsets: number[];
}

/** Texts grow no further than this (a little over the service's 2 MB refusal limit, to reach it now and then). */
const MAX_TEXT = 2_300_000;
const KIND_SUFFIX = /\.(identity-source|trust-provider)\.(json|ya?ml)$/i;
function applySplice(text: string, s: Splice): string {
  return text.slice(0, s.start) + s.text + text.slice(s.end);
}

function yamlName(name: string): boolean {
  return !/\.json$/i.test(name);
}

/** The name a case is checked under: the entry's own, or with the other format or kind, or a neutral one. */
function chooseName(rng: Rng, entry: CorpusEntry): string {
  if (entry.template) return entry.name;
  const how = rng.weighted<string>([
    [70, 'keep'],
    [10, 'format'],
    [10, 'kind'],
    [5, 'yml'],
    [5, 'neutral'],
  ]);
  const m = KIND_SUFFIX.exec(entry.name);
  const stem = m ? entry.name.slice(0, m.index) : entry.name.replace(/\.[^.]*$/, '');
  const kind = m?.[1] ?? rng.pick(['identity-source', 'trust-provider']);
  const ext = m?.[2] ?? (yamlName(entry.name) ? 'yaml' : 'json');
  switch (how) {
    case 'format':
      return `${stem}.${kind}.${ext === 'json' ? 'yaml' : 'json'}`;
    case 'kind':
      return `${stem}.${kind === 'identity-source' ? 'trust-provider' : 'identity-source'}.${ext}`;
    case 'yml':
      return `${stem}.${kind}.yml`;
    case 'neutral':
      return `${stem}.${ext}`;
    default:
      return m ? entry.name : `${stem}.${kind}.${ext}`;
  }
}

/** Case `index` of the campaign `seed` over `corpus`: a pure function of its arguments. */
export function generateCase(corpus: readonly CorpusEntry[], seed: number, index: number): FuzzCase {
  const rng = caseRng(seed, index);
  const entry = rng.pick(corpus);
  const name = chooseName(rng, entry);
  const yaml = yamlName(name);
  let text = entry.text;
  const splices: Splice[] = [];
  const ops: string[] = [];
  const count = rng.chance(0.04) ? 0 : rng.small(0.55, 10);
  for (let i = 0; i < count; i++) {
    const [what, list] = rng.weighted(MUTATIONS)(rng, text, { yaml, corpus });
    let applied = 0;
    for (const raw of list) {
      const start = Math.min(raw.start, text.length);
      const s = at(start, Math.max(start, Math.min(raw.end, text.length)), raw.text);
      const next = applySplice(text, s);
      if (next.length > MAX_TEXT && next.length > text.length) continue;
      text = next;
      splices.push(s);
      applied++;
    }
    if (applied) ops.push(what);
  }
  const offsets = Array.from({ length: 3 }, () => rng.int(text.length + 1));
  offsets.push(text.length);
  return { seed, index, source: entry.source, name, original: entry.text, text, splices, ops, offsets };
}

/** Replays a case's splices (a check that they produce its text). */
export function replay(c: FuzzCase): string {
  return c.splices.reduce(applySplice, c.original);
}
