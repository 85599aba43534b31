/**
 * The JSON encoder of the stream transports (stdio), lighter on memory than the library's for large answers.
 *
 * The library turns a message into one string (`JSON.stringify`) and then into a buffer of its UTF-8 bytes: for a
 * large answer both exist at once, and V8 builds the string from parts that it joins at the end, so an answer of
 * N bytes briefly costs about 3 × N. The outline of a 5,000-line YAML stream is 1.2 MB of JSON: sending it raised the
 * server's peak RSS by 2.2 MB. Here an answer whose result is a long array is written in pieces straight into a
 * buffer of the right size, each piece serialized twice (once to count its bytes, once to write them), so that only
 * the buffer and one small piece are alive: about 1 × N. Other messages are encoded as the library does.
 */
import type { Message } from 'vscode-languageserver/node';

/** A result array at least this long is written in pieces. */
const MIN_ITEMS = 64;
/** How deep below the result the pieces go (depth 2: the children of each item of the result). */
const MAX_DEPTH = 2;

function plain(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}

/** The JSON text of `value` as a sequence of pieces, in the order they are written; the same text as JSON.stringify. */
function pieces(value: unknown, depth: number, emit: (s: string) => void): void {
  if (depth < MAX_DEPTH && Array.isArray(value)) {
    emit('[');
    value.forEach((item, i) => {
      if (i > 0) emit(',');
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') emit('null');
      else pieces(item, depth + 1, emit);
    });
    emit(']');
  } else if (depth < MAX_DEPTH && plain(value)) {
    emit('{');
    let first = true;
    for (const key of Object.keys(value)) {
      const v = value[key];
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      emit(first ? `${JSON.stringify(key)}:` : `,${JSON.stringify(key)}:`);
      first = false;
      pieces(v, depth + 1, emit);
    }
    emit('}');
  } else {
    emit(JSON.stringify(value) ?? 'null');
  }
}

/** The message as UTF-8 JSON, the same bytes as `Buffer.from(JSON.stringify(message))`. */
export function encodeMessage(message: Message): Buffer {
  const m = message as { jsonrpc?: unknown; id?: unknown; result?: unknown };
  const keys = Object.keys(message);
  const large =
    Array.isArray(m.result) &&
    m.result.length >= MIN_ITEMS &&
    keys.length === 3 &&
    keys.every(k => k === 'jsonrpc' || k === 'id' || k === 'result');
  if (!large) return Buffer.from(JSON.stringify(message), 'utf8');
  const head = `{"jsonrpc":${JSON.stringify(m.jsonrpc)},"id":${JSON.stringify(m.id ?? null)},"result":`;
  let size = Buffer.byteLength(head) + 1;
  pieces(m.result, 0, s => (size += Buffer.byteLength(s)));
  const out = Buffer.allocUnsafe(size);
  let at = out.write(head, 0);
  pieces(m.result, 0, s => (at += out.write(s, at)));
  at += out.write('}', at);
  if (at !== size) throw new Error(`encodeMessage: wrote ${at} of ${size} bytes`);
  return out;
}

/** For `new StreamMessageWriter(stream, { contentTypeEncoder })`. */
export const jsonEncoder = {
  name: 'application/json',
  encode(message: Message): Promise<Uint8Array> {
    try {
      return Promise.resolve(encodeMessage(message));
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  },
};
