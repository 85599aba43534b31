/**
 * The structural test of a template and what it declares (SPEC §9): the top level is a mapping whose `Resources` maps
 * logical IDs to mappings with a `Type`, and at least one of them is of the three types. Everything the reference
 * checks need is collected in one pass over the top-level sections (parameters, conditions, mappings, every
 * resource's type, transforms); nothing below a resource is visited here.
 */
import { CFN_TYPES, isCfnTypeName } from '../model/cloudformation';
import { findProperty, isObject, joinPath, type Node, type PropertyNode } from '../parse/ast';
import type { DeclaredResource, TemplateModel, TemplateParameter, TemplateResource } from './types';

/** Transforms that add no resources or parameters of their own. */
const PLAIN_TRANSFORMS = new Set(['AWS::LanguageExtensions']);

function entries(section: Node | undefined): PropertyNode[] {
  return isObject(section) ? section.properties.filter(p => !p.superseded) : [];
}

function literal(n: Node | undefined): string | undefined {
  return n?.type === 'string' ? (n.value as string) : undefined;
}

/** Whether the template names a transform that may add names (`Transform: X` or `Transform: [X, Y]`). */
function transformed(root: Node): boolean {
  const t = isObject(root) ? findProperty(root, 'Transform')?.value : undefined;
  if (!t) return false;
  const names = t.type === 'array' ? t.items : [t];
  return names.some(n => !(n.type === 'string' && PLAIN_TRANSFORMS.has(n.value as string)));
}

/** The template's model, or undefined when the tree is not a template that declares one of the three types. */
export function collectTemplate(root: Node | undefined): TemplateModel | undefined {
  if (!isObject(root)) return undefined;
  const resourcesProp = findProperty(root, 'Resources');
  if (!isObject(resourcesProp?.value)) return undefined;
  const resources: TemplateResource[] = [];
  const declared = new Map<string, DeclaredResource>();
  for (const key of entries(resourcesProp.value)) {
    const node = key.value;
    const typeNode = isObject(node) ? findProperty(node, 'Type')?.value : undefined;
    const type = literal(typeNode);
    declared.set(key.key, { logicalId: key.key, key, ...(type !== undefined ? { type } : {}) });
    if (!isObject(node) || typeNode?.type !== 'string' || !isCfnTypeName(type)) continue;
    const properties = findProperty(node, 'Properties');
    resources.push({
      logicalId: key.key,
      type,
      info: CFN_TYPES[type],
      path: joinPath('Resources', key.key),
      key,
      node,
      typeNode,
      ...(properties ? { properties } : {}),
    });
  }
  if (resources.length === 0) return undefined;
  const parameters = new Map<string, TemplateParameter>();
  for (const key of entries(findProperty(root, 'Parameters')?.value)) {
    const type = isObject(key.value) ? literal(findProperty(key.value, 'Type')?.value) : undefined;
    parameters.set(key.key, { name: key.key, key, ...(type !== undefined ? { type } : {}) });
  }
  const section = (name: string) => new Map(entries(findProperty(root, name)?.value).map(p => [p.key, p]));
  return {
    root,
    names: {
      parameters,
      resources: declared,
      conditions: section('Conditions'),
      mappings: section('Mappings'),
      transformed: transformed(root),
    },
    resources,
  };
}
