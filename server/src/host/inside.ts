/**
 * Path fences: whether a path is inside a root, compared by real paths (links resolved) where it matters. Used by the
 * Cedar schema fence (`schema-source.ts`) and the language server's reads of closed files (`lsp/files.ts`).
 */
// `fs.promises` loads node:fs/promises (and the readline and stream modules it brings, ~0.5 MB of RSS) on first use.
import { promises as fsp } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';

/** Whether `path` is `root` or below it (both already absolute and resolved the same way). */
export function insideRoot(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** Whether the real path of `path` (which must exist) is inside the real path of one of `roots`. */
export async function realInside(roots: readonly string[], real: string): Promise<boolean> {
  for (const root of roots) {
    let realRoot: string;
    try {
      realRoot = await fsp.realpath(root);
    } catch {
      continue;
    }
    if (insideRoot(realRoot, real)) return true;
  }
  return false;
}
