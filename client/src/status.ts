/**
 * The status-bar item of the active editor: what the server makes of the file (`verifiedIdentity/documentInfo`), e.g.
 * `$(shield) Trust provider · modify`. Hidden for files that are not associated. Also keeps the context key
 * `verifiedIdentity.isAssociated` (used by `when` clauses in package.json) in step.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DocumentInfoRequest, type DocumentInfo, type DocumentInfoParams } from '../../server/src/protocol';
import type { Kind } from '../../server/src/service/types';
import type { Logger } from './log';
import type { LazyServer } from './server-start';

export const CONTEXT_IS_ASSOCIATED = 'verifiedIdentity.isAssociated';
/** The active file's base kind (`identity-source`, `trust-provider`), for menus of one kind only. */
export const CONTEXT_BASE = 'verifiedIdentity.base';

const KIND_TEXT: Record<Kind, { label: string; action: string; operation: string }> = {
  'identity-source': { label: 'Identity source', action: 'create', operation: 'CreateIdentitySource' },
  'identity-source-update': { label: 'Identity source', action: 'update', operation: 'UpdateIdentitySource' },
  'trust-provider': { label: 'Trust provider', action: 'create', operation: 'CreateVerifiedAccessTrustProvider' },
  'trust-provider-update': {
    label: 'Trust provider',
    action: 'modify',
    operation: 'ModifyVerifiedAccessTrustProvider',
  },
};

const ASSOCIATED_BY: Record<DocumentInfo['associatedBy'], string> = {
  default: 'its file name',
  setting: 'the verifiedIdentity.files setting',
  modeline: 'its first line',
  content: 'its content',
  option: 'an explicit kind',
};

/** The status-bar text of a kind, e.g. `Trust provider · modify`. */
export function kindText(kind: Kind): string {
  const k = KIND_TEXT[kind];
  return `${k.label} · ${k.action}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export interface KindStatus extends vscode.Disposable {
  /** What the item shows now (undefined: hidden). */
  readonly info: DocumentInfo | undefined;
  readonly text: string | undefined;
  /** Re-reads the active editor's info; resolves when the item is up to date. */
  refresh(): Promise<DocumentInfo | undefined>;
}

export function createKindStatus(
  client: LanguageClient,
  server: Pick<LazyServer, 'started' | 'start' | 'isOurs'>,
  log: Logger,
): KindStatus {
  const item = vscode.window.createStatusBarItem('verifiedIdentity.kind', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Verified Identity: file kind';
  item.command = 'workbench.actions.view.problems';
  let info: DocumentInfo | undefined;
  let generation = 0;
  let timer: NodeJS.Timeout | undefined;

  const show = (next: DocumentInfo | undefined) => {
    info = next;
    void vscode.commands.executeCommand('setContext', CONTEXT_IS_ASSOCIATED, next !== undefined);
    void vscode.commands.executeCommand('setContext', CONTEXT_BASE, next?.base ?? '');
    if (!next) {
      item.hide();
      return;
    }
    const k = KIND_TEXT[next.kind];
    item.text = `$(shield) ${kindText(next.kind)}`;
    const mixed =
      new Set(next.kinds).size > 1 ? `\n\nThe stream mixes ${[...new Set(next.kinds)].map(kindText).join(', ')}.` : '';
    item.tooltip = new vscode.MarkdownString(
      `**Verified Identity** — a \`${k.operation}\` request (associated by ${ASSOCIATED_BY[next.associatedBy]}).${mixed}\n\n` +
        `${plural(next.errors, 'error')}, ${plural(next.warnings, 'warning')}. Click to open the Problems panel.`,
    );
    item.show();
  };

  let latest: Promise<DocumentInfo | undefined> = Promise.resolve(undefined);

  /** One read of the active editor's info; shown only if no newer read started meanwhile. */
  const read = async (mine: number): Promise<DocumentInfo | undefined> => {
    const doc = vscode.window.activeTextEditor?.document;
    if (
      !doc ||
      (doc.languageId !== 'json' && doc.languageId !== 'yaml') ||
      (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled')
    ) {
      show(undefined);
      return undefined;
    }
    // Before the server runs, only a document of ours is worth starting it for (it then starts anyway).
    if (!server.started && !server.isOurs(doc)) {
      show(undefined);
      return undefined;
    }
    try {
      await server.start(`${vscode.workspace.asRelativePath(doc.uri)} is open`);
      const params: DocumentInfoParams = { uri: client.code2ProtocolConverter.asUri(doc.uri) };
      const next = await client.sendRequest<DocumentInfo | null>(DocumentInfoRequest, params);
      if (mine === generation) show(next ?? undefined);
      return next ?? undefined;
    } catch (e) {
      log.debug('documentInfo failed:', e);
      if (mine === generation) show(undefined);
      return undefined;
    }
  };

  // A read superseded by a newer one (e.g. an editor change event arriving while it ran) resolves with the newer
  // read's result, so a caller's "up to date" never observes the previous editor's state.
  const refresh = async (): Promise<DocumentInfo | undefined> => {
    let seen = (latest = read(++generation));
    let result = await seen;
    while (latest !== seen) {
      seen = latest;
      result = await seen;
    }
    return result;
  };

  const soon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void refresh(), 150);
  };

  const disposables: vscode.Disposable[] = [
    item,
    vscode.window.onDidChangeActiveTextEditor(() => void refresh()),
    vscode.workspace.onDidChangeTextDocument(e => {
      if (e.document === vscode.window.activeTextEditor?.document) soon();
    }),
    // Errors and warnings counts follow the diagnostics the server publishes.
    vscode.languages.onDidChangeDiagnostics(e => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (active && e.uris.some(u => u.toString() === active)) soon();
    }),
    vscode.workspace.onDidChangeConfiguration(e => {
      if (e.affectsConfiguration('verifiedIdentity.files')) soon();
    }),
  ];
  void refresh();

  return {
    get info() {
      return info;
    },
    get text() {
      return info ? item.text : undefined;
    },
    refresh,
    dispose: () => {
      if (timer) clearTimeout(timer);
      for (const d of disposables) d.dispose();
    },
  };
}
