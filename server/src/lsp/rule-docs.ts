/**
 * Where a diagnostic code's documentation opens: `codeDescription.href` of every diagnostic is a base followed by the
 * code.
 *
 * - The client names the base in `initializationOptions.ruleDocs`. VS Code's extension sends a URI its own URI handler
 *   opens (`vscode://verified-identity.verified-identity/rule/<code>`: the shipped docs/diagnostics.md in the Markdown
 *   preview, at the rule).
 * - Other editors get a `file:` URI of the docs/diagnostics.md that ships beside the server (in the extension and in
 *   the npm package), with the code as the fragment (each rule has an anchor of that name).
 * - Without either (a server bundle copied somewhere on its own), diagnostics carry no link: the code is still there.
 *
 * There is no https address: the project publishes no documentation site, and a link to a host that does not exist
 * is worse than none.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

let base: string | undefined;

/** Beside the bundle: `dist/server.js` → `docs/` (npm package), `server/out/server.js` → `docs/` (extension, repo). */
function shippedDoc(): string | undefined {
  for (const up of [['..'], ['..', '..']]) {
    const file = join(__dirname, ...up, 'docs', 'diagnostics.md');
    if (existsSync(file)) return `${pathToFileURL(file).href}#`;
  }
  return undefined;
}

/** A URI prefix with a scheme and no whitespace, at most 512 characters; anything else is ignored. */
function usable(option: unknown): string | undefined {
  return typeof option === 'string' && option.length <= 512 && /^[a-z][a-z0-9+.-]*:[^\s]*$/i.test(option)
    ? option
    : undefined;
}

/** Called once from `initialize` with `initializationOptions.ruleDocs`. */
export function configureRuleDocs(option: unknown): void {
  try {
    base = usable(option) ?? shippedDoc();
  } catch {
    base = undefined;
  }
}

/** The `codeDescription` of a diagnostic with this code, or nothing when there is nowhere to link to. */
export function codeDescription(code: string): { codeDescription: { href: string } } | Record<string, never> {
  return base ? { codeDescription: { href: base + encodeURIComponent(code) } } : {};
}
