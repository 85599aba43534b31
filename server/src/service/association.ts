/**
 * Which files are ours and of which kind (SPEC §2): default globs, the `verifiedIdentity.files` setting, the YAML
 * first-line modeline, and create-vs-update from the content.
 */
import picomatch from 'picomatch';
import { getValue, isObject, type Node } from './parse/ast';
import { KINDS, isBaseKind, isKind, updateKindOf } from './model/kinds';
import type { BaseKind, Kind } from './types';

export const DEFAULT_ASSOCIATIONS: Readonly<Record<string, BaseKind>> = {
  '**/*.identity-source.{json,yaml,yml}': 'identity-source',
  '**/*.trust-provider.{json,yaml,yml}': 'trust-provider',
};

export interface Association {
  base: BaseKind;
  /** A full kind the file forces (modeline `identity-source-update`, CLI `--kind`). */
  forced?: Kind;
  by: 'default' | 'setting' | 'modeline' | 'content' | 'option';
}

const MODELINE = /^#\s*verified-identity:\s*([a-z-]+)\s*$/;

/** The kind named on a YAML file's first line: `# verified-identity: trust-provider`. */
export function modelineKind(text: string): Kind | undefined {
  const nl = text.indexOf('\n');
  const first = (nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, '').replace(/^\uFEFF/, '');
  const m = MODELINE.exec(first);
  return m && isKind(m[1]) ? m[1] : undefined;
}

/** File system path of a `file:` URI or a plain path, with forward slashes. */
export function pathOf(uriOrPath: string): string {
  let p = uriOrPath;
  if (p.startsWith('file://')) {
    try {
      p = decodeURIComponent(new URL(p).pathname);
    } catch {
      p = p.slice(7);
    }
    if (/^\/[A-Za-z]:\//.test(p)) p = p.slice(1);
  }
  return p.replace(/\\/g, '/');
}

type Matcher = (path: string) => boolean;
const matcherCache = new Map<string, Matcher>();

function matcher(glob: string): Matcher {
  let m = matcherCache.get(glob);
  if (!m) {
    const anchored = glob.startsWith('/') || glob.startsWith('**') || /^[A-Za-z]:\//.test(glob) ? glob : `**/${glob}`;
    m = picomatch(anchored, { dot: true, nocase: false });
    if (matcherCache.size > 500) matcherCache.clear();
    matcherCache.set(glob, m);
  }
  return m;
}

/**
 * The association of a file, or undefined when it is not one of ours. User globs win over the defaults; a YAML
 * modeline wins over both.
 */
export function associate(
  uriOrPath: string,
  text: string | undefined,
  files: Readonly<Record<string, string>> = {},
  isYaml = true,
): Association | undefined {
  if (isYaml && text !== undefined) {
    const m = modelineKind(text);
    if (m) return { base: KINDS[m].base, forced: isBaseKind(m) ? undefined : m, by: 'modeline' };
  }
  const path = pathOf(uriOrPath);
  for (const [glob, kind] of Object.entries(files)) {
    if (isBaseKind(kind) && matcher(glob)(path)) return { base: kind, by: 'setting' };
  }
  for (const [glob, kind] of Object.entries(DEFAULT_ASSOCIATIONS)) {
    if (matcher(glob)(path)) return { base: kind, by: 'default' };
  }
  return undefined;
}

/** Create or update, from the members present (SPEC §2 "chosen when"). */
export function documentKind(base: BaseKind, root: Node | undefined, forced?: Kind): Kind {
  if (forced) return forced;
  const markers = KINDS[updateKindOf(base)].updateMarkers;
  if (isObject(root) && markers.some(m => getValue(root, m) !== undefined || root.properties.some(p => p.key === m))) {
    return updateKindOf(base);
  }
  return base;
}

/** Guess the base kind of an unassociated file from its members (CLI on an explicit path). */
export function sniffBaseKind(root: Node | undefined): BaseKind | undefined {
  if (!isObject(root)) return undefined;
  const keys = new Set(root.properties.map(p => p.key));
  const is = ['policyStoreId', 'configuration', 'updateConfiguration', 'identitySourceId', 'principalEntityType'];
  const tp = [
    'TrustProviderType',
    'PolicyReferenceName',
    'VerifiedAccessTrustProviderId',
    'OidcOptions',
    'DeviceOptions',
  ];
  const a = is.filter(k => keys.has(k)).length;
  const b = tp.filter(k => keys.has(k)).length;
  if (a === 0 && b === 0) return undefined;
  return a >= b ? 'identity-source' : 'trust-provider';
}
