/**
 * The \`yaml\` library's errors and warnings as our parse problems: unknown tags (a template's short forms, or the AWS
 * CLI's plain YAML), YAML versions the CLI cannot read, stack overflows, and syntax errors with the quoted source cut
 * short.
 */
import type { YAMLError, YAMLWarning } from 'yaml';
import type { Dialect } from './ast';
import { SHORT_FORMS } from './cfn-yaml';
import { shorten, type ParseIssue } from './issues';

/** Tags of `tag:yaml.org,2002:` that the library cannot resolve: the CLI's own reading covers them (`cli-yaml.ts`). */
export const LOADER_TAG_PROBLEM = /tag:yaml\.org,2002:|^!!timestamp /;

/** A tag the library could not resolve, as its warning names it (`Unresolved tag: !Ref`). */
export const UNRESOLVED_TAG = /^Unresolved tag: (\S+)/;

export function issueFrom(e: YAMLError | YAMLWarning, severity: 'error' | 'warning', dialect: Dialect): ParseIssue {
  const [start, end] = e.pos;
  if (dialect === 'cloudformation' && e.code === 'TAG_RESOLVE_FAILED') {
    const tag = UNRESOLVED_TAG.exec(e.message)?.[1] ?? 'tag';
    return {
      code: 'yaml-tag',
      severity: 'error',
      message: `Unknown tag ${tag}: a template's tags are the short forms of CloudFormation's intrinsic functions (${Object.keys(SHORT_FORMS).slice(0, 6).join(', ')}, …).`,
      start,
      end: Math.max(end, start + 1),
    };
  }
  if (e.code === 'BAD_DIRECTIVE' && /^Unsupported YAML version/.test(e.message)) {
    return {
      code: 'cli-yaml-unreadable',
      severity: 'error',
      message: `${firstLine(e.message)}: the AWS CLI reads YAML 1.1 and 1.2 only`,
      start,
      end: Math.max(end, start + 1),
    };
  }
  if (e.code === 'TAG_RESOLVE_FAILED') {
    return {
      code: 'yaml-tag',
      severity: 'error',
      message: `${firstLine(e.message).replace(/^Unresolved tag/, 'Unsupported tag')}: the AWS CLI reads plain YAML without custom tags`,
      start,
      end: Math.max(end, start + 1),
    };
  }
  if (/Maximum call stack/.test(e.message)) {
    return {
      code: 'too-deep',
      severity: 'error',
      message: 'Nesting too deep to check',
      start,
      end: Math.max(end, start + 1),
    };
  }
  return { code: 'syntax', severity, message: firstLine(e.message), start, end: Math.max(end, start + 1) };
}

/** The first line of the library's message, with the source it quotes cut short (a token can be a whole file). */
function firstLine(s: string): string {
  const i = s.indexOf('\n');
  const line = i < 0 ? s : s.slice(0, i);
  return line
    .replace(/"((?:[^"\\]|\\.)*)"/g, (q, body: string) => (body.length > 60 ? `"${shorten(body, 60)}"` : q))
    .replace(/\S{61,}/g, run => shorten(run, 60));
}
