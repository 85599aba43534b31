// Writes docs/diagnostics.md from the rule registry (bundles the TypeScript on the fly with esbuild).
import * as esbuild from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tmp = mkdtempSync(join(tmpdir(), 'vi-docs-'));
try {
  const outfile = join(tmp, 'docs.cjs');
  await esbuild.build({
    stdin: {
      contents:
        "export { RULES } from './server/src/service/rules/registry'; export { renderDiagnosticsDoc } from './server/src/service/rules/docs';",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    mainFields: ['module', 'main'],
    outfile,
    logLevel: 'warning',
  });
  const { RULES, renderDiagnosticsDoc } = (await import(pathToFileURL(outfile).href)).default;
  writeFileSync(join(root, 'docs', 'diagnostics.md'), renderDiagnosticsDoc(RULES));
  console.log(`docs/diagnostics.md: ${RULES.length} codes`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
