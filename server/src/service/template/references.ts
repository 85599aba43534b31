/**
 * Names inside the properties of the three types that name nothing in the template (SPEC §9): a `Ref` to no parameter,
 * resource or pseudo parameter, an `Fn::GetAtt` of no resource (or, for the three types, of an attribute the type does
 * not have), an `Fn::Sub` variable that is none of these nor in its variable map, an `Fn::If` or `Condition` that names
 * no condition, an `Fn::FindInMap` of no mapping (or of keys a literal mapping does not have, without a default).
 * CloudFormation rejects each of them before it creates anything. Every intrinsic function's arguments are searched,
 * at any depth. When a transform may add names (SAM, macros), only attributes of the three types are judged.
 */
import { CFN_TYPES, isCfnTypeName } from '../model/cloudformation';
import { findProperty, isObject, joinPath, type Node } from '../parse/ast';
import type { Reporter } from '../rules/context';
import { R } from '../rules/template';
import { suggest } from '../suggest';
import { getAttParts, intrinsicOf, PSEUDO_PARAMETERS, subVariables, type Intrinsic } from './intrinsics';
import type { TemplateNames } from './types';

/** At most this many nodes are searched per resource (a hostile template cannot make it slow). */
const MAX_NODES = 20_000;

interface Walk {
  reporter: Reporter;
  names: TemplateNames;
  budget: number;
}

export function checkReferences(reporter: Reporter, names: TemplateNames, node: Node | undefined, path: string): void {
  visit({ reporter, names, budget: MAX_NODES }, node, path, new Set(), true);
}

/**
 * `extend`: the node is a property value (its path grows with keys and indexes); inside a function's arguments it is
 * not (findings there are reported at the property that holds the function). `Fn::If` branches are values again.
 */
function visit(w: Walk, n: Node | undefined, path: string, seen: Set<Node>, extend: boolean): void {
  if (!n || seen.has(n) || --w.budget < 0) return;
  seen.add(n);
  const f = intrinsicOf(n);
  if (f) {
    judge(w, f, path);
    if (f.name === 'Fn::If' && f.arg?.type === 'array') {
      for (const branch of f.arg.items.slice(1)) visit(w, branch, path, seen, extend);
    } else visit(w, f.arg, path, seen, false);
    return;
  }
  if (n.type === 'object') {
    for (const p of n.properties)
      if (!p.superseded) visit(w, p.value, extend ? joinPath(path, p.key) : path, seen, extend);
    // `Condition: Name` inside condition functions.
    const c = n.properties.length === 1 && n.properties[0].key === 'Condition' ? n.properties[0].value : undefined;
    if (!extend && c?.type === 'string' && !w.names.conditions.has(c.value as string)) unresolvedCondition(w, c, path);
  } else if (n.type === 'array')
    n.items.forEach((item, i) => visit(w, item, extend ? joinPath(path, i) : path, seen, extend));
}

function judge(w: Walk, f: Intrinsic, path: string): void {
  switch (f.name) {
    case 'Ref':
      if (f.arg?.type === 'string') ref(w, f.arg, f.arg.value as string, path);
      return;
    case 'Fn::GetAtt': {
      const parts = getAttParts(f.arg);
      if (parts.logicalId !== undefined && parts.resource)
        getAtt(w, parts.resource, parts.logicalId, parts.attribute, parts.attributeNode, path);
      return;
    }
    case 'Fn::Sub':
      return sub(w, f, path);
    case 'Fn::If': {
      const cond = f.arg?.type === 'array' ? f.arg.items[0] : undefined;
      if (cond?.type === 'string' && !w.names.conditions.has(cond.value as string)) unresolvedCondition(w, cond, path);
      return;
    }
    case 'Fn::FindInMap':
      return findInMap(w, f, path);
  }
}

function report(
  w: Walk,
  rule: typeof R.unresolved,
  node: { start: number; end: number },
  path: string,
  message: string,
  suggestion?: string,
): void {
  w.reporter.report(rule, node.start, node.end, path, message, suggestion ? { data: { suggestion } } : {});
}

