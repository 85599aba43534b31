/**
 * EC2 reports one parameter error at a time, as a code and a sentence, with no field list. This maps the sentence
 * back to a member path of the request so the error can sit on the right line of the file: a wire key
 * (`OidcOptions.Issuer`, `TagSpecification.1.Tag.1.Key`), a quoted value that occurs once in the request, or a quoted
 * member name. Pure: no `vscode`, no SDK.
 */
import type { FieldError } from './errors';

/** Query-protocol names that differ from the member names (`locationName`/`queryName` of the list members). */
const WIRE_TO_MEMBER: Readonly<Record<string, string>> = {
  TagSpecification: 'TagSpecifications',
  Tag: 'Tags',
  VerifiedAccessTrustProviderId: 'VerifiedAccessTrustProviderId',
  Filter: 'Filters',
};

/** Top-level members of the Create/Modify trust provider requests. */
const TOP_LEVEL = new Set([
  'TrustProviderType',
  'UserTrustProviderType',
  'DeviceTrustProviderType',
  'OidcOptions',
  'DeviceOptions',
  'PolicyReferenceName',
  'Description',
  'TagSpecifications',
  'ClientToken',
  'DryRun',
  'SseSpecification',
  'NativeApplicationOidcOptions',
  'VerifiedAccessTrustProviderId',
]);

/** `TagSpecification.1.Tag.2.Key` → `TagSpecifications[0].Tags[1].Key`; `OidcOptions.Issuer` unchanged. */
export function wireKeyToPath(key: string): string {
  let path = '';
  for (const part of key.split('.')) {
    if (/^\d+$/.test(part)) path += `[${Number(part) - 1}]`;
    else path += `${path ? '.' : ''}${WIRE_TO_MEMBER[part] ?? part}`;
  }
  return path;
}

type Leaf = { path: string; key: string; value: unknown };

function leaves(v: unknown, path = '', key = '', out: Leaf[] = []): Leaf[] {
  if (out.length > 2000) return out;
  if (Array.isArray(v)) v.forEach((x, i) => leaves(x, `${path}[${i}]`, key, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const p = path ? `${path}.${k}` : k;
      out.push({ path: p, key: k, value: x });
      if (x && typeof x === 'object') leaves(x, p, k, out);
    }
  }
  return out;
}

/** The member path(s) an EC2 parameter error is about; `[{ path: '', … }]` when the message names none. */
export function ec2ErrorPaths(message: string, input: unknown): FieldError[] {
  const all = leaves(input);
  const at = (path: string): FieldError[] => [{ path, message }];

  // 1. Wire keys: dotted PascalCase names, with or without list indexes.
  for (const m of message.matchAll(/\b([A-Z][A-Za-z0-9]*(?:\.(?:\d+|[A-Z][A-Za-z0-9]*))+)\b/g)) {
    const path = wireKeyToPath(m[1]);
    if (TOP_LEVEL.has(path.split(/[.[]/)[0])) return at(path);
  }
  // 2. A quoted value that occurs exactly once among the request's scalar values.
  for (const m of message.matchAll(/"([^"\n]{1,512})"|\(([^()\n]{1,512})\)/g)) {
    const value = m[1] ?? m[2];
    const hits = all.filter(l => typeof l.value === 'string' && l.value === value);
    if (hits.length === 1) return at(hits[0].path);
  }
  // 3. A member name, quoted or after "parameter": where the request has it, else where it would be (top level).
  for (const m of message.matchAll(/'([A-Za-z][A-Za-z0-9]*)'|\bparameter ([A-Z][A-Za-z0-9]*)\b/g)) {
    const name = WIRE_TO_MEMBER[m[1] ?? m[2]] ?? m[1] ?? m[2];
    const hit = all.find(l => l.key === name);
    if (hit) return at(hit.path);
    if (TOP_LEVEL.has(name)) return at(name);
  }
  // 4. A top-level member named anywhere ("OidcOptions can only be modified on …"): the request's own first.
  const named = [...message.matchAll(/\b([A-Z][A-Za-z]+)\b/g)].map(m => m[1]).filter(n => TOP_LEVEL.has(n));
  const present = named.find(n => all.some(l => l.path === n));
  if (present ?? named[0]) return at(present ?? named[0]);
  return at('');
}
