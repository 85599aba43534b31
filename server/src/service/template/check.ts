/**
 * The checks of one resource of the three types (the unit an edit re-checks): its `Properties` against the type's
 * CloudFormation shape (`model/cloudformation.ts`), the names its intrinsic functions use, and the service rules of
 * the request it stands for, run on a request-shaped view of the properties (keys renamed through the mapping, the
 * trust provider's `Tags` seen as `TagSpecifications[0].Tags`) whose findings are mapped back to property paths.
 * `Fn::If` is expanded into variants (`variants.ts`); a finding that only some variants have says so.
 */
import { KINDS } from '../model/kinds';
import { propertiesToRequestNode, propertyNames, requestPathToCfn } from '../model/cloudformation';
import type { ParsedDocument, ParsedFile } from '../parse';
import { findProperty, getValue, isObject, joinPath, type Node, type ObjectNode } from '../parse/ast';
import { CheckContext, FindingSink, type CheckOptions, type Finding } from '../rules/context';
import { describeValue } from '../rules/describe';
import { checkIdentitySource } from '../rules/identity-source';
import { ShapeWalker } from '../rules/shape';
import { R as SHAPE } from '../rules/shape-registry';
import { checkTags, R as TAGS } from '../rules/tags';
import { R } from '../rules/template';
import { checkTrustProvider } from '../rules/trust-provider';
import { secretReferenceName } from '../secrets';
import { ifBranches, isDynamicReference, intrinsicOf } from './intrinsics';
import { checkReferences } from './references';
import { templateHooks } from './shape-hooks';
import type { TemplateModel, TemplateResource } from './types';
import { resolveVariant, variantsOf } from './variants';

/** Codes of request rules that the CloudFormation shape already reports in its own words. */
const COVERED_BY_SHAPE = new Set([TAGS.keyRequired.code]);

export function checkResource(
  file: ParsedFile,
  doc: ParsedDocument,
  model: TemplateModel,
  resource: TemplateResource,
  options: CheckOptions,
): Finding[] {
  const sink = new FindingSink(file);
  const { info } = resource;
  const prefix = joinPath(resource.path, 'Properties');
  const props = resource.properties;
  if (!props) {
    const required = Object.entries(info.properties.members).filter(([, m]) => m.required);
    for (const [name] of required) {
      sink.report(
        SHAPE.missingRequired,
        resource.key.keyStart,
        resource.key.keyEnd,
        joinPath(prefix, name),
        `Resource '${resource.logicalId}' has no Properties: ${info.type} needs the required property '${name}'.`,
        { data: { member: name, members: required.map(([k]) => k) } },
      );
    }
    return sink.findings;
  }
  const value = props.value;
  if (!value) return sink.findings;
  checkReferences(sink, model.names, value, prefix);
  if (value.type !== 'object' && !intrinsicOf(value)) {
    sink.report(
      SHAPE.wrongType,
      value.start,
      value.end,
      prefix,
      `'Properties' of ${info.type} must be an object of properties, not ${describeValue(value)}.`,
    );
    return sink.findings;
  }
  const variants = variantsOf(value);
  const perVariant: Finding[][] = [];
  for (const choice of variants.choices) {
    const view = resolveVariant(value, variants, choice);
    perVariant.push(view && isObject(view) ? checkVariant(file, doc, model, resource, view, options) : []);
  }
  const branches = variants.ifs.flatMap(n => ifBranches(n)?.branches ?? []);
  return [...sink.findings, ...merge(perVariant, branches)];
}

/** The checks of one variant of the properties (no `Fn::If` left in it). */
function checkVariant(
  file: ParsedFile,
  doc: ParsedDocument,
  model: TemplateModel,
  resource: TemplateResource,
  view: ObjectNode,
  options: CheckOptions,
): Finding[] {
  const { info } = resource;
  const prefix = joinPath(resource.path, 'Properties');
  const sink = new FindingSink(file);
  ShapeWalker.walk(sink, view, info.properties, {
    prefix,
    rootLabel: `Resource '${resource.logicalId}'`,
    rootOf: info.type,
    term: 'property',
    casing: 'PascalCase',
    rootOwner: resource.properties,
    coerce: true,
    hooks: templateHooks(sink, model.names, resource),
  });
  literalSecrets(sink, view, prefix, options);
  if (!info.kind) return sink.findings;
  // The service rules, on the request this resource stands for.
  const request = propertiesToRequestNode(info, view);
  const ctx = new CheckContext(file, doc, KINDS[info.kind], options);
  if (KINDS[info.kind].service === 'ec2') {
    checkTrustProvider(ctx, request);
    checkTags(ctx, request);
  } else checkIdentitySource(ctx, request);
  const names = propertyNames(info);
  const shown = new Set(sink.findings.map(f => `${f.start}:${f.end}`));
  const unknown = intrinsicValues(view, prefix);
  for (const f of ctx.findings) {
    if (COVERED_BY_SHAPE.has(f.rule.code)) continue;
    const path = joinPath(prefix, requestPathToCfn(info, f.path));
    if (aboutUnknownValue(f, path, unknown)) continue;
    // EC2's own tag key limit (127) beside the registry schema's (128): one diagnostic is enough.
    if (f.rule.code === TAGS.keyLength.code && shown.has(`${f.start}:${f.end}`)) continue;
    sink.findings.push({ ...f, path, message: inTemplateWords(f.message, names) });
  }
  return sink.findings;
}

