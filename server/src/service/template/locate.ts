/**
 * Position → template resource, CloudFormation property path and CloudFormation shape: what the template editor
 * features (completion, hover, quick fixes, symbols) start from. Offsets, not positions; the analysis gives the
 * resources. Inside an `Fn::If` branch the path and shape stay the property's (a branch is a value of it); inside any
 * other intrinsic function's arguments the location names the function and stops there.
 */
import type { ShapeAt, PathSegment } from '../features/shape-path';
import { shapeAtPath } from '../features/shape-path';
import { joinPath, type Node, type PropertyNode } from '../parse/ast';
import { ifBranches, intrinsicOf, type Intrinsic } from './intrinsics';
import type { TemplateModel, TemplateResource } from './types';

export interface TemplateLocation {
  resource: TemplateResource;
  /** On the logical ID, on the `Type` value, inside `Properties` (key or value), or elsewhere in the resource. */
  part: 'logicalId' | 'type' | 'properties' | 'other';
  /** The property path below `Properties` (CloudFormation names): `['Tags', 2, 'Key']`. */
  path: PathSegment[];
  /** The diagnostics' path syntax: `Resources.Okta.Properties.Configuration.OpenIdConnectConfiguration.Issuer`. */
  fullPath: string;
  /** The CloudFormation shape at `path` (undefined where the path leaves the model). */
  shape?: ShapeAt;
  /** The value node at the path (undefined on a key whose value is missing). */
  node?: Node;
  /** The property whose key or value holds the offset. */
  prop?: PropertyNode;
  onKey: boolean;
  /** The intrinsic function whose arguments hold the offset (the shape is then the property's it stands for). */
  intrinsic?: Intrinsic;
}

const within = (offset: number, n: { start: number; end: number }) => offset >= n.start && offset <= n.end;

/** The resource of the three types whose text holds the offset. */
export function resourceAt(model: TemplateModel, offset: number): TemplateResource | undefined {
  return model.resources.find(r => offset >= r.key.keyStart && offset <= Math.max(r.key.end, r.node.end));
}

export function locateInTemplate(model: TemplateModel, offset: number): TemplateLocation | undefined {
  const resource = resourceAt(model, offset);
  if (!resource) return undefined;
  const base = { resource, path: [] as PathSegment[], onKey: false };
  const fullPath = (path: PathSegment[]) =>
    path.reduce<string>((p, seg) => joinPath(p, seg), joinPath(resource.path, 'Properties'));
  /** A location inside `Properties`: the path's full form and its shape (where the path stays in the model). */
  const inProperties = (
    path: PathSegment[],
    node: Node | undefined,
    prop: PropertyNode | undefined,
    onKey: boolean,
    intrinsic?: Intrinsic,
  ): TemplateLocation => {
    const shape = shapeAtPath(resource.info.properties, path);
    return {
      resource,
      part: 'properties',
      path,
      fullPath: fullPath(path),
      node,
      prop,
      onKey,
      ...(intrinsic ? { intrinsic } : {}),
      ...(shape ? { shape } : {}),
    };
  };
  if (offset >= resource.key.keyStart && offset <= resource.key.keyEnd)
    return { ...base, part: 'logicalId', fullPath: resource.path, prop: resource.key, onKey: true };
  if (within(offset, resource.typeNode))
    return { ...base, part: 'type', fullPath: joinPath(resource.path, 'Type'), node: resource.typeNode };
  const props = resource.properties;
  if (!props || offset < props.keyStart || offset > Math.max(props.end, props.keyEnd))
    return { ...base, part: 'other', fullPath: resource.path };
  if (offset <= props.keyEnd) return inProperties([], props.value, props, true);
  const path: PathSegment[] = [];
  let node: Node | undefined = props.value;
  let prop: PropertyNode | undefined = props;
  for (let depth = 0; node && depth < 256; depth++) {
    const branches = ifBranches(node);
    if (branches) {
      const branch = branches.branches.find(b => within(offset, b));
      if (!branch) break;
      node = branch;
      continue;
    }
    const f = intrinsicOf(node);
    if (f) return inProperties(path, node, prop, false, f);
    let next: Node | undefined;
    if (node.type === 'object') {
      for (const p of node.properties) {
        if (p.merged) continue;
        if (offset >= p.keyStart && offset <= p.keyEnd) {
          path.push(p.key);
          return inProperties(path, p.value, p, true);
        }
        if (p.value && within(offset, p.value)) {
          path.push(p.key);
          prop = p;
          next = p.value;
          break;
        }
      }
    } else if (node.type === 'array') {
      const i = node.items.findIndex(item => within(offset, item));
      if (i >= 0) {
        path.push(i);
        next = node.items[i];
        prop = undefined;
      }
    }
    if (!next) break;
    node = next;
  }
  return inProperties(path, node, prop, false);
}
