/**
 * Redaction of secrets from anything written to the log (SPEC §5 "Logging"). Pure: no `vscode` import, so unit tests
 * run it in plain Node. It is deliberately greedy: a log line that loses a harmless value is better than a log line
 * that keeps a secret.
 */

export const REDACTED = '***';

/**
 * Member names whose values are secret: anything with secret / password / passphrase / credential / api key /
 * private key / authorization in it, and names that end in "token" (`token`, `access_token`, `SessionToken`) — but
 * not `TokenEndpoint`, `tokenSelection` or `identityTokenOnly`, which are plain configuration.
 */
const KEY =
  '[A-Za-z0-9_.-]*(?:secret|passw(?:or)?d|passphrase|credential|api[-_]?key|private[-_]?key|authorization)[A-Za-z0-9_.-]*|[A-Za-z0-9_.-]*token';

/** `"key": "value"` in JSON (also inside JSON-escaped text, where quotes appear as `\"`). */
const JSON_PAIR = new RegExp(`((\\\\?)"(?:${KEY})\\2"\\s*:\\s*)(\\\\?)"(?:(?!\\3")(?:\\\\.|[^"\\\\]))*\\3"`, 'gi');

/**
 * `key: value` / `key=value` in YAML, headers, INI files and query strings. The value runs to the end of the line (or
 * a literal `\n` in escaped text, or the closing quote of an enclosing JSON string); quoted values to their quote.
 */
const PLAIN_PAIR = new RegExp(
  `((?:^|[^A-Za-z0-9_.-])(?<!\\$\\{)(?:${KEY})['"]?[ \\t]*[:=][ \\t]*)("(?:\\\\.|[^"\\\\])*"|'(?:''|[^'])*'|(?:(?!\\\\[nr]|\\\\?")[^\\r\\n&])+)`,
  'gim',
);

/** A YAML block scalar (`ClientSecret: |`): the indented lines that follow are the value. */
const BLOCK_RAW = new RegExp(
  `^([ \\t]*)((?:-[ \\t]+)?(?:${KEY})[ \\t]*:[ \\t]*[|>][-+0-9]*[ \\t]*)((?:\\r?\\n(?:\\1[ \\t]+.*|[ \\t]*$))*)`,
  'gim',
);
/** The same inside JSON-escaped text (an LSP trace of a document): lines are separated by a literal `\n`. */
const BLOCK_ESCAPED = new RegExp(
  `((?:${KEY})[ \\t]*:[ \\t]*[|>][-+0-9]*[ \\t]*)((?:\\\\n[ \\t]+(?:\\\\(?![nr])[\\s\\S]|[^\\\\"\\r\\n])*)+)`,
  'gi',
);

/** A secret reference (`${secret:NAME}`) names a secret; it is not one. */
const REFERENCE = /^(\\?["'])?\$\{secret:[A-Za-z0-9._/-]{1,128}\}\1?$/;

/** Bearer tokens and AWS signatures wherever they appear. */
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g;
const AWS_SIGNATURE = /\b(Signature|X-Amz-Signature|X-Amz-Security-Token|X-Amz-Credential)=[^\s&,"]+/gi;

/**
 * JSON Web Tokens wherever they appear, with or without `Bearer`: a JOSE header is base64url JSON, so it starts with
 * `ey` (`{"`) or `ew` (`{` and a line break); then two to four more dot-separated segments (JWS: three parts, JWE:
 * five). The whole token goes, signature included.
 */
const JWT = /(?<![A-Za-z0-9_-])e[wy][A-Za-z0-9_-]{8,}={0,2}(?:\.[A-Za-z0-9_-]*={0,2}){2,4}/g;

/** AWS access key IDs (long-term `AKIA…`, temporary `ASIA…`). */
const ACCESS_KEY_ID = /\b(AKIA|ASIA)[A-Z0-9]{16}\b/g;

/**
 * The redactor. `add` registers a value known to be secret (a resolved `${secret:NAME}`, a value just stored in
 * SecretStorage); every later occurrence of it is removed, whatever surrounds it.
 */
export class Redactor {
  private readonly known = new Set<string>();

  add(value: string | undefined): void {
    if (typeof value !== 'string' || value.length < 4) return;
    this.known.add(value);
    // The same value as it appears JSON-escaped in traces.
    const escaped = JSON.stringify(value).slice(1, -1);
    if (escaped !== value) this.known.add(escaped);
    if (this.known.size > 1000) this.known.delete(this.known.values().next().value as string);
  }

  redact(text: string): string {
    let out = text;
    // Longest first, so that a value containing another is removed whole.
    for (const s of [...this.known].sort((a, b) => b.length - a.length)) out = out.split(s).join(REDACTED);
    return redact(out);
  }
}

/** Removes secret-looking values from one log message. */
export function redact(text: string): string {
  return text
    .replace(BLOCK_RAW, (_m, indent: string, head: string) => `${indent}${head}\n${indent}  ${REDACTED}`)
    .replace(BLOCK_ESCAPED, (_m, head: string) => `${head}\\n  ${REDACTED}`)
    .replace(JSON_PAIR, (m, head: string, _q: string, esc: string) =>
      REFERENCE.test(m.slice(head.length)) ? m : `${head}${esc}"${REDACTED}${esc}"`,
    )
    .replace(PLAIN_PAIR, (_m, head: string, value: string) =>
      (value.includes(REDACTED) && value.length <= REDACTED.length + 4) || REFERENCE.test(value)
        ? _m
        : `${head}${REDACTED}`,
    )
    .replace(JWT, REDACTED)
    .replace(BEARER, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(AWS_SIGNATURE, (_m, name: string) => `${name}=${REDACTED}`)
    .replace(ACCESS_KEY_ID, (_m, prefix: string) => `${prefix}${REDACTED}`);
}
