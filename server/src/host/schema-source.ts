/**
 * Where an identity-source file's Cedar schema comes from on disk: the file a setting names (relative to the fence
 * root), else the first `*.cedarschema` / `*.cedarschema.json` beside the file. (The language server falls back to
 * the deployed policy store's schema.)
 *
 * The fence: a schema is read only when its real path (links resolved) is inside the root's real path: the workspace
 * folder in the language server, the folder being checked in the CLI. A setting that leaves the root (absolute, or
 * with `..`) is refused before anything is touched; a link beside the file that leads out is refused before it is
 * opened. Only `schemaFile` (the CLI's explicit `--cedar-schema FILE`) reads any path, because the user named it.
 */
// `fs.promises` loads node:fs/promises (and the readline and stream modules it brings, ~0.5 MB of RSS) on first use.
import { constants, promises as fsp } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { CedarSchemaSource } from '../service/semantic/host';
import { insideRoot } from './inside';

const MAX_SCHEMA_BYTES = 1024 * 1024;
/** Never follow a last link (the path is already real), never block on a FIFO. Zero where the platform lacks them. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

export function formatOfSchema(path: string): 'cedar' | 'json' {
  return /\.json$/i.test(path) ? 'json' : 'cedar';
}

/** What schemas are fenced into, and how messages call it. */
export interface SchemaFence {
  root: string;
  /** `the workspace folder`, `the folder being checked`. */
  name: string;
}

/**
 * A schema file, or, when it cannot be used, a source that says why (reported as `cedar-schema-invalid`, so a wrong
 * setting, a link out of the fence or an oversized file is never silently the same as no schema).
 */
async function readSchema(path: string, origin: string): Promise<CedarSchemaSource> {
  const format = formatOfSchema(path);
  const unusable = (unreadable: string): CedarSchemaSource => ({ text: '', format, origin, unreadable });
  try {
    const handle = await fsp.open(path, OPEN_FLAGS);
    try {
      const st = await handle.stat();
      if (!st.isFile()) return unusable('not a file');
      if (st.size > MAX_SCHEMA_BYTES) return unusable(`larger than ${MAX_SCHEMA_BYTES / 1024 / 1024} MB`);
      return { text: await handle.readFile('utf8'), format, origin };
    } finally {
      await handle.close();
    }
  } catch (e) {
    return unusable(reasonOf(e));
  }
}

function reasonOf(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'a link that leads nowhere usable';
  if (code === 'EISDIR') return 'not a file';
  return code ? `cannot be opened (${code})` : 'cannot be opened';
}

const outside = (path: string, origin: string, fence: SchemaFence): CedarSchemaSource => ({
  text: '',
  format: formatOfSchema(path),
  origin,
  unreadable: `it is outside ${fence.name}, and only schema files inside it are read`,
});

/** Reads `path` if its real path is inside the fence; otherwise says so without opening it. */
async function readFenced(path: string, origin: string, fence: SchemaFence): Promise<CedarSchemaSource> {
  let root: string;
  let real: string;
  try {
    root = await fsp.realpath(fence.root);
  } catch {
    return outside(path, origin, fence);
  }
  try {
    real = await fsp.realpath(path);
  } catch (e) {
    return { text: '', format: formatOfSchema(path), origin, unreadable: reasonOf(e) };
  }
  if (!insideRoot(root, real)) return outside(path, origin, fence);
  return readSchema(real, origin);
}

/** The schema the user named explicitly (the CLI's `--cedar-schema`): read wherever it is. */
export function schemaFile(path: string): Promise<CedarSchemaSource> {
  return readSchema(path, basename(path));
}

/**
 * A schema named by the setting, or one beside the file, fenced into `root` (default: the file's own folder).
 * `listings` shares directory listings between files (the CLI checks many files of one folder).
 */
export async function localSchema(
  filePath: string,
  setting: string,
  root: string = dirname(filePath),
  listings?: Map<string, Promise<string[]>>,
  fenceName = 'the workspace folder',
): Promise<CedarSchemaSource | undefined> {
  const fence: SchemaFence = { root, name: fenceName };
  if (setting) {
    const p = resolve(root, setting);
    // Decided on the path as written, before anything is touched.
    if (!insideRoot(resolve(root), p)) return outside(p, basename(p), fence);
    return readFenced(p, basename(p), fence);
  }
  const dir = dirname(filePath);
  let listing = listings?.get(dir);
  if (!listing) {
    listing = fsp.readdir(dir).then(
      names => names.filter(n => /\.cedarschema(\.json)?$/i.test(n)).sort(),
      () => [] as string[],
    );
    listings?.set(dir, listing);
  }
  const found = await listing;
  if (!found[0]) return undefined;
  // Several candidates: the first by name is used, and every message about the schema says so.
  const origin =
    found.length > 1
      ? `${found[0]} (the first of ${found.length} schema files beside this file: name one with the verifiedIdentity.cedarSchema setting or --cedar-schema)`
      : found[0];
  return readFenced(join(dir, found[0]), origin, fence);
}
