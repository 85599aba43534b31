/**
 * The server's open documents (`LineDocument`, lines kept apart so an edit costs the lines it touches) must read
 * exactly as vscode-languageserver-textdocument's after any sequence of incremental and full changes: positions out
 * of range, reversed ranges, `\r\n` / `\r` / `\n` breaks made and split by edits, surrogate pairs. The reference
 * applies each change to a library document made fresh from the text before it: the library's own line table can
 * go wrong after a change on a line past the end (it leaves a hole in it), which ours does not copy.
 */
import * as assert from 'node:assert/strict';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineDocument } from '../../server/src/lsp/text-document';

function random(seed: number): (n: number) => number {
  let s = seed;
  return n => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % n;
  };
}

const PIECES = [
  '',
  'a',
  'xyz',
  '\n',
  '\r',
  '\r\n',
  '\n\r',
  'a\nb',
  'a\r\nb\r',
  '\r\n\r\n',
  '😀',
  'é\t',
  '  - Key: x\n',
];

function change(rnd: (n: number) => number, lines: number): TextDocumentContentChangeEvent {
  if (rnd(40) === 0) return { text: Array.from({ length: rnd(6) }, () => PIECES[rnd(PIECES.length)]).join('') };
  const pos = () => ({ line: rnd(lines + 3) - 1, character: rnd(12) - 1 });
  const text = Array.from({ length: rnd(3) }, () => PIECES[rnd(PIECES.length)]).join('');
  return { range: { start: pos(), end: pos() }, text };
}

describe('open documents: LineDocument reads as TextDocument does', () => {
  it('after 20,000 random batches of edits over 200 documents, with every text and position look-up', () => {
    const rnd = random(5);
    for (let d = 0; d < 200; d++) {
      const initial = Array.from({ length: rnd(8) }, () => PIECES[rnd(PIECES.length)]).join('');
      const ours = new LineDocument('file:///a', 'yaml', 1, initial);
      let expected = initial;
      for (let i = 0; i < 100; i++) {
        const before = expected;
        const batch = Array.from({ length: 1 + rnd(3) }, () => change(rnd, expected.split(/\r\n|\r|\n/).length));
        for (const c of batch) {
          const ref = TextDocument.create('file:///a', 'yaml', 1, expected);
          TextDocument.update(ref, [c], 2);
          expected = ref.getText();
        }
        ours.update(batch, i + 2);
        if (ours.getText() !== expected) {
          assert.fail(`${JSON.stringify(batch)} on ${JSON.stringify(before)}: ${JSON.stringify(ours.getText())}`);
        }
        assert.equal(ours.lineCount, TextDocument.create('file:///a', 'yaml', 1, expected).lineCount);
        assert.equal(ours.version, i + 2);
      }
      const theirs = TextDocument.create('file:///a', 'yaml', 1, expected);
      for (let o = -1; o <= expected.length + 1; o++) assert.deepEqual(ours.positionAt(o), theirs.positionAt(o));
    }
  });

  it('a thousand single-character edits in a 5,000-line file, as typing sends them', () => {
    const text = Array.from({ length: 5000 }, (_, i) => `  Key${i}: value ${i}`).join('\n');
    const ours = new LineDocument('file:///a', 'yaml', 1, text);
    const theirs = TextDocument.create('file:///a', 'yaml', 1, text);
    for (let i = 0; i < 1000; i++) {
      const at = { line: 2500, character: 5 };
      const edit =
        i % 2 === 0
          ? { range: { start: at, end: at }, text: 'x' }
          : { range: { start: at, end: { line: 2500, character: 6 } }, text: '' };
      ours.update([edit], i + 2);
      TextDocument.update(theirs, [edit], i + 2);
    }
    assert.equal(ours.getText(), theirs.getText());
    assert.equal(ours.getText(), text);
  });
});
