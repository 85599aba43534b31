/**
 * `verified-identity check-token`: will this identity source accept the token, and which Cedar principal does it
 * become? The identity-source file is read with the CLI's safe reader and analyzed by the service, as `validate`
 * does; the token is read from a file, standard input or the command line, checked by the service's token module,
 * and its signature verified with the issuer's keys only with `--online`. The token is never printed: not in the
 * report, not in an error.
 * Exit status: 0 accepted, 1 rejected, 2 usage or I/O problem (the file, the token, the identity source).
 */
import { resolve } from 'node:path';
import { createLanguageService } from '../service';
import { runTokenCheck, tokenSourceFromRequest, type TokenIdentitySource } from '../service/token';
import { createJwtVerifier } from '../host/jwt-verify';
import type { CheckTokenCommand } from './args';
import { display } from './check';
import { readRequestFile, type ReadResult } from './read';
import { formatTokenJson, formatTokenText, type TokenReport } from './token-report';

export interface CheckTokenIo {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  /** Reads standard input, up to `maxBytes` (more: an error). */
  stdin(maxBytes: number): Promise<ReadResult>;
  /** Milliseconds since the epoch; Date.now by default. */
  now?: () => number;
}

/** A token file or standard input larger than this is not read (the service's own limit is 131,072 characters). */
export const MAX_TOKEN_INPUT_BYTES = 1024 * 1024;

const HISTORY_WARNING =
  'verified-identity: warning: a token given with --token stays in your shell history and is visible to other processes; prefer --token-file FILE or - (standard input)';

/** The identity source of the file, or why it cannot be had (exit 2). */
function identitySource(
  cmd: CheckTokenCommand,
  cwd: string,
): { source: TokenIdentitySource; file: string; document: number; errors: number } | { error: string } {
  const path = resolve(cwd, cmd.identitySource);
  const file = display(path, cwd);
  const read = readRequestFile(path);
  if ('error' in read) return { error: `${file}: ${read.error}` };
  const text = read.text.charCodeAt(0) === 0xfeff ? read.text.slice(1) : read.text;
  const service = createLanguageService();
  const analyzed = service.analyze({ uri: path, text }, { sniff: true });
  if (!analyzed)
    return {
      error: `${file}: cannot tell what kind of request this is: name it *.identity-source.(json|yaml), or start a YAML file with "# verified-identity: identity-source"`,
    };
  if (analyzed.association.base !== 'identity-source')
    return {
      error: `${file} is a trust provider file: check-token takes an identity source (CreateIdentitySource or UpdateIdentitySource)`,
    };
  const documents = analyzed.parsed.documents.length;
  if (cmd.document !== undefined && cmd.document >= documents)
    return {
      error: `${file} holds ${documents} document${documents === 1 ? '' : 's'}: there is no document ${cmd.document + 1}`,
    };
  if (cmd.document === undefined && documents > 1)
    return { error: `${file} holds ${documents} documents: pick one with --document N` };
  const document = cmd.document ?? 0;
  const errors = service.validate(analyzed).filter(d => d.document === document && d.severity === 'error').length;
  const input = service.requestInput(analyzed, document);
  const s = tokenSourceFromRequest(input);
  if (!s.ok)
    return {
      error: `${file}${documents > 1 ? ` (document ${document + 1})` : ''}: no token can be checked against this identity source: ${s.message}${s.path ? ` (${s.path})` : ''}${errors ? ` The file has ${errors} error${errors === 1 ? '' : 's'}: run verified-identity validate.` : ''}`,
    };
  return { source: s.source, file, document, errors };
}

/** The token's text, or why it cannot be read (never quoting it). */
async function readToken(cmd: CheckTokenCommand, io: CheckTokenIo): Promise<{ token: string } | { error: string }> {
  const t = cmd.token;
  let read: ReadResult;
  let where: string;
  if (t.from === 'argument') return { token: t.value };
  if (t.from === 'file') {
    where = `token file ${display(resolve(io.cwd, t.path), io.cwd)}`;
    read = readRequestFile(resolve(io.cwd, t.path), MAX_TOKEN_INPUT_BYTES);
  } else {
    where = 'standard input';
    read = await io.stdin(MAX_TOKEN_INPUT_BYTES);
  }
  if ('error' in read) return { error: `${where}: ${read.error.replace(/ for request files/, '')}` };
  if (read.text.trim() === '') return { error: `${where}: no token (it is empty)` };
  return { token: read.text };
}

export async function runCheckToken(cmd: CheckTokenCommand, io: CheckTokenIo, version: string): Promise<number> {
  if (cmd.token.from === 'argument') io.err(HISTORY_WARNING);
  const src = identitySource(cmd, io.cwd);
  if ('error' in src) {
    io.err(`verified-identity: ${src.error}`);
    return 2;
  }
  const read = await readToken(cmd, io);
  if ('error' in read) {
    io.err(`verified-identity: ${read.error}`);
    return 2;
  }
  const verify = cmd.online
    ? createJwtVerifier({
        allowLoopback: cmd.allowLoopback,
        loopbackHint: '--allow-loopback is given',
        userAgent: `verified-identity/${version}`,
      })
    : undefined;
  const result = await runTokenCheck(src.source, read.token, {
    now: (io.now ?? Date.now)(),
    ...(verify ? { verify } : { offlineReason: "run with --online to verify it with the issuer's published keys" }),
  });
  const report: TokenReport = {
    file: src.file,
    document: src.document,
    fileErrors: src.errors,
    source: src.source,
    result,
    showSensitive: cmd.showSensitive,
  };
  io.out(cmd.format === 'json' ? formatTokenJson(report) : formatTokenText(report, cmd.color));
  return result.accepted ? 0 : 1;
}
