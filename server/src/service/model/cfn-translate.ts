/**
 * Between a resource's `Properties` and the request it stands for, through the origins `derive` recorded: plain
 * values both ways, a syntax tree (positions kept) to the request's, property names, and member paths both ways.
 */
import type { Node, PropertyNode } from '../parse/ast';
import { isRecord, originOf, type CfnResourceInfo } from './cfn-derive';
import type { Shape } from './shapes';

/** A resource's `Properties` (plain data, no intrinsic functions) as the request it stands for. */
export function propertiesToRequest(info: CfnResourceInfo, properties: unknown): unknown {
  return valueToRequest(info.properties, properties);
}

function valueToRequest(shape: Shape, v: unknown): unknown {
  if (shape.type === 'list') return Array.isArray(v) ? v.map(x => valueToRequest(shape.member, x)) : v;
  if (shape.type !== 'structure' || !isRecord(v)) return v;
  const origin = originOf(shape);
  if (!origin) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const special = origin.reshape.get(k);
    if (special) out[special.requestName] = special.toRequest(x);
    else {
      const member = shape.members[k];
      out[origin.names.get(k) ?? k] = member ? valueToRequest(member.shape, x) : x;
    }
  }
  return out;
}

/**
 * A resource's `Properties` as a syntax tree of the request it stands for: keys renamed, reshaped properties rebuilt,
 * every value node the original one (positions stay true). Intrinsic functions stay in place, so the request rules see
 * "present, value unknown" there.
 */
export function propertiesToRequestNode(info: CfnResourceInfo, properties: Node): Node {
  return nodeToRequest(info.properties, properties);
}

function nodeToRequest(shape: Shape, n: Node): Node {
  if (shape.type === 'list')
    return n.type === 'array' ? { ...n, items: n.items.map(i => nodeToRequest(shape.member, i)) } : n;
  if (shape.type !== 'structure' || n.type !== 'object') return n;
  const origin = originOf(shape);
  if (!origin) return n;
  const properties: PropertyNode[] = [];
  for (const p of n.properties) {
    const special = origin.reshape.get(p.key);
    if (special) {
      properties.push({ ...p, key: special.requestName, value: p.value && special.toRequestNode(p.value, p) });
      continue;
    }
    const member = Object.prototype.hasOwnProperty.call(shape.members, p.key) ? shape.members[p.key] : undefined;
    const value = member && p.value ? nodeToRequest(member.shape, p.value) : p.value;
    properties.push({ ...p, key: origin.names.get(p.key) ?? p.key, value });
  }
  return { ...n, properties };
}

/** Every property name of a type, for turning request member names in messages into property names. */
export function propertyNames(info: CfnResourceInfo): Map<string, string> {
  const out = new Map<string, string>();
  const seen = new Set<Shape>();
  const walk = (shape: Shape): void => {
    if (seen.has(shape)) return;
    seen.add(shape);
    if (shape.type === 'list') return walk(shape.member);
    if (shape.type !== 'structure') return;
    const origin = originOf(shape);
    for (const [name, member] of Object.entries(shape.members)) {
      const requestName = origin?.names.get(name) ?? name;
      const special = origin?.reshape.get(name);
      out.set(special?.requestName ?? requestName, name);
      walk(member.shape);
    }
  };
  walk(info.properties);
  return out;
}

/** A request (plain data) as a resource's `Properties`, and the request members that have no property. */
export function requestToProperties(
  info: CfnResourceInfo,
  request: Record<string, unknown>,
): { properties: Record<string, unknown>; dropped: string[] } {
  const dropped = Object.keys(request).filter(k => info.dropped[k] !== undefined);
  return { properties: valueFromRequest(info.properties, request) as Record<string, unknown>, dropped };
}

function valueFromRequest(shape: Shape, v: unknown): unknown {
  if (shape.type === 'list') return Array.isArray(v) ? v.map(x => valueFromRequest(shape.member, x)) : v;
  if (shape.type !== 'structure' || !isRecord(v)) return v;
  const origin = originOf(shape);
  if (!origin) return v;
  const byRequest = new Map<string, string>();
  for (const [cfn, req] of origin.names) byRequest.set(req, cfn);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const cfn = byRequest.get(k);
    if (cfn === undefined) continue; // dropped (the caller lists them)
    const special = origin.reshape.get(cfn);
    out[cfn] = special ? special.fromRequest(x) : valueFromRequest(shape.members[cfn].shape, x);
  }
  return out;
}

const SEGMENT = /^(?:\.?([^.[\]]+)|\[(\d+)\])/;

/** A member path of the request (`configuration.openIdConnectConfiguration.issuer`) as a property path. */
export function requestPathToCfn(info: CfnResourceInfo, path: string): string {
  return convertPath(info.properties, path, 'toCfn');
}

/** A property path (`Configuration.OpenIdConnectConfiguration.Issuer`, `Tags[2].Key`) as a request member path. */
export function cfnPathToRequest(info: CfnResourceInfo, path: string): string {
  return convertPath(info.properties, path, 'toRequest');
}

function convertPath(root: Shape, path: string, direction: 'toCfn' | 'toRequest'): string {
  let shape: Shape | undefined = root;
  let rest = path;
  let out = '';
  while (rest) {
    const m = SEGMENT.exec(rest);
    if (!m) return out + rest;
    rest = rest.slice(m[0].length);
    if (m[2] !== undefined) {
      out += `[${m[2]}]`;
      shape = shape?.type === 'list' ? shape.member : undefined;
      continue;
    }
    const name = m[1];
    const origin = shape?.type === 'structure' ? originOf(shape) : undefined;
    if (!origin || shape?.type !== 'structure') {
      out += out ? `.${name}` : name;
      shape = undefined;
      continue;
    }
    let cfnName: string | undefined;
    if (direction === 'toCfn') {
      for (const [c, r] of origin.names) if (r === name) cfnName = c;
    } else cfnName = shape.members[name] ? name : undefined;
    const special = cfnName !== undefined ? origin.reshape.get(cfnName) : undefined;
    if (special) {
      const converted = direction === 'toCfn' ? special.toCfnPath(rest) : special.toRequestPath(rest);
      return out + (out ? '.' : '') + converted;
    }
    const next = direction === 'toCfn' ? cfnName : origin.names.get(name);
    out += (out ? '.' : '') + (next ?? name);
    shape = cfnName !== undefined ? shape.members[cfnName]?.shape : undefined;
  }
  return out;
}
