/**
 * The result of Check a Token… as Markdown, for the read-only result document (and its preview). Pure: no `vscode`,
 * so plain Node tests render it. Nothing of the token is in it but its header's `alg`, `kid` and `typ`; sensitive
 * claim values are masked unless `reveal`.
 *
 * Claims, claim names and file names are data from outside: every such text is escaped (all ASCII punctuation
 * backslash-escaped, line breaks flattened) or put in a code span or fenced block that it cannot close, so a claim
 * can neither add a link or an image (the preview would load it) nor start a block of its own.
 */
import {
  STATUS_LABEL,
  TOKEN_TYPE_TEXT,
  displayedClaims,
  entityText,
  sourceText,
  verdictLine,
  type TokenCheckResult,
  type TokenCheckStatus,
  type TokenIdentitySource,
} from '../../../server/src/service/token';

export interface TokenResultView {
  /** Where the identity source came from: `okta.identity-source.yaml`, `identity source ISxxx (deployed)`. */
  origin: string;
  source: TokenIdentitySource;
  result: TokenCheckResult;
  /** Errors in the file's document (the identity source would not be created as it is). */
  fileErrors?: number;
  /** Show the values of sensitive claims. */
  reveal: boolean;
  /** When the check ran (ISO time). */
  checkedAt: string;
}

/** Symbols every font has (colour emoji are missing in some): the status word follows each anyway. */
export const STATUS_ICON: Record<TokenCheckStatus, string> = {
  pass: '✔',
  fail: '✘',
  warn: '⚠',
  'not-checked': '?',
};

/** Line breaks and other control characters as spaces: a value never starts a line (and so a block) of its own. */
function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex -- flattening control characters is the point
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
}

/**
 * Plain text for Markdown: the characters that can start syntax inside a line are escaped (code, links and images,
 * HTML and entities, emphasis with `*`, strike-through, math), and so are `@` and a `:` before `/`, so that no URL
 * or address becomes a link. Line breaks are flattened, so nothing can start a block (a heading, a list, a fence).
 * `_` and `|` stay as they are: the document has no tables, and `_` can at most italicize a word.
 */
export function escapeMarkdown(s: string): string {
  return oneLine(s).replace(/[\\`*[\]<>!#~&$@]|:(?=\/)/g, ch => `\\${ch}`);
}

/** A code span that `s` cannot close: more backticks than its longest run, padded when it starts or ends with one. */
export function codeSpan(s: string): string {
  const text = oneLine(s);
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map(r => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text === '' ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A fenced code block that `text` cannot close. */
export function codeBlock(text: string, info: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map(r => r.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${text}\n${fence}`;
}

const brief = (v: unknown): string => {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 200 ? `${s.slice(0, 197)}…` : s;
};

export function renderTokenResult(view: TokenResultView): string {
  const { result: r } = view;
  const out: string[] = [];
  const verdict = r.accepted ? 'Accepted' : 'Rejected';
  out.push(`# Token check: ${verdict}`, '');
  out.push(`**${escapeMarkdown(verdictLine(r))}**`, '');
  out.push(`- **Identity source:** ${escapeMarkdown(view.origin)}, ${escapeMarkdown(sourceText(view.source))}`);
  if (view.fileErrors)
    out.push(
      `- ⚠ The file has ${view.fileErrors} error${view.fileErrors === 1 ? '' : 's'}, so AWS would not create the identity source as it is (see the Problems panel).`,
    );
  const h = r.header ?? {};
  const header = [h.alg ? `alg ${h.alg}` : '', h.kid ? `kid ${h.kid}` : '', h.typ ? `typ ${h.typ}` : '']
    .filter(Boolean)
    .join(', ');
  out.push(`- **Token:** ${TOKEN_TYPE_TEXT[r.tokenType]}${header ? ` (${escapeMarkdown(header)})` : ''}`);
  out.push(`- **Checked:** ${escapeMarkdown(view.checkedAt)}. The token itself is not kept, logged or shown here.`, '');

  out.push('## Checks', '');
  for (const c of r.checks) {
    out.push(
      `- ${STATUS_ICON[c.status]} **${escapeMarkdown(c.title)}** (${STATUS_LABEL[c.status]}): ${escapeMarkdown(c.reason)}`,
    );
    if (c.status !== 'pass' && c.expected !== undefined && c.actual !== undefined)
      out.push(`  - Expected ${codeSpan(brief(c.expected))}; the token has ${codeSpan(brief(c.actual))}.`);
    if (c.fix && c.status !== 'pass') {
      const paths = c.fix.paths.length ? ` Change ${c.fix.paths.map(codeSpan).join(', ')}.` : '';
      out.push(`  - **Fix:** ${escapeMarkdown(c.fix.message)}${paths}`);
    }
  }
  out.push('');

  out.push('## Principal', '');
  if (r.principal) {
    out.push(codeSpan(entityText(r.principal.entityType, r.principal.entityId)), '');
    const parents = r.entities[0]?.parents ?? [];
    if (parents.length) out.push(`Member of: ${parents.map(p => codeSpan(entityText(p.type, p.id))).join(', ')}`, '');
  } else out.push('None: the token does not name a principal Verified Permissions can build.', '');

  const shown = displayedClaims(r, view.reveal);
  const masked = r.sensitiveClaims.map(s => s.name);
  const note = masked.length
    ? view.reveal
      ? `The values of ${masked.map(codeSpan).join(', ')} (personal data or session identifiers) are shown. Close this document when you are done.`
      : `The values of ${masked.map(codeSpan).join(', ')} (personal data or session identifiers) are hidden. To see them, choose **Show Sensitive Claims** in the notification that came with this result.`
    : '';
  if (shown.entities.length) {
    out.push('## Cedar entities', '');
    out.push(
      'The entities Verified Permissions builds from this token, in Cedar’s JSON entity format: the principal with its attributes and parent groups, then the groups.',
      '',
    );
    if (note) out.push(note, '');
    out.push(codeBlock(JSON.stringify(shown.entities, null, 2), 'json'), '');
  }
  if (shown.context) {
    out.push('## Context', '');
    out.push('An access token’s claims go into the request context, under `context.token`:', '');
    out.push(codeBlock(JSON.stringify(shown.context, null, 2), 'json'), '');
  }
  out.push(
    '---',
    '',
    'Each check rests on documented facts of Verified Permissions: see “Checking a token” in the README of Verified Identity.',
  );
  return out.join('\n');
}

/** A text shaped like a compact JWT (three or five base64url parts, the first a JSON header). Says nothing more. */
export function looksLikeJwt(text: string): boolean {
  const t = text.trim().replace(/^bearer\s+/i, '');
  return (
    t.length <= 131_072 && /^e[wy][A-Za-z0-9_-]+={0,2}(\.[A-Za-z0-9_-]*={0,2}){2}((\.[A-Za-z0-9_-]*){2})?$/.test(t)
  );
}
