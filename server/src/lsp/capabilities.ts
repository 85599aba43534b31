/** What the client can do (read once from `initialize`) and what the server offers in return. */
import {
  CodeActionKind,
  TextDocumentSyncKind,
  type InitializeParams,
  type ServerCapabilities,
} from 'vscode-languageserver/node';

export interface ClientCaps {
  /** `workspace/configuration`: settings are pulled per document. */
  configuration: boolean;
  /** `workspace/didChangeConfiguration` can be registered dynamically (to receive change events at all). */
  configurationChangeRegistration: boolean;
  /** `textDocument/diagnostic`: pull diagnostics instead of pushing them. */
  pullDiagnostics: boolean;
  /** `workspace/diagnostic/refresh`. */
  diagnosticRefresh: boolean;
  snippets: boolean;
  markdownHover: boolean;
  markdownCompletionDocs: boolean;
  hierarchicalSymbols: boolean;
  codeActionLiterals: boolean;
  documentChanges: boolean;
  /** Workspace folders and their change notifications (for the Cedar schema setting, relative to a folder). */
  workspaceFolders: boolean;
}

export const NO_CAPS: ClientCaps = {
  configuration: false,
  configurationChangeRegistration: false,
  pullDiagnostics: false,
  diagnosticRefresh: false,
  snippets: false,
  markdownHover: false,
  markdownCompletionDocs: false,
  hierarchicalSymbols: false,
  codeActionLiterals: false,
  documentChanges: false,
  workspaceFolders: false,
};

export function clientCaps(params: InitializeParams): ClientCaps {
  const c = params.capabilities ?? {};
  const td = c.textDocument ?? {};
  const markdown = (formats: unknown) => !Array.isArray(formats) || formats.includes('markdown');
  return {
    configuration: c.workspace?.configuration === true,
    configurationChangeRegistration: c.workspace?.didChangeConfiguration?.dynamicRegistration === true,
    pullDiagnostics: td.diagnostic !== undefined && td.diagnostic !== null,
    diagnosticRefresh: c.workspace?.diagnostics?.refreshSupport === true,
    snippets: td.completion?.completionItem?.snippetSupport === true,
    markdownHover: markdown(td.hover?.contentFormat),
    markdownCompletionDocs: markdown(td.completion?.completionItem?.documentationFormat),
    hierarchicalSymbols: td.documentSymbol?.hierarchicalDocumentSymbolSupport === true,
    codeActionLiterals: td.codeAction?.codeActionLiteralSupport !== undefined,
    documentChanges: c.workspace?.workspaceEdit?.documentChanges === true,
    workspaceFolders: c.workspace?.workspaceFolders === true,
  };
}

export function serverCapabilities(caps: ClientCaps): ServerCapabilities {
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    completionProvider: { resolveProvider: true, triggerCharacters: ['"', ':'] },
    hoverProvider: true,
    codeActionProvider: caps.codeActionLiterals
      ? { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, CodeActionKind.Source] }
      : true,
    documentSymbolProvider: { label: 'Verified Identity' },
    ...(caps.workspaceFolders
      ? { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } }
      : {}),
    ...(caps.pullDiagnostics
      ? {
          diagnosticProvider: {
            identifier: 'verified-identity',
            interFileDependencies: false,
            workspaceDiagnostics: false,
          },
        }
      : {}),
  };
}
