/**
 * A template's resource → a request file (SPEC §9): properties to request members through the model's mapping
 * (`model/cloudformation.ts`), `Tags` back to `TagSpecifications`. Values that are intrinsic functions cannot become
 * literals: a placeholder (`<Ref Store>`) takes their place and the notes list them, so the request file shows
 * where to fill in. Read-only and unknown properties and the resource's attributes (`DependsOn`, `Condition`…) are
 * left out and listed.
 */
import { CFN_KINDS, CFN_TYPES, cfnPathToRequest, isCfnTypeName, propertiesToRequest } from '../model/cloudformation';
import { KINDS } from '../model/kinds';
import { getValue, type ObjectNode } from '../parse/ast';
import { intrinsicOf } from '../template/intrinsics';
import type { Kind } from '../types';
import { nameList, plural } from './notes';
import { plainOf } from './plain';
import { renderRequestText } from './render';
import { keepKnown, secretPaths } from './shape-walk';
import type { ConversionError, Placeholder, RequestConversion, RequestOptions } from './types';

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const under = (path: string, parents: readonly string[]) =>
  parents.some(p => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));

/** `resource` is the value of the logical ID's entry under `Resources`. */
export function resourceToRequest(
  logicalId: string,
  resource: ObjectNode,
  options: RequestOptions,
): RequestConversion | ConversionError {
  const typeNode = getValue(resource, 'Type');
  const type = typeNode?.type === 'string' ? typeNode.value : undefined;
  if (!isCfnTypeName(type))
    return { error: 'Only identity sources, trust providers and policy stores convert to request files.' };
  const info = CFN_TYPES[type];
  const target = options.kind ?? info.kind;
  if (options.kind !== undefined && CFN_KINDS[options.kind].type !== type)
    return { error: `A ${type} resource does not convert to a ${KINDS[options.kind].operation} request.` };

  const propsNode = getValue(resource, 'Properties');
  if (propsNode !== undefined && (propsNode.type !== 'object' || intrinsicOf(propsNode) !== undefined))
    return { error: `The Properties of ${logicalId} are not a mapping of properties, so there is nothing to convert.` };

  const notes: string[] = [];
  const placeholders: Placeholder[] = [];
  const plain = (plainOf(propsNode, placeholders) ?? {}) as Record<string, unknown>;

  const attributes = resource.properties
    .filter(p => p.superseded !== true && p.key !== 'Type' && p.key !== 'Properties')
    .map(p => p.key);
  if (attributes.length > 0)
    notes.push(`Not carried over: ${nameList(attributes)} (resource attributes, not properties).`);

  const dropped: string[] = [];
  const properties: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(plain)) {
    if (info.readOnly[k] !== undefined) {
      dropped.push(k);
      notes.push(`Left out ${k}. ${info.readOnly[k]}`);
    } else properties[k] = v;
  }
  const unknown: string[] = [];
  const known = keepKnown(info.properties, properties, unknown) as Record<string, unknown>;
  if (unknown.length > 0) notes.push(`Left out, not properties of ${type}: ${nameList(unknown)}.`);

  let request = propertiesToRequest(info, known) as Record<string, unknown>;
  const gone = [...dropped, ...unknown];
  let kept = placeholders.filter(p => !under(p.path, gone)).map(p => ({ ...p, path: cfnPathToRequest(info, p.path) }));

  if (target === undefined) {
    // A policy store: a CreatePolicyStore input. Its schema is PutSchema's, a call of its own.
    if (request.definition !== undefined) {
      request = { ...request };
      delete request.definition;
      dropped.push('Schema');
      kept = kept.filter(p => !under(p.path, ['definition']));
      notes.push('Left out Schema. CreatePolicyStore does not take it: put it with PutSchema once the store exists.');
    }
  } else if (target !== info.kind) {
    const update = toUpdate(request, target, kept, options.id, logicalId);
    request = update.request;
    kept = update.placeholders;
    if (update.leftOut.length > 0) {
      dropped.push(...update.leftOut);
      notes.push(`Left out, ${KINDS[target].operation} cannot change them: ${nameList(update.leftOut)}.`);
    }
  }

  const fromIntrinsics = kept.filter(p => p.fn !== 'id');
  if (fromIntrinsics.length > 0)
    notes.push(
      `${plural(fromIntrinsics.length, 'value')} ${fromIntrinsics.length === 1 ? 'comes' : 'come'} from intrinsic functions and cannot be literal here: replace the placeholder${fromIntrinsics.length === 1 ? '' : 's'} at ${nameList(fromIntrinsics.map(p => `${p.path} (${p.fn})`))}.`,
    );
  for (const p of kept.filter(x => x.fn === 'id'))
    notes.push(`Fill in ${p.path}: the ID of the deployed resource to change.`);
  if (target !== undefined)
    for (const s of secretPaths(KINDS[target].shape, request))
      if (s.value.includes('{{resolve:'))
        notes.push(
          `${s.path} is a CloudFormation dynamic reference, which the AWS CLI does not resolve: store the secret with Store Secret and use a \${secret:NAME} reference.`,
        );

  const ext = options.format;
  const base = target !== undefined ? KINDS[target].base : 'policy-store';
  return {
    text: renderRequestText(request, options.format),
    format: options.format,
    kind: target,
    type,
    logicalId,
    request,
    fileName: `${logicalId}.${base}.${ext}`,
    notes,
    dropped,
    unknown,
    placeholders: kept,
  };
}

/** A create-shaped request as the update kind's: renamed members, the ID first, what the update cannot change out. */
function toUpdate(
  request: Record<string, unknown>,
  kind: Kind,
  placeholders: Placeholder[],
  id: string | undefined,
  logicalId: string,
): { request: Record<string, unknown>; placeholders: Placeholder[]; leftOut: string[] } {
  const mapping = CFN_KINDS[kind];
  const back = new Map(Object.entries(mapping.rename).map(([from, to]) => [to, from]));
  const renamed: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(request)) renamed[back.get(k) ?? k] = v;
  const leftOut: string[] = [];
  const trimmed = keepKnown(KINDS[kind].shape, renamed, leftOut) as Record<string, unknown>;
  const renamePath = (path: string) => {
    const m = /^([^.[]+)(.*)$/.exec(path);
    return m ? `${back.get(m[1]) ?? m[1]}${m[2]}` : path;
  };
  const kept = placeholders.map(p => ({ ...p, path: renamePath(p.path) })).filter(p => !under(p.path, leftOut));
  const out: Record<string, unknown> = {};
  for (const member of Object.keys(KINDS[kind].shape.members)) {
    if (member === mapping.idMember) {
      const text = id ?? `<${mapping.idProperty ?? member} of ${logicalId}>`;
      if (id === undefined) kept.push({ path: member, fn: 'id', text });
      out[member] = text;
    } else if (isObj(trimmed) && Object.prototype.hasOwnProperty.call(trimmed, member)) out[member] = trimmed[member];
  }
  return { request: out, placeholders: kept, leftOut };
}
