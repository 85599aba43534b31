/**
 * CloudFormation's YAML dialect (`test/reference/cloudformation/intrinsics.md`): the short-form tags of intrinsic
 * functions, and how CloudFormation's reader types plain scalars. It reads YAML 1.1 without the timestamp, binary,
 * omap, pairs and set tags, so an unquoted `2024-06-01` stays a string, while `yes`, `No`, `ON` and `off` are
 * booleans (not the single letters `y`/`n`): a string property given `Mode: OFF` receives "false". Numbers are read
 * as YAML 1.2 reads them; CloudFormation passes numbers to string properties as text, so their exact reading does not
 * change a check. The AWS CLI's loader types (`cli-yaml.ts`) do not apply to templates.
 */
import type { ScalarNode } from './ast';
import { libraryNode, YAML_TAG, type YamlScalar } from './cli-yaml';
import type { ParseIssue } from './issues';

/** Short-form tag → the long form's key. `!GetAtt A.B` keeps its scalar: `Fn::GetAtt` takes `"A.B"` in JSON too. */
export const SHORT_FORMS: Readonly<Record<string, string>> = Object.fromEntries<string>([
  ['!Ref', 'Ref'] as const,
  ['!Condition', 'Condition'] as const,
  ...[
    'Base64',
    'Cidr',
    'FindInMap',
    'GetAtt',
    'GetAZs',
    'ImportValue',
    'Join',
    'Select',
    'Split',
    'Sub',
    'Transform',
    'If',
    'Equals',
    'And',
    'Or',
    'Not',
    'ToJsonString',
    'Length',
    // The functions of the `Rules` section.
    'Contains',
    'EachMemberEquals',
    'EachMemberIn',
    'RefAll',
    'ValueOf',
    'ValueOfAll',
  ].map(name => [`!${name}`, `Fn::${name}`] as const),
]);

export function shortFormKey(tag: string | undefined): string | undefined {
  return tag !== undefined && Object.prototype.hasOwnProperty.call(SHORT_FORMS, tag) ? SHORT_FORMS[tag] : undefined;
}

/** Standard tags CloudFormation's reader does not support (the template format reference). */
export const UNSUPPORTED_STANDARD_TAGS: ReadonlySet<string> = new Set(['binary', 'omap', 'pairs', 'set', 'timestamp']);

/** YAML 1.1 booleans that YAML 1.2 reads as strings; the single letters y/n are strings for CloudFormation too. */
const YAML11_BOOLEAN = /^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$/;

export function unsupportedTagIssue(tag: string, start: number, end: number): ParseIssue {
  return {
    code: 'yaml-tag',
    severity: 'error',
    message: `CloudFormation does not support the !!${tag} tag in templates.`,
    start,
    end: Math.max(end, start + 1),
  };
}

/** A scalar of a template as CloudFormation reads it. */
export function cfnScalarNode(s: YamlScalar): { node: ScalarNode; issue?: ParseIssue } {
  const quoted = !s.plain;
  const { start, end } = s;
  const tag = s.tag !== undefined && s.tag !== '!' ? s.tag : undefined;
  if (tag?.startsWith(YAML_TAG) && UNSUPPORTED_STANDARD_TAGS.has(tag.slice(YAML_TAG.length))) {
    const node: ScalarNode = { type: 'string', value: s.source, start, end, quoted, tag };
    return { node, issue: unsupportedTagIssue(tag.slice(YAML_TAG.length), start, end) };
  }
  if (tag === undefined && s.plain && YAML11_BOOLEAN.test(s.source)) {
    const value = /^(?:yes|on)$/i.test(s.source);
    return { node: { type: 'boolean', value, start, end, quoted, yaml11Boolean: true } };
  }
  // Under `%YAML 1.1` the library makes dates of timestamps; CloudFormation has no timestamp type.
  const node =
    s.value instanceof Date
      ? { type: 'string' as const, value: s.source, start, end, quoted }
      : libraryNode(s.value, start, end, quoted);
  if (tag !== undefined) node.tag = tag;
  return { node };
}
