/**
 * The outputs of `check-token`: text for people, JSON for scripts. Neither holds the token; sensitive claims are
 * hidden unless asked for. Every text that comes from the token or the file goes through `printable`, so that no
 * claim can move the cursor or start a line of its own in a terminal or a CI log.
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
} from '../service/token';
import { printable as printableControls } from './report';

/** Control characters as `\uXXXX` (report.ts), and the bidirectional controls that could reorder what a line shows. */
function printable(s: string): string {
  return printableControls(s).replace(
    /[\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g,
    ch => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export interface TokenReport {
  /** As shown: relative to the working directory when inside it. */
  file: string;
  /** 0-based. */
  document: number;
  /** Errors in that document of the file (the identity source would not be created as it is). */
  fileErrors: number;
  source: TokenIdentitySource;
  result: TokenCheckResult;
  showSensitive: boolean;
}

export function formatTokenJson(r: TokenReport): string {
  const shown = displayedClaims(r.result, r.showSensitive);
  const { result } = r;
  return JSON.stringify(
    {
      identitySource: {
        file: r.file,
        document: r.document,
        type: r.source.type,
        issuer: r.source.issuer,
        errors: r.fileErrors,
      },
      accepted: result.accepted,
      complete: result.complete,
      tokenType: result.tokenType,
      tokenTypeBasis: result.tokenTypeBasis,
      ...(result.principal ? { principal: result.principal } : {}),
      checks: result.checks,
      ...(result.header ? { header: result.header } : {}),
      ...(shown.claims ? { claims: shown.claims } : {}),
      entities: shown.entities,
      ...(shown.context ? { context: shown.context } : {}),
      sensitiveClaims: result.sensitiveClaims,
      hidden: shown.masked,
    },
    null,
    2,
  );
}

const MARK: Record<TokenCheckStatus, string> = { pass: '✓', fail: '✗', warn: '!', 'not-checked': '?' };
const COLOR: Record<TokenCheckStatus, string> = { pass: '32', fail: '31', warn: '33', 'not-checked': '36' };

/** `value` as one line of JSON, shortened, for "expected" / "actual". */
function brief(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return printable(s.length > 160 ? `${s.slice(0, 157)}…` : s);
}

export function formatTokenText(r: TokenReport, color: boolean): string {
  const c = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const { result } = r;
  const lines: string[] = [];
  const doc = r.document > 0 ? ` (document ${r.document + 1})` : '';
  lines.push(`Identity source: ${printable(r.file)}${doc}: ${printable(sourceText(r.source))}`);
  if (r.fileErrors)
    lines.push(
      `  ${c('33', 'note')}: the file has ${r.fileErrors} error${r.fileErrors === 1 ? '' : 's'}, so AWS would not create it as it is (run verified-identity validate)`,
    );
  const h = result.header ?? {};
  const header = [h.alg ? `alg ${h.alg}` : '', h.kid ? `kid ${h.kid}` : '', h.typ ? `typ ${h.typ}` : '']
    .filter(Boolean)
    .join(', ');
  lines.push(`Token: ${TOKEN_TYPE_TEXT[result.tokenType]}${header ? ` (${printable(header)})` : ''}`, '');
  const width = Math.max(...result.checks.map(x => x.title.length));
  for (const check of result.checks) {
    const label = `${MARK[check.status]} ${STATUS_LABEL[check.status]}`.padEnd(13);
    lines.push(`  ${c(COLOR[check.status], label)} ${check.title.padEnd(width)}  ${printable(check.reason)}`);
    const indent = ' '.repeat(2 + 13 + 1 + width + 2);
    if (check.status !== 'pass' && check.expected !== undefined && check.actual !== undefined)
      lines.push(`${indent}expected ${brief(check.expected)}; the token has ${brief(check.actual)}`);
    if (check.fix && check.status !== 'pass') {
      lines.push(`${indent}fix: ${printable(check.fix.message)}`);
      if (check.fix.paths.length) lines.push(`${indent}at: ${printable(check.fix.paths.join(', '))}`);
    }
  }
  lines.push('');
  if (result.principal) {
    lines.push(`Principal: ${printable(entityText(result.principal.entityType, result.principal.entityId))}`);
    const parents = result.entities[0]?.parents ?? [];
    if (parents.length) lines.push(`Groups: ${printable(parents.map(p => entityText(p.type, p.id)).join(', '))}`);
  } else lines.push('Principal: none (the token does not name one)');
  const shown = displayedClaims(result, r.showSensitive);
  if (shown.entities.length) {
    const n = shown.masked.length;
    const hidden = n
      ? ` ${n} sensitive claim${n === 1 ? ' is' : 's are'} hidden: --show-sensitive shows ${n === 1 ? 'it' : 'them'}.`
      : '';
    lines.push(
      '',
      `Entities, in Cedar's JSON format.${hidden}`,
      printableBlock(JSON.stringify(shown.entities, null, 2)),
    );
    if (shown.context) lines.push('', 'Context:', printableBlock(JSON.stringify(shown.context, null, 2)));
  }
  lines.push('', c(result.accepted ? '32' : '31', verdictLine(result)));
  return lines.join('\n');
}

/** JSON text line by line through `printable` (JSON.stringify escapes control characters already; this is a guard). */
function printableBlock(text: string): string {
  return text
    .split('\n')
    .map(l => printable(l))
    .join('\n');
}
