/**
 * Move Secret to Secret Storage — run by the server's quick fix for `literal-secret`, with arguments
 * `[{ uri, range, name }]`. The secret itself never travels over LSP: this command reads the literal at `range` from
 * the document, stores it in SecretStorage under `verifiedIdentity.secret.<name>`, and replaces the literal (with its
 * quotes) by the reference `${secret:<name>}`. The value is registered with the logger so it is redacted everywhere.
 */
import * as vscode from 'vscode';
import { parse as parseYaml } from 'yaml';
import { SECRET_REFERENCE, secretReference } from '../../../server/src/service/secrets';
import type { ExtensionCtx } from '../context';
import { SECRET_NAME, secretKey } from '../secrets';

export interface StoreSecretArgs {
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  name: string;
}

export interface StoreSecretResult {
  uri: string;
  name: string;
  reference: string;
}

function isPosition(p: unknown): p is { line: number; character: number } {
  if (p === null || typeof p !== 'object') return false;
  const { line, character } = p as Record<string, unknown>;
  return Number.isInteger(line) && Number.isInteger(character) && (line as number) >= 0 && (character as number) >= 0;
}

export function parseStoreSecretArgs(raw: unknown): StoreSecretArgs {
  const r = (raw ?? {}) as Partial<Record<keyof StoreSecretArgs, unknown>>;
  const range = (r.range ?? {}) as Record<string, unknown>;
  if (typeof r.uri !== 'string' || !isPosition(range.start) || !isPosition(range.end) || typeof r.name !== 'string') {
    throw new Error('Move Secret to Secret Storage needs { uri, range, name } (it is run by a quick fix).');
  }
  const name = r.name.replace(/[^A-Za-z0-9._/-]/g, '-').slice(0, 128);
  if (!SECRET_NAME.test(name)) throw new Error(`"${r.name}" cannot name a secret reference.`);
  return { uri: r.uri, range: { start: range.start, end: range.end }, name };
}

/** The string value of the scalar literal `text` (JSON string, or any YAML scalar form). */
export function literalValue(text: string, languageId: string): string {
  const t = text.trim();
  let value: unknown;
  if (languageId === 'json' || (t.startsWith('"') && t.endsWith('"') && !t.includes('\n'))) {
    try {
      value = JSON.parse(t);
    } catch {
      value = undefined;
    }
  }
  if (value === undefined && languageId !== 'json') {
    try {
      value = parseYaml(t, { schema: 'failsafe', strict: true, prettyErrors: false });
    } catch {
      value = undefined;
    }
  }
  if (typeof value !== 'string')
    throw new Error('The range of the quick fix does not hold a string literal any more; edit the file and try again.');
  return value;
}

/** The reference as it replaces the literal: quoted as the literal was, or when a YAML flow collection needs it. */
export function replacementText(literal: string, reference: string, languageId: string, lineBefore: string): string {
  const t = literal.trimStart();
  if (languageId === 'json' || t.startsWith('"')) return JSON.stringify(reference);
  if (t.startsWith("'")) return `'${reference}'`;
  return /[{[]/.test(lineBefore) ? JSON.stringify(reference) : reference;
}

export async function storeSecret(ctx: ExtensionCtx, rawArgs?: unknown): Promise<StoreSecretResult> {
  const args = parseStoreSecretArgs(rawArgs);
  const uri = ctx.client.protocol2CodeConverter.asUri(args.uri);
  const doc =
    vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString()) ??
    (await vscode.workspace.openTextDocument(uri));
  const range = doc.validateRange(
    new vscode.Range(args.range.start.line, args.range.start.character, args.range.end.line, args.range.end.character),
  );
  const literal = doc.getText(range);
  const value = literalValue(literal, doc.languageId);
  if (value === '') throw new Error('The secret is empty: there is nothing to store.');
  if (SECRET_REFERENCE.test(value)) throw new Error(`The value is already a secret reference (${value}).`);
  ctx.log.addSecret(value);

  // A name already used for a different value gets a suffix: storing never overwrites another file's secret.
  const secrets = ctx.extension.secrets;
  let name = args.name;
  for (let i = 2; ; i++) {
    const existing = await secrets.get(secretKey(name));
    if (existing === undefined || existing === value) break;
    if (i > 100) throw new Error(`Too many secrets named ${args.name}-N.`);
    name = `${args.name}-${i}`.slice(-128);
  }
  await secrets.store(secretKey(name), value);

  const reference = secretReference(name);
  const lineBefore = doc.lineAt(range.start.line).text.slice(0, range.start.character);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, range, replacementText(literal, reference, doc.languageId, lineBefore));
  if (!(await vscode.workspace.applyEdit(edit))) {
    throw new Error(
      `The secret was stored as ${reference}, but the file could not be edited: replace the literal by hand.`,
    );
  }
  ctx.log.info(`Stored the secret of ${doc.uri.toString(true)} in secret storage as ${reference}.`);
  void vscode.window.showInformationMessage(
    `Verified Identity: the secret is now in this machine's secret storage; the file refers to it as ${reference}. ` +
      'Save the file; Create/Modify resolve the reference when they call AWS.',
  );
  return { uri: doc.uri.toString(), name, reference };
}
