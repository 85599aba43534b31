/**
 * snippets/*.code-snippets are generated from the service's templates by scripts/gen-snippets.mjs. This test
 * regenerates them in memory and checks the committed files hold exactly those snippets (run `npm run gen:snippets`
 * after changing a template), and that each snippet body expands to its template's text.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { pathToFileURL } from 'url';
import { TEMPLATES, templateSnippet, templateText } from '../../server/src/service/features/templates';

const ROOT = path.resolve(__dirname, '../../..');

interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

interface Generator {
  SNIPPET_FILES: Record<'json' | 'yaml', string>;
  buildSnippets(templates: typeof TEMPLATES, snippet: typeof templateSnippet, format: 'json' | 'yaml'): string;
}

/** Expands a snippet body with every placeholder at its default (enough of the TextMate snippet syntax for ours). */
function expand(body: string): string {
  let out = '';
  const stack: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\' && i + 1 < body.length) {
      out += body[++i];
    } else if (c === '$' && body[i + 1] === '{') {
      const m = /^\$\{(\d+):/.exec(body.slice(i));
      assert.ok(m, `unexpected snippet syntax at ${body.slice(i, i + 20)}`);
      stack.push(out.length);
      i += m[0].length - 1;
    } else if (c === '}' && stack.length > 0) {
      stack.pop();
    } else {
      assert.notStrictEqual(c, '$', `unescaped $ at ${body.slice(i, i + 20)}`);
      out += c;
    }
  }
  assert.strictEqual(stack.length, 0, 'unbalanced placeholders');
  return out;
}

describe('snippets/ (generated from the templates)', () => {
  let generator: Generator;
  before(async () => {
    // A non-literal specifier keeps TypeScript from rewriting the import of an ES module script into require().
    const url = pathToFileURL(path.join(ROOT, 'scripts/gen-snippets.mjs')).href;
    generator = (await import(url)) as Generator;
  });

  for (const format of ['json', 'yaml'] as const) {
    it(`${format}: the committed file is up to date (npm run gen:snippets)`, () => {
      const file = path.join(ROOT, generator.SNIPPET_FILES[format]);
      // Prettier writes the files as JSONC (trailing commas), as VS Code reads snippet files.
      const errors: ParseError[] = [];
      const committed = parseJsonc(fs.readFileSync(file, 'utf8'), errors, { allowTrailingComma: true }) as Record<
        string,
        Snippet
      >;
      assert.deepStrictEqual(errors, []);
      const fresh = JSON.parse(generator.buildSnippets(TEMPLATES, templateSnippet, format)) as Record<string, Snippet>;
      assert.deepStrictEqual(committed, fresh);
    });

    it(`${format}: one snippet per template, prefixed vi-, expanding to the template`, () => {
      const snippets = JSON.parse(generator.buildSnippets(TEMPLATES, templateSnippet, format)) as Record<
        string,
        Snippet
      >;
      assert.strictEqual(Object.keys(snippets).length, TEMPLATES.length);
      for (const t of TEMPLATES) {
        const s = snippets[t.label];
        assert.ok(s, t.label);
        assert.strictEqual(s.prefix, `vi-${t.id}`);
        assert.strictEqual(`${expand(s.body.join('\n'))}\n`, templateText(t, format), t.id);
      }
    });
  }

  it('package.json contributes both files', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      contributes: { snippets: { language: string; path: string }[] };
    };
    const byLanguage = Object.fromEntries(pkg.contributes.snippets.map(s => [s.language, path.resolve(ROOT, s.path)]));
    assert.deepStrictEqual(byLanguage, {
      json: path.join(ROOT, generator.SNIPPET_FILES.json),
      yaml: path.join(ROOT, generator.SNIPPET_FILES.yaml),
    });
  });
});
