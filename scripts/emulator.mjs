// `npm run emulator -- --port N [--seed FILE] [--latency MS]`: bundles test/emulator/main.ts with esbuild (no prior
// build needed) into out/emulator/ and runs it in this process, which stops cleanly on SIGINT/SIGTERM.
import * as esbuild from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'out', 'emulator', 'main.js');

try {
  await esbuild.build({
    entryPoints: [join(root, 'test', 'emulator', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // jsonc-parser's UMD entry does not bundle; its ES module entry does.
    mainFields: ['module', 'main'],
    // The Cedar engine loads its .wasm file beside its own module: leave it in node_modules.
    external: ['@cedar-policy/*'],
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
    legalComments: 'none',
  });
} catch {
  console.error('emulator: the bundle did not build (see the errors above)');
  process.exit(1);
}

await import(pathToFileURL(outfile).href);