/** The intrinsic functions of a variant at value positions, with their property paths. */
function intrinsicValues(view: Node, prefix: string): { node: Node; path: string }[] {
  const out: { node: Node; path: string }[] = [];
  let budget = 20_000;
  const walk = (n: Node | undefined, path: string): void => {
    if (!n || --budget < 0) return;
    if (intrinsicOf(n)) {
      out.push({ node: n, path });
      return;
    }
    if (n.type === 'object') for (const p of n.properties) walk(p.value, joinPath(path, p.key));
    else if (n.type === 'array') n.items.forEach((item, i) => walk(item, joinPath(path, i)));
  };
  walk(view, prefix);
  return out;
}

/**
 * A service rule's finding that judges a value an intrinsic function stands for (its value is unknown until the stack
 * is deployed): inside the function's text, or about a member below it (`OidcOptions: !Ref X` is not missing `Issuer`).
 */
function aboutUnknownValue(f: Finding, path: string, unknown: { node: Node; path: string }[]): boolean {
  return unknown.some(
    u =>
      (f.start >= u.node.start && f.end <= u.node.end) ||
      path.startsWith(`${u.path}.`) ||
      path.startsWith(`${u.path}[`),
  );
}

/** A request rule's message in a template's words: property names for member names, "resource" for "request". */
function inTemplateWords(message: string, names: Map<string, string>): string {
  return message
    .replace(/'([A-Za-z]+)'/g, (m, name: string) => {
      const cfn = names.get(name);
      return cfn ? `'${cfn}'` : m;
    })
    .replace(/\bthis request\b/g, 'this resource');
}

/**
 * A literal client secret in a template that is likely committed. Dynamic references (`{{resolve:secretsmanager:…}}`)
 * and intrinsic functions (a `NoEcho` parameter) are fine.
 */
function literalSecrets(sink: FindingSink, view: ObjectNode, prefix: string, options: CheckOptions): void {
  if (!options.likelyCommitted) return;
  for (const holder of ['OidcOptions', 'NativeApplicationOidcOptions']) {
    const h = getValue(view, holder);
    const secret = isObject(h) ? findProperty(h, 'ClientSecret')?.value : undefined;
    if (secret?.type !== 'string') continue;
    const v = secret.value as string;
    if (v === '' || isDynamicReference(v) || secretReferenceName(v) !== undefined) continue;
    sink.report(
      R.literalSecret,
      secret.start,
      secret.end,
      joinPath(joinPath(prefix, holder), 'ClientSecret'),
      `'${holder}.ClientSecret' holds a literal secret in a template that is likely committed. Use a dynamic reference such as {{resolve:secretsmanager:<secret>:SecretString:<key>}}, or a NoEcho parameter.`,
    );
  }
}

/**
 * The findings of all variants, each once. One that only some variants have, and that is not about a value inside an
 * `Fn::If` branch, holds only for some values of the conditions: its message says so.
 */
function merge(perVariant: Finding[][], branches: Node[]): Finding[] {
  if (perVariant.length === 1) return perVariant[0];
  const counts = new Map<string, { finding: Finding; count: number }>();
  for (const findings of perVariant) {
    const seen = new Set<string>();
    for (const f of findings) {
      const key = `${f.rule.code}\u0000${f.start}\u0000${f.end}\u0000${f.path}\u0000${f.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const entry = counts.get(key);
      if (entry) entry.count++;
      else counts.set(key, { finding: f, count: 1 });
    }
  }
  const inBranch = (f: Finding) => branches.some(b => f.start >= b.start && f.end <= b.end);
  return [...counts.values()].map(({ finding, count }) =>
    count === perVariant.length || inBranch(finding)
      ? finding
      : { ...finding, message: `${finding.message} (Only in some combinations of the Fn::If branches.)` },
  );
}
