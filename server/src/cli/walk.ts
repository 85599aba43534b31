/** Finding the files to check: explicit files as given, directories walked for associated files. */
import { lstatSync, openSync, readSync, closeSync, readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { associate, modelineKind } from '../service/association';

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'out', 'dist', '.e2e']);
const CANDIDATE = /\.(json|ya?ml)$/i;

export interface Found {
  path: string;
  explicit: boolean;
}

function firstLine(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(256);
    const n = readSync(fd, buf, 0, 256, 0);
    return buf.subarray(0, n).toString('utf8').split(/\r?\n/, 1)[0] ?? '';
  } finally {
    closeSync(fd);
  }
}

/** Expands PATH arguments. Throws (I/O problem) for a path that does not exist. */
export function findFiles(paths: string[], files: Record<string, string> = {}): Found[] {
  const out: Found[] = [];
  const seen = new Set<string>();
  const add = (path: string, explicit: boolean) => {
    if (!seen.has(path)) {
      seen.add(path);
      out.push({ path, explicit });
    }
  };
  const walk = (dir: string, depth: number): void => {
    if (depth > 64) return;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(p, depth + 1);
      } else if (e.isFile() && CANDIDATE.test(e.name)) {
        if (associate(p, undefined, files, false)) add(p, false);
        else if (/\.ya?ml$/i.test(e.name)) {
          try {
            if (modelineKind(firstLine(p))) add(p, false);
          } catch {
            /* unreadable: reported only when named explicitly */
          }
        }
      }
    }
  };
  for (const p of paths) {
    const st = lstatSync(p); // throws ENOENT → exit 2
    if (st.isDirectory()) walk(p, 0);
    else add(p, true);
  }
  return out;
}
