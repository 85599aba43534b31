/** Tags on a new trust provider: resource type, key and value limits, the `aws:` prefix, duplicates, at most 50. */
import { getValue, isArray, isObject, joinPath, type Node, type ObjectNode, type PropertyNode } from '../parse/ast';
import type { CheckContext } from './context';
import { codePointLength, quote } from './describe';
import { rule } from './rule-info';

export const R = {
  resourceType: rule(
    'tag-resource-type',
    'rules',
    'error',
    'documented',
    "A TagSpecification's `ResourceType` must be `verified-access-trust-provider` (and is required when tags are given).",
  ),
  keyRequired: rule('tag-key-required', 'rules', 'error', 'documented', 'A tag without a `Key`.'),
  keyLength: rule('tag-key-length', 'rules', 'error', 'documented', 'A tag key longer than 127 characters.'),
  keyReserved: rule(
    'tag-key-reserved',
    'rules',
    'error',
    'documented',
    'A tag key starting with `aws:`, which is reserved for AWS.',
  ),
  valueLength: rule('tag-value-length', 'rules', 'error', 'documented', 'A tag value longer than 256 characters.'),
  duplicate: rule('tag-key-duplicate', 'rules', 'error', 'documented', 'The same tag key twice on one resource.'),
  limit: rule('tag-limit', 'rules', 'error', 'documented', 'More than 50 tags on one resource.'),
};

export const TAG_RULES = Object.values(R);

/** The path of a tag's member (built only for what is reported: a file may hold thousands of tags). */
function tagPath(base: string, j: number, member: string): string {
  return joinPath(joinPath(joinPath(base, 'Tags'), j), member);
}

/** The first property named `key`, superseded or not (as a tag specification's own members are read). */
function firstProperty(obj: ObjectNode, key: string): PropertyNode | undefined {
  const properties = obj.properties;
  for (let i = 0; i < properties.length; i++) if (properties[i].key === key) return properties[i];
  return undefined;
}

/** `/^aws:/i.test(k)`, without a regular expression run per tag (case folding of ASCII letters only, as there). */
function reservedKey(k: string): boolean {
  return (
    k.length >= 4 &&
    (k.charCodeAt(0) | 32) === 97 &&
    (k.charCodeAt(1) | 32) === 119 &&
    (k.charCodeAt(2) | 32) === 115 &&
    k.charCodeAt(3) === 58
  );
}

/**
 * Written as plain loops over the tree, with no closure or path per tag: it runs on every keystroke over every tag
 * of the file (the duplicate and count checks span all tag specifications).
 */
export function checkTags(ctx: CheckContext, root: Node): void {
  const specs = getValue(root, 'TagSpecifications');
  if (!isArray(specs)) return;
  const seen = new Set<string>();
  let count = 0;
  let firstTags: Node | undefined;
  const items = specs.items;
  for (let i = 0; i < items.length; i++) {
    const spec = items[i];
    if (!isObject(spec)) continue;
    const base = joinPath('TagSpecifications', i);
    const tags = getValue(spec, 'Tags');
    const rt = firstProperty(spec, 'ResourceType');
    if (!rt && isArray(tags) && tags.items.length > 0) {
      const tp = firstProperty(spec, 'Tags')!;
      ctx.report(
        R.resourceType,
        tp.keyStart,
        tp.keyEnd,
        joinPath(base, 'ResourceType'),
        "Tags need 'ResourceType: verified-access-trust-provider' in the same TagSpecification.",
        {
          data: { member: 'ResourceType' },
        },
      );
    } else if (
      rt?.value?.type === 'string' &&
      rt.value.value !== 'verified-access-trust-provider' &&
      rt.value.value !== ''
    ) {
      ctx.report(
        R.resourceType,
        rt.value.start,
        rt.value.end,
        joinPath(base, 'ResourceType'),
        `CreateVerifiedAccessTrustProvider can only tag 'verified-access-trust-provider', not ${quote(rt.value.value as string)}.`,
        { data: { suggestion: 'verified-access-trust-provider' } },
      );
    }
    if (!isArray(tags)) continue;
    firstTags ??= tags;
    const list = tags.items;
    for (let j = 0; j < list.length; j++) {
      const tag = list[j];
      if (!isObject(tag)) continue;
      count++;
      const keyProp = firstProperty(tag, 'Key');
      const key = keyProp?.value;
      if (!keyProp) {
        ctx.report(
          R.keyRequired,
          tag.start,
          Math.min(tag.end, tag.start + 1),
          tagPath(base, j, 'Key'),
          'This tag has no Key.',
          {
            data: { member: 'Key' },
          },
        );
      } else if (key?.type === 'string') {
        const k = key.value as string;
        if (k.length > 127 && codePointLength(k) > 127) {
          ctx.report(
            R.keyLength,
            key.start,
            key.end,
            tagPath(base, j, 'Key'),
            `Tag keys are at most 127 characters; this one has ${codePointLength(k)}.`,
          );
        }
        if (reservedKey(k)) {
          ctx.report(
            R.keyReserved,
            key.start,
            key.end,
            tagPath(base, j, 'Key'),
            `Tag keys must not start with 'aws:' (reserved for AWS): ${quote(k)}.`,
          );
        }
        if (seen.has(k)) {
          ctx.report(
            R.duplicate,
            key.start,
            key.end,
            tagPath(base, j, 'Key'),
            `The tag key ${quote(k)} is already used; keys must be unique per resource.`,
          );
        } else seen.add(k);
      }
      const value = getValue(tag, 'Value');
      if (
        value?.type === 'string' &&
        (value.value as string).length > 256 &&
        codePointLength(value.value as string) > 256
      ) {
        ctx.report(
          R.valueLength,
          value.start,
          value.end,
          tagPath(base, j, 'Value'),
          `Tag values are at most 256 characters; this one has ${codePointLength(value.value as string)}.`,
        );
      }
    }
  }
  if (count > 50 && firstTags) {
    ctx.report(
      R.limit,
      firstTags.start,
      firstTags.end,
      'TagSpecifications',
      `A resource can have at most 50 tags; this request gives ${count}.`,
    );
  }
}
