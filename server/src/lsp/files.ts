/**
 * File system access, for `file:` URIs only: reading files that are not open (Validate Workspace, request payloads)
 * and the "likely committed" check behind the literal-secret warning.
 */
// `fs.promises` loads node:fs/promises (and the readline and stream modules it brings, ~0.5 MB of RSS) on first use.
import { existsSync, promises as fsp } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { realInside } from '../host/inside';
import { LIMITS } from '../service/parse/limits';

export type ReadResult = { text: string } | { error: string };

/**
 * Reads a closed file's `file:` URI as UTF-8, only when its real path (links resolved) is inside the real path of one
 * of `roots` (the workspace folders; none: nothing is read), refusing other schemes, directories and files over the
 * service's size limit. Reasons name no content.
 */
export async function readText(uri: string, roots: readonly string[]): Promise<ReadResult> {
  let path: string;
  try {
    if (!uri.startsWith('file:')) return { error: `cannot read ${uri.split(':')[0]}: URIs, only file: URIs` };
    path = fileURLToPath(uri);
  } catch (e) {
    return { error: `not a valid file URI (${e instanceof Error ? e.message : String(e)})` };
  }
  try {
    const real = await fsp.realpath(path);
    if (!(await realInside(roots, real))) return { error: OUTSIDE };
    const info = await fsp.stat(real);
    if (!info.isFile()) return { error: 'not a file' };
    if (info.size > LIMITS.maxFileBytes) {
      return {
        error: `${(info.size / 1048576).toFixed(1)} MB is over the ${LIMITS.maxFileBytes / 1048576} MB limit for request files`,
      };
    }
    return { text: await fsp.readFile(real, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      error:
        code === 'ENOENT' || code === 'ENOTDIR'
          ? 'file not found'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : code === 'ELOOP'
              ? 'a link that leads nowhere usable'
              : code
                ? `cannot be read (${code})`
                : 'cannot be read',
    };
  }
}

/** Why a closed file was not read: it (or the link that names it) leads out of every workspace folder. */
export const OUTSIDE = 'outside the workspace folders: only files inside them are read';

/**
 * `host.isLikelyCommitted` for the service: a `file:` URI inside a directory tree with a `.git` entry (cached per
 * directory); untitled documents are never committed; other schemes (remote file systems) are assumed to be.
 */
export function createCommitCheck(maxEntries = 5000): { isLikelyCommitted(uri: string): boolean; reset(): void } {
  const cache = new Map<string, boolean>();
  return {
    isLikelyCommitted(uri) {
      if (uri.startsWith('untitled:')) return false;
      if (!uri.startsWith('file:')) return true;
      let dir: string;
      try {
        dir = dirname(fileURLToPath(uri));
      } catch {
        return true;
      }
      const visited: string[] = [];
      let result = false;
      for (let d = dir; ; d = dirname(d)) {
        const known = cache.get(d);
        if (known !== undefined) {
          result = known;
          break;
        }
        visited.push(d);
        if (existsSync(join(d, '.git'))) {
          result = true;
          break;
        }
        if (dirname(d) === d) break;
      }
      if (cache.size + visited.length > maxEntries) cache.clear();
      for (const d of visited) cache.set(d, result);
      return result;
    },
    reset: () => cache.clear(),
  };
}
