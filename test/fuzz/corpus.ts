/**
 * The seed corpus the mutator starts from: every fixture request file (with the inline `^^^` markers removed), the
 * official request examples in JSON and YAML, the demo workspace, and any CloudFormation template fixture
 * (`*.template.*`, `template.*`, `*.cfn.*`, anything under `cdk.out/`) as soon as one is added. The listing is
 * sorted, so a (seed, index) pair names the same case as long as the corpus is unchanged.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { stringify } from 'yaml';

export interface CorpusEntry {
  /** The file name the entry is fuzzed under, unless the case renames it. */
  name: string;
  /** Where it came from (a path relative to the repository root, or an example's ID). */
  source: string;
  text: string;
  /** A CloudFormation template (kept under its own name: it is associated by name once templates are a kind). */
  template: boolean;
}

/** The repository root, from `out/test/fuzz` or `test/fuzz`. */
export const ROOT = (() => {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    try {
      if (statSync(join(dir, 'package.json')).isFile() && statSync(join(dir, 'server')).isDirectory()) return dir;
    } catch {
      /* keep looking */
    }
    dir = join(dir, '..');
  }
  throw new Error('repository root not found');
})();

export const TEMPLATE_NAME = /(?:^|[\\/])(?:[^\\/]*\.)?template\.[^\\/]+$|\.cfn\.[^\\/]+$|(?:^|[\\/])cdk\.out[\\/]/i;
const REQUEST_EXTENSION = /\.(?:json|ya?ml)$/i;
/** Fixture folders that hold no request material (TextMate grammars, TLS keys). */
const SKIP_DIRS = new Set(['grammars', 'tls', 'node_modules']);
/** Bigger files are left out: the mutator makes big inputs itself, and most cases should stay quick. */
const MAX_ENTRY_BYTES = 256 * 1024;
/** The fixture marker lines of test/unit/helpers.ts (`   ^^^ error code: message`). */
const MARKER = /^\s*(?:!\^|\^+(?:\.\.\.)?)\s+(?:error|warning|information|hint)\s+[a-z-]+(?::.*)?$/;

function walk(dir: string, out: string[]): void {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    let st;
    try {
      st = statSync(path);
    } catch {
      continue;
    }
    if (st.isDirectory()) {
      if (!SKIP_DIRS.has(name)) walk(path, out);
    } else if (st.isFile() && st.size <= MAX_ENTRY_BYTES) out.push(path);
  }
}

export function stripMarkers(text: string): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return text
    .split(/\r?\n/)
    .filter(line => !MARKER.test(line))
    .join(eol);
}

interface Example {
  id: string;
  operation: string;
  input: Record<string, unknown>;
  fragmentPath?: string;
}

const EXAMPLE_BASE: Record<string, string> = {
  CreateIdentitySource: 'identity-source',
  UpdateIdentitySource: 'identity-source',
  CreateVerifiedAccessTrustProvider: 'trust-provider',
  ModifyVerifiedAccessTrustProvider: 'trust-provider',
};

function examples(root: string): CorpusEntry[] {
  const path = join(root, 'test', 'reference', 'examples.json');
  const all = (JSON.parse(readFileSync(path, 'utf8')) as { examples: Example[] }).examples;
  const out: CorpusEntry[] = [];
  for (const e of all) {
    const base = EXAMPLE_BASE[e.operation];
    if (!base) continue;
    const input = e.fragmentPath ? { policyStoreId: 'PSEXAMPLEabcdefg111111', [e.fragmentPath]: e.input } : e.input;
    out.push(
      {
        name: `${e.id}.${base}.json`,
        source: `examples.json#${e.id}`,
        text: JSON.stringify(input, null, 2),
        template: false,
      },
      { name: `${e.id}.${base}.yaml`, source: `examples.json#${e.id}`, text: stringify(input), template: false },
    );
  }
  return out;
}

let cached: CorpusEntry[] | undefined;

export function loadCorpus(root = ROOT): CorpusEntry[] {
  if (cached && root === ROOT) return cached;
  const files: string[] = [];
  walk(join(root, 'test', 'fixtures'), files);
  walk(join(root, 'demo', 'workspace'), files);
  const templates: string[] = [];
  walk(join(root, 'test', 'reference'), templates);
  files.push(...templates.filter(p => TEMPLATE_NAME.test(relative(root, p))));
  const entries: CorpusEntry[] = [];
  for (const path of files) {
    const rel = relative(root, path).split(sep).join('/');
    const template = TEMPLATE_NAME.test(rel);
    if (!template && !REQUEST_EXTENSION.test(path)) continue;
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    entries.push({ name, source: rel, text: stripMarkers(readFileSync(path, 'utf8')), template });
  }
  entries.push(...examples(root));
  if (root === ROOT) cached = entries;
  return entries;
}
