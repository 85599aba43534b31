/**
 * The semantic checks inside a template (SPEC §9). Cedar: an identity source whose `PolicyStoreId` is `Ref Store` or
 * `Fn::GetAtt Store.PolicyStoreId` of a policy store in the same template with a literal `Schema` (`CedarJson`, a JSON
 * string, or `CedarFormat`) is checked against that schema, with the request files' codes and messages; a schema that
 * does not parse is reported at the schema. Otherwise the schema comes from the host as for request files (the
 * setting, a file beside the template, the deployed schema of a literal ID). OIDC discovery: literal issuers, exactly
 * as for request files (the host decides whether anything is fetched). Both run on the request view of each variant of
 * the properties (`template/check.ts`), and their paths are mapped back to property paths.
 */
import { propertiesToRequestNode, requestPathToCfn } from '../model/cloudformation';
import type { ParsedDocument, ParsedFile } from '../parse';
import { findProperty, getValue, isObject, joinPath, type Node } from '../parse/ast';
import type { Finding } from '../rules/context';
import { R } from '../rules/semantic';
import { getAttParts, intrinsicOf } from '../template/intrinsics';
import type { TemplateAnalysis, TemplateResource } from '../template/types';
import { resolveVariant, variantsOf } from '../template/variants';
import { cedarFindings, parseSchema, type ParsedSchema } from './cedar';
import type { CedarSchemaSource, SemanticHost } from './host';
import { oidcFindings } from './oidc';

const POLICY_STORE = 'AWS::VerifiedPermissions::PolicyStore';

/** A policy store of the template, if `PolicyStoreId` refers to one (`Ref` or `Fn::GetAtt … PolicyStoreId`). */
function storeOf(analysis: TemplateAnalysis, id: Node | undefined): TemplateResource | undefined {
  const f = intrinsicOf(id);
  let logicalId: string | undefined;
  if (f?.name === 'Ref' && f.arg?.type === 'string') logicalId = f.arg.value as string;
  if (f?.name === 'Fn::GetAtt') {
    const parts = getAttParts(f.arg);
    if (parts.attribute === 'PolicyStoreId') logicalId = parts.logicalId;
  }
  return analysis.resources.find(r => r.logicalId === logicalId && r.type === POLICY_STORE);
}

/** A policy store's literal schema: its text, format and the node it is written in. */
function schemaOf(store: TemplateResource): { source: CedarSchemaSource; node: Node; path: string } | undefined {
  const schema = getValue(store.properties?.value, 'Schema');
  if (!isObject(schema)) return undefined;
  for (const [key, format] of [
    ['CedarJson', 'json'],
    ['CedarFormat', 'cedar'],
  ] as const) {
    const v = findProperty(schema, key)?.value;
    if (v?.type !== 'string') continue;
    return {
      source: { text: v.value as string, format, origin: `policy store ${store.logicalId} in this template` },
      node: v,
      path: joinPath(joinPath(joinPath(store.path, 'Properties'), 'Schema'), key),
    };
  }
  return undefined;
}

/** The request views of a resource's properties, one per variant of its `Fn::If`. */
function requestViews(resource: TemplateResource): Node[] {
  const value = resource.properties?.value;
  if (!isObject(value)) return [];
  const variants = variantsOf(value);
  const out: Node[] = [];
  for (const choice of variants.choices) {
    const view = resolveVariant(value, variants, choice);
    if (isObject(view)) out.push(propertiesToRequestNode(resource.info, view));
  }
  return out;
}

export async function templateSemanticFindings(
  file: ParsedFile,
  doc: ParsedDocument,
  analysis: TemplateAnalysis,
  host: SemanticHost,
  uri: string,
  signal?: AbortSignal,
): Promise<Finding[]> {
  const out: Finding[] = [];
  const reported = new Set<TemplateResource>();
  const seen = new Set<string>();
  const add = (resource: TemplateResource, findings: Finding[]) => {
    for (const f of findings) {
      const path = joinPath(joinPath(resource.path, 'Properties'), requestPathToCfn(resource.info, f.path));
      const key = `${f.rule.code}\u0000${f.start}\u0000${f.end}\u0000${f.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ ...f, path });
    }
  };
  // Every policy store's literal schema is parsed, whether or not an identity source of the template names it.
  if (host.cedar) {
    for (const store of analysis.resources) {
      if (store.type !== POLICY_STORE || signal?.aborted) continue;
      const literal = schemaOf(store);
      if (!literal) continue;
      const parsed = parseSchema(await host.cedar(), literal.source);
      if (!parsed.ok) {
        reported.add(store);
        out.push(invalidSchema(store, literal.node, literal.path, parsed));
      }
    }
  }
  for (const resource of analysis.resources) {
    if (signal?.aborted) break;
    const kind = resource.info.kind;
    if (!kind) continue;
    const views = requestViews(resource);
    if (kind === 'identity-source' && host.cedar) {
      const id = getValue(resource.properties?.value, 'PolicyStoreId');
      const store = storeOf(analysis, id);
      const inTemplate = store && schemaOf(store);
      let schema: ParsedSchema | undefined;
      if (inTemplate) {
        schema = parseSchema(await host.cedar(), inTemplate.source);
        if (!schema.ok) {
          if (store && !reported.has(store)) {
            reported.add(store);
            out.push(invalidSchema(store, inTemplate.node, inTemplate.path, schema));
          }
          schema = undefined;
        }
      } else if (host.cedarSchema) {
        const literal = id?.type === 'string' && id.value !== '' ? (id.value as string) : undefined;
        const source = await host.cedarSchema(uri, literal, signal);
        if (source) schema = parseSchema(await host.cedar(), source);
      }
      if (schema) for (const view of views) add(resource, cedarFindings({ ...doc, root: view }, schema));
    }
    for (const view of views) add(resource, await oidcFindings({ ...doc, root: view }, kind, host, signal));
  }
  void file;
  return out;
}

function invalidSchema(
  store: TemplateResource,
  node: Node,
  path: string,
  schema: ParsedSchema & { ok: false },
): Finding {
  const e = schema.errors[0];
  const where = e?.line !== undefined ? `line ${e.line}, column ${e.column ?? 1} of the schema: ` : '';
  return {
    rule: R.templateSchemaInvalid,
    severity: R.templateSchemaInvalid.severity,
    message: `The Cedar schema of policy store '${store.logicalId}' does not parse (${where}${e?.message ?? 'unknown error'}): the stack fails when CloudFormation puts it, and identity sources were not checked against it.`,
    start: node.start,
    end: node.end,
    path,
  };
}
