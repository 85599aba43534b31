/**
 * The resources of a template that convert to request files (the three types), and the one at a position. Works on
 * the parsed tree of any JSON or YAML template; nothing here checks the template.
 */
import { CFN_TYPES, isCfnTypeName, type CfnTypeName } from '../model/cloudformation';
import { getValue, type Node, type ObjectNode } from '../parse/ast';
import type { ParseIssue } from '../parse/issues';
import { resourceToRequest } from './to-request';
import type { ConversionError, RequestConversion, RequestOptions } from './types';

export interface TemplateResourceEntry {
  logicalId: string;
  type: CfnTypeName;
  node: ObjectNode;
  /** The whole entry, from the logical ID to the end of its value. */
  start: number;
  end: number;
}

/** The resources of the three types under `Resources`, in template order. */
export function convertibleResources(root: Node | undefined): TemplateResourceEntry[] {
  const resources = getValue(root, 'Resources');
  if (resources?.type !== 'object') return [];
  const out: TemplateResourceEntry[] = [];
  for (const p of resources.properties) {
    if (p.superseded === true || p.value?.type !== 'object') continue;
    const type = getValue(p.value, 'Type');
    if (type?.type === 'string' && isCfnTypeName(type.value))
      out.push({ logicalId: p.key, type: type.value, node: p.value, start: p.start, end: p.end });
  }
  return out;
}

/** Parse problems that leave the tree incomplete (not a YAML tag or a repeated key, which the tree holds). */
const BREAKING = new Set(['syntax', 'alias-limit', 'too-deep', 'too-large', 'binary']);

export function breaksTree(issues: readonly ParseIssue[]): boolean {
  return issues.some(i => i.severity === 'error' && BREAKING.has(i.code));
}

export type ResourceSelector = { offset: number } | { logicalId: string };

/**
 * The resource `at` selects, as a request file. With an offset outside every resource of the three types, the
 * template's only one is taken; with several, the answer lists them (`candidates`) for the caller to choose.
 */
export function templateResourceToRequest(
  document: { root: Node | undefined; issues: readonly ParseIssue[] },
  at: ResourceSelector,
  options: RequestOptions,
): RequestConversion | ConversionError {
  if (breaksTree(document.issues))
    return { error: 'The template has syntax errors: fix them first, so that nothing is lost in the conversion.' };
  const all = convertibleResources(document.root);
  if (all.length === 0)
    return {
      error: `The file declares no ${Object.keys(CFN_TYPES).join(', ')} resource under Resources.`,
    };
  const chosen =
    'logicalId' in at
      ? all.find(r => r.logicalId === at.logicalId)
      : // The last entry that starts at or before the offset and reaches it (a value's range may take in the line
        // break before the next entry).
        (all.filter(r => r.start <= at.offset && at.offset <= r.end).pop() ?? (all.length === 1 ? all[0] : undefined));
  if (!chosen)
    return {
      error: 'Put the cursor inside the resource to convert, or choose one.',
      candidates: all.map(r => ({ logicalId: r.logicalId, type: r.type })),
    };
  return resourceToRequest(chosen.logicalId, chosen.node, options);
}
