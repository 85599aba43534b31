/**
 * `parseFile` in steps, one YAML document per step, so that the language server can analyze a long stream over
 * several turns of its event loop and answer other requests in between. The result is the same `ParsedFile`:
 * the same refusals, the same fast path (`yaml-simple.ts`) for the same documents and the composer from the same
 * token on. The fast path is given the stream one document at a time, cut just before each `document` token,
 * with whatever follows a document (a `...` marker, a directive, an error) kept with it, as it decides by those
 * whether the document before them needs the composer. `test/unit/stepwise.test.ts` holds this to `parseFile`
 * on every fixture and on generated streams.
 */
import type { CST } from 'yaml';
import { cliYamlText, duplicateKeys, overflowRefusal, refuse, type ParsedDocument, type ParsedFile } from './parse';
import { parseJson } from './parse/json';
import type { LineIndex } from './parse/line-index';
import type { Dialect } from './parse/ast';
import { composeTokens, keyString, PARSE_OPTIONS, scalarBuilder, type YamlDocumentResult } from './parse/yaml';
import { parseSimpleYaml } from './parse/yaml-simple';
import { yamlTokens } from './parse/yaml-tokens';
import type { Format } from './types';

type Token = CST.Token;

function isTrivia(t: Token): boolean {
  return t.type === 'comment' || t.type === 'newline' || t.type === 'space' || t.type === 'byte-order-mark';
}

/** The documents of a YAML stream, each built when it is asked for (what `parseYaml` returns, lazily). */
function* yamlDocuments(text: string, dialect: Dialect): Generator<YamlDocumentResult> {
  const it = yamlTokens(text);
  let lookahead: Token | undefined;
  const next = (): Token | undefined => {
    if (lookahead) {
      const t = lookahead;
      lookahead = undefined;
      return t;
    }
    const r = it.next();
    return r.done ? undefined : r.value;
  };
  /** The rest of the stream, for the composer. */
  function* remaining(): Generator<Token> {
    for (let t = next(); t; t = next()) yield t;
  }
  let built = 0;
  let leading: Token[] = [];
  for (;;) {
    // One chunk: the stream-level tokens before a document, the document, and what follows it up to the next one.
    const chunk = leading;
    leading = [];
    let t = next();
    while (t && isTrivia(t)) {
      chunk.push(t);
      t = next();
    }
    if (!t) {
      // Only stream-level tokens left: after documents they change nothing; a stream without any is composed.
      if (built === 0) yield* composeTokens(chunk, text, dialect);
      return;
    }
    chunk.push(t);
    if (t.type === 'document') {
      let u = next();
      const after: Token[] = [];
      while (u && isTrivia(u)) {
        after.push(u);
        u = next();
      }
      if (!u) append(chunk, after);
      else if (u.type === 'document') {
        leading = after;
        lookahead = u;
      } else {
        append(chunk, after);
        chunk.push(u);
      }
    }
    const { docs, resume } = parseSimpleYaml(chunk, PARSE_OPTIONS, keyString, scalarBuilder(dialect));
    for (const d of docs) {
      built++;
      yield d;
    }
    if (resume) {
      yield* composeTokens(concat(resume, leading, remaining()), text, dialect);
      return;
    }
    if (!lookahead) return;
  }
}

function append(to: Token[], from: Token[]): void {
  for (const t of from) to.push(t);
}

function* concat(...parts: Iterable<Token>[]): Generator<Token> {
  for (const p of parts) yield* p;
}

/**
 * `parseFile` in steps: it yields after the checks of the whole text that may refuse it (size, binary content,
 * depth: linear scans), then after each document it has built (JSON: one).
 */
export function* parseFileSteps(
  uri: string,
  text: string,
  format: Format,
  lines: LineIndex,
  dialect: Dialect = 'cli',
): Generator<void, ParsedFile> {
  const refusal = refuse(text, format);
  if (refusal) return { uri, text, format, lines, documents: [], refusal, dialect };
  yield;
  const documents: ParsedDocument[] = [];
  const source = format === 'json' ? undefined : yamlDocuments(text, dialect);
  for (;;) {
    let doc: ParsedDocument | undefined;
    try {
      if (!source) {
        if (documents.length > 0) break;
        const { root, issues } = parseJson(text, dialect);
        doc = { index: 0, root, start: 0, end: text.length, issues };
      } else {
        const r = source.next();
        if (r.done) break;
        doc = { index: documents.length, ...r.value };
      }
    } catch (e) {
      // As parseFile: too deep a tree, or a third-party parser failing on hostile input, becomes a refusal.
      return { uri, text, format, lines, documents: [], refusal: overflowRefusal(e), dialect };
    }
    // parseFile adds these once every document is built; a document is final once built, so the same issues.
    for (const issue of duplicateKeys(doc.root, format, dialect)) doc.issues.push(issue);
    documents.push(doc);
    yield;
  }
  // Issues of the whole stream (tabs, a second document), once every document is built, as parseFile does.
  if (format === 'yaml' && dialect === 'cli') cliYamlText(text, documents);
  return { uri, text, format, lines, documents, dialect };
}
