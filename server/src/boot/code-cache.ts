/**
 * Starting a bundle with V8's code cache. Compiling the 0.6 MB server bundle takes V8 25–40 ms at every start, and the
 * functions run while the server starts are compiled again one by one; with the cache V8 made for them last time,
 * spawn → initialize is about 50 ms shorter and start-up allocates less.
 *
 * The cache is used only when the launcher names its folder (`VERIFIED_IDENTITY_CODE_CACHE`: the extension passes a
 * folder in its global storage), never one a workspace could name. A cache is compiled code, so the folder and file
 * must belong to this user and be writable by no one else (POSIX); otherwise the bundle starts without it. A cache
 * is named after what it was made for — the bundle's size and modification time, Node's version and architecture, the
 * Node and V8 options — and V8 itself refuses one made by another version or under other flags; a refused or
 * unreadable cache only means a normal start, and a fresh cache written (atomically: a temporary file renamed).
 *
 * The server asks for the cache to be written (`requestCodeCacheSave`) once it has loaded its language service, so
 * that the cache holds what a start compiles, while the V8 flags are still those of the start (a cache is accepted
 * only under the flags it was made with).
 */
import * as fs from 'node:fs';
import Module from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { CODE_CACHE_ENV, HOOK, type CodeCacheStatus, type Hook } from './code-cache-hook';

/** A short name for `text` (FNV-1a, 32 bits, hex): tells caches apart, nothing more. */
export function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** The cache file for `main` in `dir`, named after everything a cache depends on. */
export function cacheFileFor(main: string, dir: string, stat: fs.Stats): string {
  const key = [
    process.version,
    process.arch,
    process.execArgv.join(' '),
    process.env.NODE_OPTIONS ?? '',
    main,
    stat.size,
    stat.mtimeMs,
  ].join('\0');
  return join(dir, `${basename(main, '.js')}-${fingerprint(key)}.v8cache`);
}

/** Owned by this user and writable by nobody else (where the platform has owners and modes). */
function isPrivate(stat: fs.Stats): boolean {
  if (typeof process.getuid !== 'function') return true;
  return stat.uid === process.getuid() && (stat.mode & 0o022) === 0;
}

/** The folder, made if missing; false when it is not this user's alone (or cannot be made). */
function privateFolder(dir: string): boolean {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    return isPrivate(fs.statSync(dir));
  } catch {
    return false;
  }
}

/** Reads the cache; `undefined` when there is none, a status when it cannot be used. */
function readCache(file: string): Buffer | undefined | CodeCacheStatus {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : 'unreadable';
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || !isPrivate(stat)) return 'file not private';
    return fs.readFileSync(fd);
  } catch {
    return 'unreadable';
  } finally {
    fs.closeSync(fd);
  }
}

function writeCache(file: string, data: Buffer): void {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFile(temporary, data, { mode: 0o600, flag: 'wx' }, error => {
    if (error) return;
    fs.rename(temporary, file, renamed => {
      if (renamed) return fs.unlink(temporary, () => undefined);
      // Caches of earlier bundles or runtimes in the same folder are of no further use.
      const prefix = `${basename(file).replace(/-[0-9a-f]{8}\.v8cache$/, '')}-`;
      fs.readdir(dirname(file), (listed, names) => {
        if (listed) return;
        for (const name of names)
          if (name.startsWith(prefix) && name.endsWith('.v8cache') && name !== basename(file))
            fs.unlink(join(dirname(file), name), () => undefined);
      });
    });
  });
}

interface ModuleInternals {
  _nodeModulePaths(from: string): string[];
}

/**
 * Runs `main` (a CommonJS bundle) as Node would, compiled with the code cache of `CODE_CACHE_ENV` when that names a
 * usable folder; plainly (`require`) otherwise.
 */
export function runMain(main: string): void {
  const dir = process.env[CODE_CACHE_ENV];
  if (!dir) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle to start, named at run time
    require(main);
    return;
  }
  let status: CodeCacheStatus = 'off';
  let file: string | undefined;
  let cached: Buffer | undefined;
  let source: string;
  try {
    source = fs.readFileSync(main, 'utf8');
    if (!privateFolder(dir)) status = 'folder not private';
    else {
      file = cacheFileFor(main, dir, fs.statSync(main));
      const read = readCache(file);
      if (typeof read === 'string') status = read;
      else cached = read;
    }
  } catch {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle to start, named at run time
    require(main);
    return;
  }
  const script = new Script(Module.wrap(source), {
    filename: main,
    cachedData: cached,
  });
  if (file && status === 'off')
    status = cached ? (script.cachedDataRejected ? 'refused by V8' : 'accepted') : 'created';
  // Node keeps the cache's buffer with the script: an accepted cache lets both go once the bundle has run.
  let toSave: Script | undefined = file && status !== 'accepted' ? script : undefined;
  const hook: Hook = {
    status,
    save() {
      const from = toSave;
      toSave = undefined;
      if (!from || !file) return;
      try {
        writeCache(file, from.createCachedData());
      } catch {
        // No cache this time; the next start tries again.
      }
    },
  };
  (globalThis as { [HOOK]?: Hook })[HOOK] = hook;

  const mod = new Module(main, module);
  mod.filename = main;
  mod.paths = (Module as unknown as ModuleInternals)._nodeModulePaths(dirname(main));
  const run = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: Module,
    filename: string,
    dirname: string,
  ) => void;
  run.call(mod.exports, mod.exports, Module.createRequire(main), mod, main, dirname(main));
  mod.loaded = true;
}
