/**
 * Which documents and workspace files are ours, decided in the extension host so that the language server starts
 * only when there is something for it to check (client/src/server-start.ts). Pure: no `vscode`, only the service's
 * own association helpers, so this agrees with the server (which decides again, per document, with its settings).
 *
 * The one seam for new file kinds: CloudFormation templates (SPEC §9) plug in by extending `isOurs` (a name pattern,
 * or a look at `head`) and `workspaceGlobs` (the name patterns worth a search at start-up).
 */
import { DEFAULT_ASSOCIATIONS, associate } from '../../server/src/service/association';

/** How much of a document's start `isOurs` may look at (a modeline is on the first line; templates may need more). */
export const HEAD_CHARS = 4096;

/** What `isOurs` needs to know of a document. */
export interface DocumentFacts {
  /** The document's URI as a string (`file:///…`, `untitled:…`). */
  uri: string;
  /** VS Code's language id. */
  languageId: string;
  /** The document's first HEAD_CHARS characters. */
  head: string;
}

/**
 * A JSON or YAML document the server will check: named like a request file (the default globs or the folder's
 * `verifiedIdentity.files`) or, for YAML, declaring its kind on its first line.
 */
export function isOurs(doc: DocumentFacts, files: Readonly<Record<string, string>> = {}): boolean {
  if (doc.languageId !== 'json' && doc.languageId !== 'yaml') return false;
  return associate(doc.uri, doc.head, files, doc.languageId === 'yaml') !== undefined;
}

/** The name patterns whose files are ours: the defaults and the `verifiedIdentity.files` globs of a folder. */
export function workspaceGlobs(files: Readonly<Record<string, string>> = {}): string[] {
  return [...new Set([...Object.keys(DEFAULT_ASSOCIATIONS), ...Object.keys(files)])];
}
