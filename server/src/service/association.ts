/**
 * Which files are ours and of which kind (SPEC §2, §9): default globs, the `verifiedIdentity.files` setting, the YAML
 * first-line modeline, CloudFormation templates by name or content, and create-vs-update from the content.
 *
 * A template is ours only when it declares one of the three resource types. The association decides cheaply, from
 * the name and a scan of the text for the type names (about a millisecond for 5 MB); the template analysis then makes
 * sure from the syntax tree (`template/collect.ts`), and a template that declares none of them gets nothing.
 */
import picomatch from 'picomatch';
import { getValue, isObject, type Node } from './parse/ast';
import { KINDS, isBaseKind, isKind, updateKindOf } from './model/kinds';
import type { BaseFileKind, BaseKind, Kind } from './types';

export const TEMPLATE_KIND = 'cloudformation';

export const DEFAULT_ASSOCIATIONS: Readonly<Record<string, BaseFileKind>> = {
  '**/*.identity-source.{json,yaml,yml}': 'identity-source',
  '**/*.trust-provider.{json,yaml,yml}': 'trust-provider',
  '**/*.template.{json,yaml,yml}': 'cloudformation',
  '**/template.{json,yaml,yml}': 'cloudformation',
  '**/*.cfn.{json,yaml,yml}': 'cloudformation',
  '**/cdk.out/**/*.template.json': 'cloudformation',
};

export interface Association {
  base: BaseFileKind;
  /** A full kind the file forces (modeline `identity-source-update`, CLI `--kind`). */
  forced?: Kind;
  by: 'default' | 'setting' | 'modeline' | 'content' | 'option';
}

/**
 * Whether a text names one of the three resource types (the cheap first test of a template). One regular expression
 * with a literal prefix: V8 skips through the text for `AWS::`, so 5 MB of unrelated JSON costs about a millisecond.
 */
export function mentionsTemplateTypes(text: string): boolean {
  return TYPE_NAMES.test(text);
}
const TYPE_NAMES = /AWS::(?:VerifiedPermissions::(?:IdentitySource|PolicyStore)|EC2::VerifiedAccessTrustProvider)\b/;

const MODELINE = /^#\s*verified-identity:\s*([a-z-]+)\s*$/;

/** The kind named on a YAML file's first line: `# verified-identity: trust-provider` (or `cloudformation`). */
export function modelineKind(text: string): Kind | 'cloudformation' | undefined {
  const nl = text.indexOf('\n');
  const first = (nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, '').replace(/^\uFEFF/, '');
  const m = MODELINE.exec(first);
  return m && (isKind(m[1]) || m[1] === TEMPLATE_KIND) ? m[1] : undefined;
}

export function isBaseFileKind(s: unknown): s is BaseFileKind {
  return typeof s === 'string' && (isBaseKind(s) || s === TEMPLATE_KIND);
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

/** The association a file's name (and the settings) give it, before its content is looked at. */
export function associateByName(
  uriOrPath: string,
  files: Readonly<Record<string, string>> = {},
): Association | undefined {
  const path = pathOf(uriOrPath);
  for (const [glob, kind] of Object.entries(files)) {
    if (isBaseFileKind(kind) && matcher(glob)(path)) return { base: kind, by: 'setting' };
  }
  for (const [glob, kind] of Object.entries(DEFAULT_ASSOCIATIONS)) {
    if (matcher(glob)(path)) return { base: kind, by: 'default' };
  }
  return undefined;
}

/**
 * The association of a file, or undefined when it is not one of ours. User globs win over the defaults; a YAML
 * modeline wins over both. A template (by name, setting or modeline) is ours only when its text names one of the
 * three resource types; with `content`, any other JSON or YAML text that names one is taken for a template too.
 * Without a text (a directory walk deciding what to read), a template name is enough.
 */
export function associate(
  uriOrPath: string,
  text: string | undefined,
  files: Readonly<Record<string, string>> = {},
  isYaml = true,
  content = false,
): Association | undefined {
  const declares = () => text === undefined || mentionsTemplateTypes(text);
  if (isYaml && text !== undefined) {
    const m = modelineKind(text);
    if (m === TEMPLATE_KIND) return declares() ? { base: TEMPLATE_KIND, by: 'modeline' } : undefined;
    if (m) return { base: KINDS[m].base, forced: isBaseKind(m) ? undefined : m, by: 'modeline' };
  }
  const named = associateByName(uriOrPath, files);
  if (named) return named.base !== TEMPLATE_KIND || declares() ? named : undefined;
  if (content && text !== undefined && mentionsTemplateTypes(text)) return { base: TEMPLATE_KIND, by: 'content' };
  return undefined;
}

/**
 * A cheap "is this file ours?" for callers that must not parse (the extension deciding whether to start the language
 * server): true for request files by name, setting or modeline, and for JSON or YAML text that names one of the three
 * resource types. A template whose tree then shows none of them declared still gets nothing from the server.
 */
export function mayBeOurs(
  uriOrPath: string,
  text: string | undefined,
  files: Readonly<Record<string, string>> = {},
  languageId?: string,
): boolean {
  const path = pathOf(uriOrPath).toLowerCase();
  const json = languageId === 'json' || languageId === 'jsonc' || /\.json$/.test(path);
  const yaml = languageId === 'yaml' || /\.ya?ml$/.test(path);
  return associate(uriOrPath, text, files, yaml || !json, json || yaml) !== undefined;
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
