/**
 * Which documents and workspace files are ours, decided in the extension host so that the language server starts
 * only when there is something for it to check (client/src/server-start.ts). Pure: no `vscode`, only the service's
 * own association helpers, so this agrees with the server (which decides again, per document, with its settings).
 *
 * The one seam for new file kinds: CloudFormation templates (SPEC §9) plug in by extending `isOurs` (a name pattern,
 * or a look at `head`) and `workspaceGlobs` (the name patterns worth a search at start-up).
 */
import {
  DEFAULT_ASSOCIATIONS,
  TEMPLATE_KIND,
  associate,
  mayBeOurs,
  mentionsTemplateTypes,
} from '../../server/src/service/association';

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
  /** The whole text, read only when the head does not decide (a template names its types anywhere). */
  text?: () => string;
}

/**
 * A JSON or YAML document the server will check: named like a request file (the default globs or the folder's
 * `verifiedIdentity.files`), for YAML declaring its kind on its first line, or a CloudFormation template (by name,
 * setting, modeline or content) whose text names one of the three resource types (a scan of the whole text: about a
 * millisecond for 5 MB).
 */
export function isOurs(doc: DocumentFacts, files: Readonly<Record<string, string>> = {}): boolean {
  if (doc.languageId !== 'json' && doc.languageId !== 'yaml') return false;
  if (associate(doc.uri, doc.head, files, doc.languageId === 'yaml') !== undefined) return true;
  const text = doc.text?.();
  return text !== undefined && mentionsTemplateTypes(text) && mayBeOurs(doc.uri, text, files, doc.languageId);
}

/**
 * The name patterns whose files are ours: the defaults and the `verifiedIdentity.files` globs of a folder. Template
 * patterns are left out: a template's name does not make it ours (it must declare one of the three types), so a
 * template starts the server when it is opened.
 */
export function workspaceGlobs(files: Readonly<Record<string, string>> = {}): string[] {
  const requestGlobs = (globs: Readonly<Record<string, string>>) =>
    Object.entries(globs)
      .filter(([, kind]) => kind !== TEMPLATE_KIND)
      .map(([glob]) => glob);
  return [...new Set([...requestGlobs(DEFAULT_ASSOCIATIONS), ...requestGlobs(files)])];
}