function ref(w: Walk, node: Node, name: string, path: string): void {
  const { names } = w;
  if (names.parameters.has(name) || names.resources.has(name) || PSEUDO_PARAMETERS.has(name)) return;
  if (names.transformed && !name.startsWith('AWS::')) return;
  const candidates = name.startsWith('AWS::')
    ? PSEUDO_PARAMETERS
    : [...names.parameters.keys(), ...names.resources.keys()];
  const suggestion = suggest(name, candidates);
  report(
    w,
    R.unresolved,
    node,
    path,
    name.startsWith('AWS::')
      ? `'${name}' is not a pseudo parameter: CloudFormation rejects the template.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`
      : `Ref '${name}' names no parameter or resource of this template: CloudFormation rejects it ("Unresolved resource dependencies").${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
    suggestion,
  );
}

function getAtt(
  w: Walk,
  node: Node,
  logicalId: string,
  attribute: string | undefined,
  attributeNode: Node | undefined,
  path: string,
): void {
  const target = w.names.resources.get(logicalId);
  if (!target) {
    if (w.names.transformed) return;
    const suggestion = suggest(logicalId, w.names.resources.keys());
    const what = w.names.parameters.has(logicalId) ? ` ('${logicalId}' is a parameter: read it with Ref)` : '';
    report(
      w,
      R.unresolved,
      node,
      path,
      `Fn::GetAtt '${logicalId}' names no resource of this template${what}: CloudFormation rejects it.${suggestion && !what ? ` Did you mean '${suggestion}'?` : ''}`,
      what ? undefined : suggestion,
    );
    return;
  }
  if (attribute === undefined || !isCfnTypeName(target.type)) return;
  const known = CFN_TYPES[target.type].attributes;
  if (known.includes(attribute)) return;
  const suggestion = suggest(attribute, known);
  report(
    w,
    R.unknownAttribute,
    attributeNode ?? node,
    path,
    `${target.type} has no attribute '${attribute}' for Fn::GetAtt (it has ${known.join(', ')}): CloudFormation rejects the template.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
    suggestion,
  );
}

function sub(w: Walk, f: Intrinsic, path: string): void {
  let text: Node | undefined = f.arg;
  const vars = new Map<string, Node>();
  if (f.arg?.type === 'array') {
    text = f.arg.items[0];
    const map = f.arg.items[1];
    if (isObject(map)) for (const p of map.properties) if (p.value) vars.set(p.key, p.value);
  }
  if (text?.type !== 'string') return;
  const value = text.value as string;
  const raw = w.reporter.file.text.slice(text.start, text.end);
  let from = 0;
  for (const v of subVariables(value)) {
    const written = value.slice(v.index, v.index + v.length);
    const at = raw.indexOf(written, from);
    if (at >= 0) from = at + written.length;
    const where = at >= 0 ? { start: text.start + at, end: text.start + at + written.length } : text;
    if (vars.has(v.name)) continue;
    if (v.attribute !== undefined) {
      if (w.names.resources.has(v.name)) {
        getAtt(w, { ...text, ...where }, v.name, v.attribute, { ...text, ...where }, path);
        continue;
      }
    } else if (w.names.parameters.has(v.name) || w.names.resources.has(v.name) || PSEUDO_PARAMETERS.has(v.name))
      continue;
    if (w.names.transformed && !v.name.startsWith('AWS::')) continue;
    const suggestion = suggest(v.name, [...vars.keys(), ...w.names.parameters.keys(), ...w.names.resources.keys()]);
    report(
      w,
      R.unresolved,
      where,
      path,
      `Fn::Sub variable '${v.name}' names no parameter, resource, pseudo parameter or variable of its map: CloudFormation rejects the template.${suggestion ? ` Did you mean '${suggestion}'?` : ''} Write \${!${v.name}} for the literal text.`,
      suggestion,
    );
  }
}

function unresolvedCondition(w: Walk, node: Node, path: string): void {
  const name = String((node as { value: unknown }).value);
  const suggestion = suggest(name, w.names.conditions.keys());
  report(
    w,
    R.unresolved,
    node,
    path,
    `'${name}' names no condition of this template's Conditions: CloudFormation rejects it.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
    suggestion,
  );
}

function findInMap(w: Walk, f: Intrinsic, path: string): void {
  if (f.arg?.type !== 'array') return;
  const [mapNode, topNode, secondNode, options] = f.arg.items;
  if (mapNode?.type !== 'string') return;
  const mapName = mapNode.value as string;
  const mapping = w.names.mappings.get(mapName);
  if (!mapping) {
    const suggestion = suggest(mapName, w.names.mappings.keys());
    report(
      w,
      R.unresolved,
      mapNode,
      path,
      `Fn::FindInMap '${mapName}' names no mapping of this template's Mappings: CloudFormation rejects it.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
      suggestion,
    );
    return;
  }
  // With a default value (AWS::LanguageExtensions), a missing key is not an error.
  if (isObject(options) && findProperty(options, 'DefaultValue')) return;
  const keys: [Node | undefined, Node | undefined] = [topNode, secondNode];
  let level: Node | undefined = mapping.value;
  for (const keyNode of keys) {
    if (keyNode?.type !== 'string' || !isObject(level)) return;
    const next = findProperty(level, keyNode.value as string);
    if (!next) {
      const suggestion = suggest(
        keyNode.value as string,
        level.properties.map(p => p.key),
      );
      report(
        w,
        R.unresolved,
        keyNode,
        path,
        `Mapping '${mapName}' has no key '${String(keyNode.value)}' here: Fn::FindInMap fails when the stack is deployed.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
        suggestion,
      );
      return;
    }
    level = next.value;
  }
}
