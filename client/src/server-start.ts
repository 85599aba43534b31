/**
 * The language server costs nothing until there is something for it to check. Activation (any JSON or YAML file, the
 * views, a command) starts no process; the server starts, once, on the first of:
 *
 * - a document of ours is open, opened, or becomes ours (a YAML modeline typed on its first line, a change of
 *   `verifiedIdentity.files`);
 * - the search of the workspace that runs after activation finds a file of ours: by name (the default globs and
 *   each folder's `verifiedIdentity.files`), then a YAML modeline among at most SCAN_LIMITS.modelineCandidates files.
 *   It never blocks activation, is bounded, and is cancelled once the server runs or the extension stops;
 * - anything that needs the server asks for it (`start`): commands, the status item, the drift lens (these ask only
 *   for documents of ours).
 *
 * "Ours" is client/src/ours.ts, the one predicate new file kinds extend.
 */
import * as vscode from 'vscode';
import { EXCLUDE, relativeGlob } from './commands/validate-workspace';
import { readSettings } from './config';
import type { Logger } from './log';
import { HEAD_CHARS, isOurs, workspaceGlobs } from './ours';
import { modelineKind } from '../../server/src/service/association';

/** Bounds of the search at start-up: a huge workspace costs at most this. */
export const SCAN_LIMITS = {
  /** YAML files whose first line is read for a modeline. */
  modelineCandidates: 200,
  /** Larger YAML files are not read. */
  modelineMaxBytes: 64 * 1024,
  readConcurrency: 8,
};

export interface LazyServer {
  /** Whether the server was asked to start (it may still be starting). */
  readonly started: boolean;
  /** Why it started (the first reason), or undefined. */
  readonly reason: string | undefined;
  /** Starts the server unless it was started; resolves once it answered `initialize`. */
  start(reason: string): Promise<void>;
  /** Whether the server will check this document. */
  isOurs(doc: vscode.TextDocument): boolean;
  /** The search of the workspace: resolves with what it found first, or undefined (nothing, or cancelled). */
  readonly scan: Promise<string | undefined>;
  /** `performance.now()` when the start was asked for and when the server answered `initialize`. */
  readonly timings: { readonly requested?: number; readonly ready?: number };
}

function facts(doc: vscode.TextDocument) {
  const head = doc.getText(new vscode.Range(0, 0, Math.min(doc.lineCount, 200), 0)).slice(0, HEAD_CHARS);
  return { uri: doc.uri.toString(), languageId: doc.languageId, head };
}

function documentIsOurs(doc: vscode.TextDocument): boolean {
  if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled') return false;
  return isOurs(facts(doc), readSettings(doc.uri).files);
}

async function hasModeline(uri: vscode.Uri): Promise<boolean> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > SCAN_LIMITS.modelineMaxBytes) return false;
    const bytes = await vscode.workspace.fs.readFile(uri);
    return modelineKind(new TextDecoder().decode(bytes.subarray(0, 512))) !== undefined;
  } catch {
    return false;
  }
}

/** The first file of ours in the workspace folders, or undefined. */
async function searchWorkspace(token: vscode.CancellationToken): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  for (const folder of folders) {
    for (const glob of workspaceGlobs(readSettings(folder.uri).files)) {
      const rel = relativeGlob(glob, folder.uri);
      if (!rel) continue;
      const [hit] = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, rel), EXCLUDE, 1, token);
      if (hit) return hit;
      if (token.isCancellationRequested) return undefined;
    }
  }
  for (const folder of folders) {
    const yaml = await vscode.workspace.findFiles(
      new vscode.RelativePattern(folder, '**/*.{yaml,yml}'),
      EXCLUDE,
      SCAN_LIMITS.modelineCandidates,
      token,
    );
    for (let i = 0; i < yaml.length && !token.isCancellationRequested; i += SCAN_LIMITS.readConcurrency) {
      const batch = yaml.slice(i, i + SCAN_LIMITS.readConcurrency);
      const flags = await Promise.all(batch.map(hasModeline));
      const hit = batch.find((_, j) => flags[j]);
      if (hit) return hit;
    }
    if (token.isCancellationRequested) return undefined;
  }
  return undefined;
}

/**
 * Watches for a reason to start the server (`start` starts it once, and is what every caller awaits). The search of
 * the workspace begins after activation returns.
 */
export function createLazyServer(start: () => Promise<void>, log: Logger): LazyServer & vscode.Disposable {
  let reason: string | undefined;
  let started: Promise<void> | undefined;
  const timings: { requested?: number; ready?: number } = {};
  const search = new vscode.CancellationTokenSource();
  const disposables: vscode.Disposable[] = [search];

  const server = {
    get started() {
      return started !== undefined;
    },
    get reason() {
      return reason;
    },
    start(why: string): Promise<void> {
      if (!started) {
        reason = why;
        log.info(`Starting the language server: ${why}.`);
        timings.requested = performance.now();
        started = start().then(() => {
          timings.ready = performance.now();
        });
        // A failure is logged by the client; callers that await `start` see it, the others need not.
        started.catch(() => undefined);
        search.cancel();
        for (const d of disposables.splice(0)) d.dispose();
      }
      return started;
    },
    isOurs: documentIsOurs,
    scan: Promise.resolve<string | undefined>(undefined),
    timings,
    dispose() {
      search.cancel();
      for (const d of disposables.splice(0)) d.dispose();
    },
  };

  const consider = (doc: vscode.TextDocument) => {
    if (!server.started && documentIsOurs(doc))
      void server.start(`${vscode.workspace.asRelativePath(doc.uri)} is open`);
  };
  disposables.push(
    vscode.workspace.onDidOpenTextDocument(consider),
    vscode.workspace.onDidChangeTextDocument(e => {
      // A modeline typed on the first line of a YAML document.
      if (e.document.languageId === 'yaml' && e.contentChanges.some(c => c.range.start.line === 0))
        consider(e.document);
    }),
    vscode.workspace.onDidChangeConfiguration(e => {
      if (e.affectsConfiguration('verifiedIdentity.files')) vscode.workspace.textDocuments.forEach(consider);
    }),
  );
  vscode.workspace.textDocuments.forEach(consider);

  if (!server.started) {
    // After activation returns; never awaited by it.
    server.scan = new Promise<void>(resolve => setTimeout(resolve, 0))
      .then(() => (server.started ? undefined : searchWorkspace(search.token)))
      .then(
        found => {
          if (!found || server.started) return undefined;
          const name = vscode.workspace.asRelativePath(found);
          void server.start(`the workspace holds ${name}`);
          return name;
        },
        (e: unknown) => {
          log.warn('Searching the workspace for request files failed:', e);
          return undefined;
        },
      );
  }
  return server;
}
