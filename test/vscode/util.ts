/**
 * Helpers for tests that run inside the real VS Code extension host (test/vscode/**\/*.test.ts). They wait on events
 * or conditions with a timeout, never for a fixed time. The workspace folder is a fresh copy of
 * `test/fixtures/workspace/` made by scripts/e2e/run.mjs for every run, so tests may edit files in it.
 */
import * as vscode from 'vscode';

export const EXTENSION_ID = 'verified-identity.verified-identity';

/** Default time a condition may take (language server start-up included). */
export const DEFAULT_TIMEOUT = 30_000;

type Falsy = undefined | null | false | 0 | '';

export interface WaitOptions {
  /** Re-check the condition whenever one of these fires (in addition to a light poll). */
  events?: vscode.Event<unknown>[];
  /** Poll interval in ms as a fallback for conditions without an event (default 100). */
  interval?: number;
  /** What was awaited, for the timeout message. */
  message?: string;
}

/**
 * Resolves with the first truthy value of `predicate` (sync or async), rejects after `timeout` ms with `message` and
 * the last error the predicate threw, if any.
 */
export function waitFor<T>(
  predicate: () => T | Falsy | Promise<T | Falsy>,
  timeout = DEFAULT_TIMEOUT,
  options: WaitOptions = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const disposables: vscode.Disposable[] = [];
    let settled = false;
    let running = false;
    let again = false;
    let lastError: unknown;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(poll);
      for (const d of disposables) d.dispose();
      fn();
    };
    const check = async (): Promise<void> => {
      if (settled) return;
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        const value = await predicate();
        if (value) finish(() => resolve(value));
      } catch (e) {
        lastError = e;
      } finally {
        running = false;
      }
      if (again && !settled) {
        again = false;
        await check();
      }
    };
    const timer = setTimeout(() => {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      finish(() =>
        reject(new Error(`Timed out after ${timeout} ms waiting for ${options.message ?? 'a condition'}${why}`)),
      );
    }, timeout);
    const poll = setInterval(() => void check(), options.interval ?? 100);
    for (const event of options.events ?? []) disposables.push(event(() => void check()));
    void check();
  });
}

/** URI of a file in the (first) workspace folder. */
export function fixtureUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('The extension tests need a workspace folder (scripts/e2e/run.mjs opens one).');
  return vscode.Uri.joinPath(folder.uri, ...name.split('/'));
}

/** Opens a workspace file and shows it in an editor (activation events such as onLanguage fire). */
export async function openFixture(name: string, options: { preview?: boolean } = {}): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(name));
  await vscode.window.showTextDocument(document, { preview: options.preview ?? false });
  return document;
}

/** The diagnostic's code as a string (`unknown-member`), whether it came as a value or `{ value, target }`. */
export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  if (c === undefined) return '';
  return typeof c === 'object' ? String(c.value) : String(c);
}

/**
 * Waits until the diagnostics of `uri` satisfy `accept` (default: there is at least one) and returns them. Reacts to
 * `vscode.languages.onDidChangeDiagnostics`.
 */
export function diagnosticsFor(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean = d => d.length > 0,
  timeout = DEFAULT_TIMEOUT,
): Promise<vscode.Diagnostic[]> {
  return waitFor(
    () => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      return accept(diagnostics) ? diagnostics : undefined;
    },
    timeout,
    {
      events: [vscode.languages.onDidChangeDiagnostics as vscode.Event<unknown>],
      interval: 250,
      message: `diagnostics of ${vscode.workspace.asRelativePath(uri)}`,
    },
  );
}

/** Waits for a diagnostic with `code` (and, optionally, a message containing `text`) on `uri`. */
export async function diagnosticWithCode(
  uri: vscode.Uri,
  code: string,
  text?: string,
  timeout = DEFAULT_TIMEOUT,
): Promise<vscode.Diagnostic> {
  const matches = (d: vscode.Diagnostic) => codeOf(d) === code && (text === undefined || d.message.includes(text));
  const all = await diagnosticsFor(uri, ds => ds.some(matches), timeout);
  return all.find(matches)!;
}

/** The Verified Identity extension, activated; returns its exports. */
export async function activateExtension<T = unknown>(): Promise<T> {
  const extension = vscode.extensions.getExtension<T>(EXTENSION_ID);
  if (!extension) throw new Error(`Extension ${EXTENSION_ID} is not installed in this VS Code`);
  return extension.isActive ? extension.exports : extension.activate();
}
