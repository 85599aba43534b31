/**
 * Mocha bootstrap for the suite that runs inside a real VS Code extension host (`extensionTestsPath`). It loads every
 * `*.test.js` next to it (compiled from `test/vscode/**\/*.test.ts`), prints a closing `extension-tests: N passed,
 * N failed` line (scripts/e2e/ext-tests.mjs reads it) and rejects when a test failed.
 * `VI_E2E_GREP` (environment of the extension host) runs only the tests whose full title matches.
 * `VI_E2E_SUITE=restricted` runs only `restricted/` (a workspace in Restricted Mode), `VI_E2E_SUITE=lazy` only `lazy/`
 * (a workspace without files of ours); otherwise both folders are left out.
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

function testFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...testFiles(full));
    else if (entry.isFile() && entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000, slow: 5_000 });
  if (process.env.VI_E2E_GREP) mocha.grep(process.env.VI_E2E_GREP);
  const suites = ['restricted', 'lazy'];
  const suite = suites.find(s => s === process.env.VI_E2E_SUITE);
  const inSuite = (f: string) => suites.find(s => f.startsWith(path.join(__dirname, s) + path.sep));
  const files = testFiles(__dirname).filter(f => inSuite(f) === suite);
  for (const file of files) mocha.addFile(file);
  console.log(`extension-tests: running ${files.length} file(s) from ${__dirname} on Node ${process.version}`);
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run(failures => {
        const passed = runner.stats?.passes ?? 0;
        const failed = Math.max(runner.stats?.failures ?? 0, failures);
        console.log(`extension-tests: ${passed} passed, ${failed} failed`);
        if (failed > 0) reject(new Error(`${failed} extension test(s) failed`));
        else resolve();
      });
    } catch (e) {
      console.log('extension-tests: 0 passed, 1 failed');
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
