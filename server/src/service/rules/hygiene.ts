/** Hygiene: leftovers that make a request do nothing or leak something (DryRun, literal secrets, skeleton placeholders). */
import { getValue, isObject, joinPath, type Node } from '../parse/ast';
import type { StringShape } from '../model/shapes';
import { fullMatch } from '../model/pattern-hints';
import { secretReferenceName } from '../secrets';
import type { CheckContext, Reporter } from './context';
import { codePointLength } from './describe';
import { rule } from './rule-info';

export const R = {
  dryRun: rule(
    'dry-run',
    'hygiene',
    'warning',
    'documented',
    '`DryRun: true` (the CLI skeleton default): EC2 only checks permissions and creates or changes nothing.',
  ),
  literalSecret: rule(
    'literal-secret',
    'hygiene',
    'warning',
    'practice',
    'A literal `ClientSecret` in a file that is likely committed; use a `${secret:NAME}` reference.',
  ),
  placeholder: rule(
    'placeholder',
    'hygiene',
    'error',
    'model',
    'A skeleton placeholder (`""` or `string`) left in; an error where the model forbids the value, else a warning.',
  ),
};

export const HYGIENE_RULES = Object.values(R);

/** Members where an empty string is a normal value. */
const EMPTY_OK = new Set(['Description', 'Value']);

/**
 * Reports `""` / `"string"` placeholders. Returns true when it reported, so that the generic length/pattern check
 * does not report the same value again.
 */
export function checkPlaceholder(
  ctx: Reporter,
  value: string,
  n: Node,
  shape: StringShape,
  path: string,
  member: string,
  required = false,
): boolean {
  const isEmpty = value === '';
  const isWord = value === 'string' || value === 'String';
  if (!isEmpty && !isWord) return false;
  const leaf = member.replace(/\[\d+\]$/, '');
  if (isEmpty && EMPTY_OK.has(leaf)) return false;
  const forbidden =
    (shape.min !== undefined && codePointLength(value) < shape.min) ||
    (shape.pattern !== undefined && !fullMatch(shape.pattern).test(value)) ||
    (shape.enum !== undefined && !shape.enum.some(e => e.value === value)) ||
    (isEmpty && required);
  if (isWord && !forbidden) return false; // "string" satisfies the model here: it may well be meant
  ctx.report(
    R.placeholder,
    n.start,
    n.end,
    path,
    forbidden
      ? isEmpty && required && shape.min === undefined && shape.pattern === undefined && shape.enum === undefined
        ? `'${member}' is required but empty: the service treats an empty value as missing. Fill in a real value.`
        : `'${member}' still holds the skeleton placeholder ${JSON.stringify(value)}, which the service rejects: fill in a real value.`
      : `'${member}' is ${isEmpty ? 'empty' : JSON.stringify(value)}: probably a skeleton placeholder left in.`,
    { severity: forbidden ? 'error' : 'warning' },
  );
  return true;
}

const SECRET_HOLDERS = ['OidcOptions', 'NativeApplicationOidcOptions'];

export function checkHygiene(ctx: CheckContext, root: Node): void {
  if (!isObject(root)) return;
  if (ctx.kind.service === 'ec2') {
    const dry = root.properties.find(p => p.key === 'DryRun');
    if (dry?.value?.type === 'boolean' && dry.value.value === true) {
      ctx.report(
        R.dryRun,
        dry.value.start,
        dry.value.end,
        'DryRun',
        `'DryRun' is true: EC2 will only check permissions and answer DryRunOperation; nothing is ${ctx.kind.kind === 'trust-provider' ? 'created' : 'changed'}.`,
      );
    }
    if (ctx.options.likelyCommitted) {
      for (const holder of SECRET_HOLDERS) {
        const secret = isObject(getValue(root, holder))
          ? (getValue(root, holder) as Node & { type: 'object' }).properties.find(p => p.key === 'ClientSecret')
          : undefined;
        const v = secret?.value;
        if (
          v?.type === 'string' &&
          typeof v.value === 'string' &&
          v.value !== '' &&
          secretReferenceName(v.value) === undefined
        ) {
          ctx.report(
            R.literalSecret,
            v.start,
            v.end,
            joinPath(holder, 'ClientSecret'),
            `'${holder}.ClientSecret' holds a literal secret in a file that is likely committed. Move it to secret storage and reference it as \${secret:NAME}.`,
          );
        }
      }
    }
  }
}
