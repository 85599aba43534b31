// Generates snippets/json.code-snippets and snippets/yaml.code-snippets from the service's templates
// (server/src/service/features/templates.ts): one snippet per template, prefix `vi-<template id>`.
// `node scripts/gen-snippets.mjs` writes the files; `--check` fails when they are out of date.
// The files are formatted with the repository's Prettier settings. test/unit/snippets.test.ts imports `buildSnippets`
// and checks that the committed files hold the same snippets.
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as prettier from 'prettier';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SNIPPET_FILES = { json: 'snippets/json.code-snippets', yaml: 'snippets/yaml.code-snippets' };

/** The text of one snippets file, from the templates and the service's `templateSnippet`. */
export function buildSnippets(templates, templateSnippet, format) {
  const snippets = {};
  for (const t of templates) {
    snippets[t.label] = {
      prefix: `vi-${t.id}`,
      description: `${t.description} (${t.stem}.${t.base}.${format})`,
      body: templateSnippet(t, format).replace(/\n$/, '').split('\n'),
      isFileTemplate: true,
    };
  }
  return `${JSON.stringify(snippets, null, 2)}\n`;
}

/** Bundles templates.ts on the fly (no build needed) and evaluates it as a CommonJS module. */
export async function loadTemplates() {
  const out = await esbuild.build({
    entryPoints: [`${ROOT}/server/src/service/features/templates.ts`],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    logLevel: 'warning',
  });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', out.outputFiles[0].text)(
    module,
    module.exports,
    createRequire(import.meta.url),
  );
  return module.exports;
}

async function main() {
  const check = process.argv.includes('--check');
  const { TEMPLATES, templateSnippet } = await loadTemplates();
  let stale = 0;
  for (const [format, file] of Object.entries(SNIPPET_FILES)) {
    const path = `${ROOT}/${file}`;
    const options = (await prettier.resolveConfig(path)) ?? {};
    const text = await prettier.format(buildSnippets(TEMPLATES, templateSnippet, format), {
      ...options,
      filepath: path,
    });
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      /* not there yet */
    }
    if (current === text) continue;
    stale++;
    if (check) console.error(`${file} is out of date: run npm run gen:snippets`);
    else writeFileSync(path, text);
  }
  console.log(
    `snippets: ${TEMPLATES.length} templates × 2 formats, ${check ? `${stale} stale file(s)` : `${stale} file(s) written`}`,
  );
  if (check && stale) process.exit(1);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
