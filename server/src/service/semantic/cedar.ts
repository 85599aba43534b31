/**
 * Cedar checks for identity sources: `principalEntityType` and every `groupEntityType` exist in the policy store's
 * schema, and the group type is a parent (`memberOfTypes`) of the principal type.
 */
import { getValue, type Node } from '../parse/ast';
import type { ParsedDocument } from '../parse';
import { R } from '../rules/semantic';
import type { Finding } from '../rules/context';
import { quote } from '../rules/describe';
import { suggest } from '../suggest';
import { indexSchema, type SchemaIndex } from './cedar-schema';
import type { CedarEngine, CedarSchemaError, CedarSchemaSource } from './host';

export type ParsedSchema =
  { ok: true; index: SchemaIndex } | { ok: false; errors: CedarSchemaError[]; origin: string; unreadable?: boolean };

/** Parsed schemas by text (a few schemas per workspace; bounded). */
const schemaCache = new Map<string, ParsedSchema>();

export function parseSchema(engine: CedarEngine, source: CedarSchemaSource): ParsedSchema {
  const key = `${source.format}\u0000${source.origin}\u0000${source.text}`;
  if (source.unreadable)
    return { ok: false, errors: [{ message: source.unreadable }], origin: source.origin, unreadable: true };
  let parsed = schemaCache.get(key);
  if (!parsed) {
    const r = engine.parseSchema(source.text, source.format);
    parsed = r.ok
      ? { ok: true, index: indexSchema(r.json, source.origin) }
      : { ok: false, errors: r.errors, origin: source.origin };
    if (schemaCache.size > 32) schemaCache.clear();
    schemaCache.set(key, parsed);
  }
  return parsed;
}

interface EntityRef {
  node: Node & { type: 'string' };
  path: string;
}

function stringAt(root: Node | undefined, path: string[]): EntityRef | undefined {
  let n = root;
  for (const k of path) n = getValue(n, k);
  return n?.type === 'string' && n.value !== '' ? { node: n as EntityRef['node'], path: path.join('.') } : undefined;
}

/** The entity types an identity-source document names. */
export function entityTypeRefs(root: Node | undefined): { principal?: EntityRef; groups: EntityRef[] } {
  const conf = getValue(root, 'configuration') ? 'configuration' : 'updateConfiguration';
  return {
    principal: stringAt(root, ['principalEntityType']),
    groups: [
      stringAt(root, [conf, 'cognitoUserPoolConfiguration', 'groupConfiguration', 'groupEntityType']),
      stringAt(root, [conf, 'openIdConnectConfiguration', 'groupConfiguration', 'groupEntityType']),
    ].filter((x): x is EntityRef => x !== undefined),
  };
}

export function policyStoreIdOf(root: Node | undefined): string | undefined {
  const v = getValue(root, 'policyStoreId');
  return v?.type === 'string' && v.value !== '' ? (v.value as string) : undefined;
}

export function cedarFindings(doc: ParsedDocument, schema: ParsedSchema): Finding[] {
  const out: Finding[] = [];
  const refs = entityTypeRefs(doc.root);
  const all = [...(refs.principal ? [refs.principal] : []), ...refs.groups];
  if (all.length === 0) return out;
  if (!schema.ok) {
    const first = all[0];
    // The host reduces errors to a reason and a position: the schema's own text never reaches a message.
    const e = schema.errors[0];
    const where = e?.line !== undefined ? `line ${e.line}, column ${e.column ?? 1}: ` : '';
    out.push({
      rule: R.cedarSchemaInvalid,
      severity: R.cedarSchemaInvalid.severity,
      message: `Entity types were not checked: the Cedar schema ${schema.origin} ${schema.unreadable ? 'cannot be read' : 'does not parse'} (${where}${e?.message ?? 'unknown error'}).`,
      start: first.node.start,
      end: first.node.end,
      path: first.path,
    });
    return out;
  }
  const { parents, origin } = schema.index;
  const known = [...parents.keys()];
  for (const ref of all) {
    const name = ref.node.value as string;
    if (parents.has(name)) continue;
    // A missing or wrong namespace is the usual mistake: match on the last segment first.
    const leaf = (t: string) => t.slice(t.lastIndexOf(':') + 1).toLowerCase();
    const sameLeaf = known.filter(t => leaf(t) === leaf(name));
    const suggestion = sameLeaf.length === 1 ? sameLeaf[0] : suggest(name, known);
    out.push({
      rule: R.cedarUnknownType,
      severity: R.cedarUnknownType.severity,
      message: `${quote(name)} is not an entity type of the Cedar schema (checked against ${origin}).${suggestion ? ` Did you mean '${suggestion}'?` : ''}${known.length ? ` Declared: ${known.slice(0, 8).join(', ')}${known.length > 8 ? ', …' : ''}.` : ' The schema declares no entity types.'}`,
      start: ref.node.start,
      end: ref.node.end,
      path: ref.path,
      data: { ...(suggestion ? { suggestion } : {}), schema: origin },
    });
  }
  const principal = refs.principal?.node.value as string | undefined;
  if (principal && parents.has(principal)) {
    for (const g of refs.groups) {
      const group = g.node.value as string;
      if (!parents.has(group) || parents.get(principal)!.has(group)) continue;
      out.push({
        rule: R.cedarNotParent,
        severity: R.cedarNotParent.severity,
        message: `${JSON.stringify(group)} is not a parent type of ${JSON.stringify(principal)} in the Cedar schema (checked against ${origin}): add it to ${principal}'s memberOfTypes (\`entity ${principal.split('::').pop()} in [${group.split('::').pop()}]\`), or users can never be in these groups.`,
        start: g.node.start,
        end: g.node.end,
        path: g.path,
        data: { schema: origin },
      });
    }
  }
  return out;
}

/** Entity types for completion of `principalEntityType` / `groupEntityType` values. */
export function entityTypesFor(
  schema: ParsedSchema,
  member: 'principalEntityType' | 'groupEntityType',
  principal?: string,
): string[] {
  if (!schema.ok) return [];
  const types = [...schema.index.parents.keys()].sort();
  if (member === 'groupEntityType' && principal && schema.index.parents.has(principal)) {
    const parents = schema.index.parents.get(principal)!;
    return [...parents]
      .filter(p => schema.index.parents.has(p))
      .sort()
      .concat(types.filter(t => !parents.has(t)));
  }
  return types;
}
