/**
 * Where an identity-source file's Cedar schema comes from: the `verifiedIdentity.cedarSchema` file (relative to the
 * workspace folder), else a `*.cedarschema` / `*.cedarschema.json` beside the file, else (when the host can) the
 * deployed policy store's schema via GetSchema.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import type { CedarSchemaSource } from '../service/semantic/host';

const MAX_SCHEMA_BYTES = 1024 * 1024;

export function formatOfSchema(path: string): 'cedar' | 'json' {
  return /\.json$/i.test(path) ? 'json' : 'cedar';
}

/**
 * A schema file, or, when it cannot be used, a source that says why (reported as `cedar-schema-invalid`, so a wrong
 * setting or an oversized file is never silently the same as no schema).
 */
async function readSchema(path: string, origin: string): Promise<CedarSchemaSource> {
  const format = formatOfSchema(path);
  const unusable = (unreadable: string): CedarSchemaSource => ({ text: '', format, origin, unreadable });
  try {
    const st = await stat(path);
    if (!st.isFile()) return unusable('not a file');
    if (st.size > MAX_SCHEMA_BYTES) return unusable(`larger than ${MAX_SCHEMA_BYTES / 1024 / 1024} MB`);
    return { text: await readFile(path, 'utf8'), format, origin };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return unusable(code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(code ?? e));
  }
}

/** A schema named by the setting, or one beside the file. `folder` is the workspace folder (for relative settings). */
export async function localSchema(
  filePath: string,
  setting: string,
  folder?: string,
  /** Schema files per directory already looked up (the CLI checks many files of one folder). */
  listings?: Map<string, Promise<string[]>>,
): Promise<CedarSchemaSource | undefined> {
  if (setting) {
    const p = isAbsolute(setting) ? setting : join(folder ?? dirname(filePath), setting);
    return readSchema(p, basename(p));
  }
  const dir = dirname(filePath);
  let listing = listings?.get(dir);
  if (!listing) {
    listing = readdir(dir).then(
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
  return readSchema(join(dir, found[0]), origin);
}
