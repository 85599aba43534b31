/**
 * Finding the files to check: explicit paths as given (a link is followed: the user named it), directories walked for
 * associated files: request files and templates by name (`*.template.*`, `template.*`, `*.cfn.*`, `cdk.out/`), YAML
 * files by their modeline, and any other JSON or YAML file as a possible template (`maybe`: the check reads it and
 * drops it silently unless it is a template that declares one of the three resource types). Nothing found is dropped
 * silently except what is never a request file or template (names that cannot be one, and the SKIP_DIRS folders);
 * everything else the walk does not check is returned in `skipped` with the reason.
 *
 * Symbolic links inside a walked directory: a link to a file is followed when the file's real path stays inside the
 * walked directory's real path and it is a regular file (it is read through that real path); a link that leads
 * outside, a broken link and a link to anything but a regular file are skipped and reported. Links to directories are
 * never followed (no cycles, nothing walked twice: whatever they point to inside the tree is walked where it is) and
 * are reported. Directories more than MAX_WALK_DEPTH levels below the named one are reported, not walked.
 */
import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { associate, modelineKind } from '../service/association';
import { fileType, ioReason, readHead } from './read';

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'out', 'dist', '.e2e']);
const YAML = /\.ya?ml$/i;
const JSON_FILE = /\.json$/i;
export const MAX_WALK_DEPTH = 64;

export interface Found {
  /** The path as found (under a walked directory, or as given), absolute. */
  path: string;
  explicit: boolean;
  /** The real path to read, for a link followed during a walk. */
  target?: string;
  /** Why the path cannot be checked, found before reading (an explicit path that does not exist). */
  error?: string;
  /** Found by the walk as a possible template only: dropped silently when it turns out not to be one of ours. */
  maybe?: true;
  /** The walk saw a regular file (its directory entry, or a link's target stat'ed): the reader need not stat it. */
  regular?: true;
}

export interface Skipped {
  /** Absolute. */
  path: string;
  reason: string;
}

export interface FoundFiles {
  files: Found[];
  skipped: Skipped[];
}

function inside(real: string, root: string): boolean {
  const rel = relative(root, real);
  return rel !== '' && !isAbsolute(rel) && rel.split(sep, 1)[0] !== '..';
}

/** Dirent's kind for a "not a regular file" reason. */
function direntType(e: Dirent): string {
  if (e.isFIFO()) return 'a FIFO';
  if (e.isSocket()) return 'a socket';
  if (e.isCharacterDevice()) return 'a character device';
  if (e.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/** Expands PATH arguments (absolute) into the files to check and the paths skipped, in name order per directory. */
export function findFiles(paths: string[], files: Record<string, string> = {}): FoundFiles {
  const out: Found[] = [];
  const skipped: Skipped[] = [];
  const seen = new Map<string, number>();
  const add = (found: Found) => {
    const at = seen.get(found.path);
    if (at === undefined) {
      seen.set(found.path, out.push(found) - 1);
    } else if (out[at].maybe && !found.maybe) {
      // Also named on the command line (or ours by name): judged as such, not as a possible template.
      out[at] = found;
    }
  };
  const skip = (path: string, reason: string): void => {
    skipped.push({ path, reason });
  };
  /**
   * 'name': associated by its name; 'yaml': a YAML file that may carry a modeline (or be a template); 'json': a JSON
   * file that may be a template; undefined: never a request file or template.
   */
  const candidate = (path: string, name: string): 'name' | 'yaml' | 'json' | undefined =>
    associate(path, undefined, files, false)
      ? 'name'
      : YAML.test(name)
        ? 'yaml'
        : JSON_FILE.test(name)
          ? 'json'
          : undefined;

  /** A regular file (`real` is what to read) that is ours by its name or modeline, or may be a template. */
  const consider = (path: string, how: 'name' | 'yaml' | 'json', real: string) => {
    const target = real === path ? undefined : real;
    const ours: Found = { path, explicit: false, ...(target ? { target } : {}), regular: true };
    if (how === 'name') return add(ours);
    const maybe: Found = { ...ours, maybe: true };
    if (how === 'json') return add(maybe);
    const head = readHead(real, 256, true);
    if ('error' in head) return skip(path, `not read to look for a "# verified-identity:" first line: ${head.error}`);
    add(modelineKind(head.text.split(/\r?\n/, 1)[0] ?? '') ? ours : maybe);
  };

  const link = (path: string, name: string, root: string) => {
    const how = candidate(path, name);
    // A JSON file is only a possible template: what cannot be read is passed over silently, as if it were not one.
    const reported = how !== undefined && how !== 'json';
    let real: string;
    let st;
    try {
      real = realpathSync(path);
      st = statSync(real);
    } catch (e) {
      // A broken link might have been a directory or anything else: reported only under a request file's name.
      if (reported) skip(path, `broken symbolic link (${ioReason(e)}): not followed`);
      return;
    }
    if (st.isDirectory()) return skip(path, 'symbolic link to a directory: not followed');
    if (!how) return;
    if (!inside(real, root)) {
      if (reported) skip(path, 'symbolic link that leads outside the walked directory: not followed');
      return;
    }
    if (!st.isFile()) {
      if (reported) skip(path, `symbolic link to ${fileType(st)}: not read`);
      return;
    }
    consider(path, how, real);
  };

  const walk = (dir: string, root: string, depth: number): void => {
    if (depth > MAX_WALK_DEPTH) {
      return skip(dir, `more than ${MAX_WALK_DEPTH} directories deep below the named directory: not walked`);
    }
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      return skip(dir, `directory not read: ${ioReason(e)}`);
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(p, root, depth + 1);
      } else if (e.isSymbolicLink()) link(p, e.name, root);
      else {
        const how = candidate(p, e.name);
        if (!how) continue;
        if (e.isFile()) consider(p, how, p);
        else if (how !== 'json') skip(p, `not a regular file (${direntType(e)}): not read`);
      }
    }
  };

  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      add({ path: p, explicit: true, error: ioReason(e) });
      continue;
    }
    if (!st.isDirectory()) {
      // Whatever it is, the reader judges it (and refuses what is not a regular file) without blocking.
      add({ path: p, explicit: true });
      continue;
    }
    let root: string;
    try {
      root = realpathSync(p);
    } catch (e) {
      add({ path: p, explicit: true, error: ioReason(e) });
      continue;
    }
    walk(p, root, 0);
  }
  return { files: out, skipped };
}
