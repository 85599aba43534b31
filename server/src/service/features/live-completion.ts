/**
 * Completion from outside the file: entity types of the policy store's Cedar schema for `principalEntityType` and
 * `groupEntityType`, the account's policy stores (and aliases) for `policyStoreId`, deployed identity sources and
 * trust providers for the update IDs. Everything comes through the host; without it there is nothing to add.
 */
import { KINDS } from '../model/kinds';
import { LIMITS } from '../parse/limits';
import { entityTypeRefs, entityTypesFor, parseSchema, policyStoreIdOf } from '../semantic/cedar';
import type { SemanticHost } from '../semantic/host';
import type { RequestFile } from '../service';
import type { CompletionItem, Position } from '../types';
import { jsonContext } from './json-context';
import { documentAt } from './locate';
import { yamlContext } from './yaml-context';

export async function completeLive(
  file: RequestFile,
  position: Position,
  host: SemanticHost,
  signal?: AbortSignal,
): Promise<CompletionItem[]> {
  if (file.text.length > LIMITS.maxFileBytes) return [];
  const offset = file.lines.offsetAt(position);
  const ctx =
    file.format === 'json' ? jsonContext(file.text, offset, file.parsed.documents[0]) : yamlContext(file.lines, offset);
  if (!ctx || ctx.mode !== 'value') return [];
  const member = ctx.path[ctx.path.length - 1];
  if (typeof member !== 'string') return [];
  const start = 'valueStart' in ctx ? ctx.valueStart : ctx.replaceStart;
  const end = 'valueEnd' in ctx ? ctx.valueEnd : ctx.replaceEnd;
  const range = file.lines.range(start, end);
  const quote = file.format === 'json';
  const item = (value: string, detail: string, documentation?: string, sort = 0): CompletionItem => ({
    label: value,
    kind: 'value',
    detail,
    ...(documentation ? { documentation } : {}),
    insertText: quote ? JSON.stringify(value) : value,
    filterText: quote ? JSON.stringify(value) : value,
    isSnippet: false,
    range,
    sortText: `${sort}_${value}`,
  });

  const at = documentAt(file, offset);
  const root = at?.doc.root;
  const kind = at?.kind ?? file.association.base;
  if (
    KINDS[kind].service === 'verifiedpermissions' &&
    (member === 'principalEntityType' || member === 'groupEntityType')
  ) {
    if (!host.cedarSchema || !host.cedar) return [];
    const source = await host.cedarSchema(file.uri, policyStoreIdOf(root), signal);
    if (!source) return [];
    const schema = parseSchema(await host.cedar(), source);
    const principal = entityTypeRefs(root).principal?.node.value as string | undefined;
    return entityTypesFor(schema, member, principal).map((t, i) =>
      item(t, `entity type · ${source.origin}`, undefined, i),
    );
  }
  if (!host.lookup) return [];
  let query: Parameters<NonNullable<SemanticHost['lookup']>>[0] | undefined;
  if (member === 'policyStoreId' && ctx.path.length === 1) query = { what: 'policyStores' };
  else if (member === 'identitySourceId' && ctx.path.length === 1) {
    const store = policyStoreIdOf(root);
    if (store) query = { what: 'identitySources', policyStoreId: store };
  } else if (member === 'VerifiedAccessTrustProviderId' && ctx.path.length === 1) query = { what: 'trustProviders' };
  if (!query) return [];
  const res = await host.lookup(query, signal);
  if (!res.available || !res.items) return [];
  return res.items.map((x, i) => item(x.id, x.label ?? '', x.description, i));
}
