/**
 * Helpers for the editor-feature tests (test/vscode/*.test.ts besides smoke): documents written into the workspace
 * copy from inline sources with markers, the extension's API, and code actions applied the way the editor does.
 *
 * Markers in a source: `«` and `»` around an expected range, `‸` for the cursor. They are removed from the text.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { VerifiedIdentityApi } from '../../client/src/extension';
import { activateExtension, codeOf, diagnosticsFor, fixtureUri, waitFor } from './util';

export interface Marked {
  text: string;
  ranges: vscode.Range[];
  cursor: vscode.Position | undefined;
}

export function parseMarkers(source: string): Marked {
  let text = '';
  let line = 0;
  let character = 0;
  const ranges: vscode.Range[] = [];
  const open: vscode.Position[] = [];
  let cursor: vscode.Position | undefined;
  for (const c of source) {
    if (c === '«') open.push(new vscode.Position(line, character));
    else if (c === '»') ranges.push(new vscode.Range(open.pop()!, new vscode.Position(line, character)));
    else if (c === '‸') cursor = new vscode.Position(line, character);
    else {
      text += c;
      if (c === '\n') {
        line++;
        character = 0;
      } else character += c.length; // UTF-16 units, as positions count them
    }
  }
  assert.strictEqual(open.length, 0, 'unbalanced « » markers');
  return { text, ranges, cursor };
}

let counter = 0;

/** A workspace-relative name that no earlier test used: `dir/stem-N.suffix`. */
export function freshName(dir: string, stem: string, suffix: string): string {
  return `${dir}/${stem}-${Date.now().toString(36)}${++counter}${suffix}`;
}

/** Writes `text` to a workspace file and returns its URI (the file is not opened). */
export async function writeFile(relative: string, text: string): Promise<vscode.Uri> {
  const uri = fixtureUri(relative);
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

/** Writes a marked source into the workspace, opens it in an editor, and returns the document with its markers. */
export async function openMarked(relative: string, source: string): Promise<{ doc: vscode.TextDocument } & Marked> {
  const marked = parseMarkers(source);
  const uri = await writeFile(relative, marked.text);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  return { doc, ...marked };
}

/** The extension's API, once the language server runs. */
export async function extensionApi(): Promise<VerifiedIdentityApi> {
  const api = await activateExtension<VerifiedIdentityApi>();
  await api.ready;
  return api;
}

export function show(r: vscode.Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** Waits for a diagnostic with `code` and returns it (with the document's other diagnostics for messages). */
export async function diagnostic(doc: vscode.TextDocument, code: string): Promise<vscode.Diagnostic> {
  const all = await diagnosticsFor(doc.uri, ds => ds.some(d => codeOf(d) === code));
  return all.find(d => codeOf(d) === code)!;
}

/** Waits until the document has no diagnostic with `code` any more (after an edit). */
export async function noDiagnostic(doc: vscode.TextDocument, code: string): Promise<void> {
  await diagnosticsFor(doc.uri, ds => !ds.some(d => codeOf(d) === code));
}

/** Code actions the providers offer for a range (as the lightbulb asks for them). */
export async function codeActionsAt(
  doc: vscode.TextDocument,
  range: vscode.Range,
  kind?: vscode.CodeActionKind,
): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    doc.uri,
    range,
    kind?.value,
  );
  // A bare Command has a string `command`; a CodeAction has an optional Command object there.
  return (actions ?? []).filter((a): a is vscode.CodeAction => typeof a.command !== 'string');
}

/** The first action whose title matches, waiting for the server to offer it (diagnostics may still be in flight). */
export async function actionTitled(
  doc: vscode.TextDocument,
  range: vscode.Range,
  title: RegExp,
): Promise<vscode.CodeAction> {
  let seen: string[] = [];
  return waitFor(
    async () => {
      const actions = await codeActionsAt(doc, range);
      seen = actions.map(a => a.title);
      return actions.find(a => title.test(a.title));
    },
    15_000,
    { message: `a code action matching ${String(title)} (offered: ${JSON.stringify(seen)})`, interval: 200 },
  );
}

/** Applies a code action as the editor does: its edit, then its command. Returns the command's result. */
export async function applyAction(action: vscode.CodeAction): Promise<unknown> {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `edit of "${action.title}" applied`);
  if (action.command)
    return vscode.commands.executeCommand(action.command.command, ...((action.command.arguments ?? []) as unknown[]));
  return undefined;
}

/** Waits until the document's text satisfies `accept`. */
export function textOf(
  doc: vscode.TextDocument,
  accept: (text: string) => boolean,
  message = 'the document text',
): Promise<string> {
  return waitFor(() => (accept(doc.getText()) ? doc.getText() : undefined), 10_000, {
    events: [vscode.workspace.onDidChangeTextDocument as vscode.Event<unknown>],
    message,
  });
}

/** Closes every editor (so a test's documents do not leak into the next one's status-bar checks). */
export async function closeEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
