/**
 * A request file's request → a CloudFormation resource (SPEC §9): camelCase members to PascalCase properties, the
 * trust provider's `TagSpecifications` to `Tags`, an update's `updateConfiguration` to `Configuration`, all through
 * the model's mapping (`model/cloudformation.ts`). Members CloudFormation has no property for (`ClientToken`,
 * `DryRun`, the ID an update names) and members the model does not know are left out and listed in the notes.
 */
import { CFN_KINDS, CFN_TYPES, requestToProperties } from '../model/cloudformation';
import { KINDS } from '../model/kinds';
import { SECRET_REFERENCE } from '../secrets';
import type { Kind } from '../types';
import { cleanLogicalId, deriveLogicalId } from './logical-id';
import { nameList } from './notes';
import { renderResourceText } from './render';
import { keepKnown, missingRequired, secretPaths } from './shape-walk';
import type { ResourceConversion, ResourceOptions } from './types';

export function requestToResource(
  request: Record<string, unknown>,
  kind: Kind,
  options: ResourceOptions,
): ResourceConversion {
  const mapping = CFN_KINDS[kind];
  const info = CFN_TYPES[mapping.type];
  const notes: string[] = [];

  const unknown: string[] = [];
  const known = keepKnown(KINDS[kind].shape, request, unknown) as Record<string, unknown>;

  const dropped: string[] = [];
  const createShaped: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(known)) {
    if (k === mapping.idMember) {
      dropped.push(k);
      notes.push(
        `Left out ${k}. It names the resource to change; in a template CloudFormation sets ${mapping.idProperty ?? k} (read it with Ref).`,
      );
    } else if (info.dropped[k] !== undefined) {
      dropped.push(k);
      notes.push(`Left out ${k}. ${info.dropped[k]}`);
    } else createShaped[mapping.rename[k] ?? k] = v;
  }
  if (unknown.length > 0) notes.push(`Left out, not members of ${KINDS[kind].operation}: ${nameList(unknown)}.`);

  const { properties } = requestToProperties(info, createShaped);

  const missing = missingRequired(info.properties, properties);
  if (missing.length > 0) {
    const why =
      mapping.idMember !== undefined
        ? `${KINDS[kind].operation} requests hold only what they change`
        : 'the request does not have them';
    notes.push(`The resource still needs ${nameList(missing)}: ${why}.`);
  }

  for (const s of secretPaths(info.properties, properties)) {
    notes.push(
      SECRET_REFERENCE.test(s.value)
        ? `${s.path} is a secret reference that only this extension resolves: in a template, use a dynamic reference such as {{resolve:secretsmanager:…}}.`
        : `${s.path} holds the secret itself: keep it out of templates you commit, and use a dynamic reference such as {{resolve:secretsmanager:…}}.`,
    );
  }

  const logicalId = cleanLogicalId(options.logicalId) ?? deriveLogicalId(info.type, properties);
  const text = renderResourceText(
    logicalId,
    { Type: info.type, Properties: properties },
    options.format,
    options.wrap ?? 'resource',
  );
  return {
    text,
    format: options.format,
    type: info.type,
    logicalId,
    properties,
    notes,
    dropped,
    unknown,
    placeholders: [],
  };
}
