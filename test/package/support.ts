/**
 * What the package tests share: the CLI package packed once per run (`npm pack` in packages/cli, which builds it
 * through its prepack script) and installed from the tarball into an empty folder; the Node.js versions to run it on
 * (the machine's 20, and 22 and 24 from the cache of scripts/e2e/install.mjs); a loopback npm registry that serves
 * only that tarball, so `npx --yes verified-identity@<version>` runs exactly as it will once published, offline; and
 * an environment for npm without what an outer `npm test` exported.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = resolve(__dirname, '../../..');
export const CLI_PACKAGE = join(ROOT, 'packages', 'cli');
export const PACKAGE_JSON = JSON.parse(readFileSync(join(CLI_PACKAGE, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  bin: Record<string, string>;
  files: string[];
  engines: { node: string };
  dependencies?: Record<string, string>;
};
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'workspace');

/** process.env without npm's exports (`npm_config_local_prefix` would point a nested npm at this repository). */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_/i.test(k) || k === 'INIT_CWD' || k === 'NODE' || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  return { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...extra };
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (asynchronously, so a loopback server in this process can answer it). */
export function run(
  cmd: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', status => resolvePromise({ status, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

export interface NodeRuntime {
  major: number;
  /** The node binary. */
  bin: string;
  /** PATH with this Node first: `npx` and the packages' `#!/usr/bin/env node` bins then run on it. */
  path: string;
}

/** Node 20 (the machine's, or the cache's when the machine runs another), 22 and 24 (from the cache). */
export async function runtimes(): Promise<NodeRuntime[]> {
  const install = (await import(pathToFileURL(join(ROOT, 'scripts', 'e2e', 'install.mjs')).href)) as {
    ensureNode(major: number): Promise<string>;
  };
  const out: NodeRuntime[] = [];
  for (const major of [20, 22, 24]) {
    const bin =
      Number(process.versions.node.split('.')[0]) === major ? process.execPath : await install.ensureNode(major);
    out.push({ major, bin, path: `${dirname(bin)}${delimiter}${process.env.PATH ?? ''}` });
  }
  return out;
}

export interface Packed {
  /** The tarball `npm pack` wrote. */
  tarball: string;
  /** Its npm integrity string (sha512). */
  integrity: string;
  /** The folder the tarball was installed into (an empty project before). */
  app: string;
  /** A temporary root for everything else (npm cache, registry, copies of fixtures); removed by `cleanup`. */
  tmp: string;
  cleanup(): void;
}

let packing: Promise<Packed> | undefined;

/** `npm pack` of packages/cli, then `npm install --offline <tarball>` into an empty folder. Once per process. */
export function packed(): Promise<Packed> {
  return (packing ??= (async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'vi-package-'));
    const env = cleanEnv({ npm_config_cache: join(tmp, 'npm-cache') });
    const pack = await run('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: CLI_PACKAGE, env });
    if (pack.status !== 0) throw new Error(`npm pack failed (${pack.status}):\n${pack.stderr}`);
    const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as { filename: string; integrity: string }[];
    const tarball = join(tmp, info.filename);
    const app = join(tmp, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'vi-package-test', private: true }));
    const install = await run('npm', ['install', '--offline', '--no-package-lock', tarball], { cwd: app, env });
    if (install.status !== 0)
      throw new Error(`npm install of the tarball failed (${install.status}):\n${install.stderr}`);
    return {
      tarball,
      integrity: info.integrity,
      app,
      tmp,
      cleanup: () => rmSync(tmp, { recursive: true, force: true }),
    };
  })());
}

/** The names in a folder, for assertions on what was installed. */
export const names = (dir: string): string[] => readdirSync(dir).sort();

export interface Registry {
  url: string;
  /** The packument and tarball requests it answered. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A loopback npm registry with one package: the packed tarball under its name and version. Anything else is a 404, so
 * a run that needs any other package fails.
 */
export async function startRegistry(p: Packed): Promise<Registry> {
  const tgz = readFileSync(p.tarball);
  const name = PACKAGE_JSON.name;
  const file = `${name}-${PACKAGE_JSON.version}.tgz`;
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '';
    requests.push(url);
    const { port } = server.address() as AddressInfo;
    if (url === `/${name}`) {
      const manifest = {
        ...PACKAGE_JSON,
        dist: {
          tarball: `http://127.0.0.1:${port}/${name}/-/${file}`,
          integrity: p.integrity,
          shasum: createHash('sha1').update(tgz).digest('hex'),
        },
      };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          name,
          'dist-tags': { latest: PACKAGE_JSON.version },
          versions: { [PACKAGE_JSON.version]: manifest },
        }),
      );
    } else if (url === `/${name}/-/${file}`) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': tgz.length });
      res.end(tgz);
    } else {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"not found"}');
    }
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise<void>(r => server.close(() => r())),
  };
}

/** Lines that look like a warning Node.js printed (deprecations included). */
export function nodeWarnings(text: string): string[] {
  return text.split('\n').filter(l => /\(node:\d+\) .*Warning|\[DEP\d+\]/.test(l));
}

// A root hook (mocha runs it after every suite of the run): the packed package and its folders go once all the files
// that share them are done.
after(async () => {
  if (packing) (await packing.catch(() => undefined))?.cleanup();
});
