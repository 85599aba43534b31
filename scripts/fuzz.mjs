// `npm run fuzz -- --cases N [--seed S] [--target service|cli|server|all] [--start I] [--index I[,J…]] [--out DIR]`
// Builds what is stale (tsc for the service, CLI and fuzzer in out/; esbuild for the server bundle when the server
// target runs), then runs out/test/fuzz/run.js with the same arguments. See CONTRIBUTING.md, "Fuzzing".
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

/** The newest modification time of the .ts files under these folders. */
function newest(...dirs) {
  let t = 0;
  const walk = dir => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs);
    }
  };
  for (const d of dirs) walk(join(root, d));
  return t;
}

function mtime(path) {
  try {
    return statSync(join(root, path)).mtimeMs;
  } catch {
    return 0;
  }
}

function run(cmd, argv) {
  console.log(`fuzz: ${[cmd === process.execPath ? 'node' : cmd, ...argv].join(' ')}`);
  const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const sources = newest('server/src', 'test/fuzz', 'test/lsp');
if (mtime('out/test/fuzz/run.js') < sources) run(join(root, 'node_modules', '.bin', 'tsc'), ['-p', '.']);
const target = args.includes('--target') ? args[args.indexOf('--target') + 1] : 'service';
if ((target === 'server' || target === 'all') && mtime('server/out/server.js') < newest('server/src'))
  run(process.execPath, ['esbuild.mjs']);

const r = spawnSync(process.execPath, [join(root, 'out', 'test', 'fuzz', 'run.js'), ...args], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
