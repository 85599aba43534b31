/**
 * Reading request files without trusting the path: the target is stat'ed before it is opened (a link is followed and
 * its target judged), opened non-blocking (a FIFO swapped in after the stat cannot hang the run), stat'ed again through
 * the descriptor, and read only when it is a regular file within the service's size limit. Every failure is a value.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { LIMITS } from '../service/parse/limits';

export type ReadResult = { text: string } | { error: string };

/** What a path is, in words, for "not a regular file" messages. */
export function fileType(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/** Why a path cannot be used, or undefined when it is a regular file within the size limit. */
export function refusal(st: Stats, maxBytes = LIMITS.maxFileBytes): string | undefined {
  if (!st.isFile()) return `not a regular file (${fileType(st)}): not read`;
  if (st.size > maxBytes) return tooLarge(st.size, maxBytes);
  return undefined;
}

/** `size` undefined: the file grew past the limit while it was read. */
function tooLarge(size: number | undefined, maxBytes: number): string {
  const bytes = (n: number) => n.toLocaleString('en-US');
  const limit = `${Number((maxBytes / 1048576).toFixed(2))} MB (${bytes(maxBytes)} bytes) limit for request files`;
  return size === undefined
    ? `grew past the ${limit} while it was read: not checked`
    : `${bytes(size)} bytes, over the ${limit}: not read`;
}

/** An errno code in words; messages never carry the text of what was read. */
export function ioReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'EISDIR':
      return 'a directory';
    default:
      return code ? `cannot read (${code})` : `cannot read (${e instanceof Error ? e.name : 'unknown error'})`;
  }
}

// Not defined on Windows, where opening a named pipe by path does not block on a missing writer the same way.
const NONBLOCK = constants.O_NONBLOCK ?? 0;

/**
 * Opens a regular file for reading, or says why not. The descriptor is the caller's to close when the result has one.
 */
function openRegular(
  path: string,
  maxBytes: number,
  listedRegular = false,
): { fd: number; size: number } | { error: string } {
  try {
    // A file a directory listing showed as regular is not stat'ed again: that stat would only repeat the listing's
    // answer, with the same window before the open; what is opened is judged through its descriptor either way.
    const early = listedRegular ? undefined : refusal(statSync(path), maxBytes);
    if (early) return { error: early };
    const fd = openSync(path, constants.O_RDONLY | NONBLOCK);
    try {
      const st = fstatSync(fd);
      const late = refusal(st, maxBytes);
      if (late) {
        closeSync(fd);
        return { error: late };
      }
      return { fd, size: st.size };
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  } catch (e) {
    return { error: ioReason(e) };
  }
}

/**
 * Reads a request file as UTF-8. Refuses, without reading, anything that is not a regular file or is over
 * `maxBytes`; a file that grows past the limit while it is read is refused too. `listedRegular`: the walk's listing
 * (or its stat of a link's target) showed a regular file.
 */
export function readRequestFile(path: string, maxBytes = LIMITS.maxFileBytes, listedRegular = false): ReadResult {
  const opened = openRegular(path, maxBytes, listedRegular);
  if ('error' in opened) return opened;
  const { fd } = opened;
  try {
    // One byte more than the stat'ed size tells a file that grew since; files that report size 0 are read too.
    let buf = Buffer.allocUnsafe(Math.min(opened.size, maxBytes) + 1);
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (buf.length > maxBytes) break;
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, maxBytes + 1));
        buf.copy(bigger, 0, 0, n);
        buf = bigger;
      }
      const want = buf.length - n;
      const got = readSync(fd, buf, n, want, null);
      n += got;
      // A short read of a regular file that reached its stat'ed size is its end: no second read to be told so.
      if (got === 0 || (got < want && opened.size > 0 && n >= opened.size)) break;
    }
    if (n > maxBytes) return { error: tooLarge(undefined, maxBytes) };
    return { text: buf.toString('utf8', 0, n) };
  } catch (e) {
    return { error: ioReason(e) };
  } finally {
    closeSync(fd);
  }
}

/** The first `bytes` bytes of a regular file (for the YAML modeline), or why it cannot be read. */
export function readHead(path: string, bytes: number, listedRegular = false): ReadResult {
  const opened = openRegular(path, Number.MAX_SAFE_INTEGER, listedRegular);
  if ('error' in opened) return opened;
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(opened.fd, buf, 0, bytes, 0);
    return { text: buf.toString('utf8', 0, n) };
  } catch (e) {
    return { error: ioReason(e) };
  } finally {
    closeSync(opened.fd);
  }
}

/** A stream (standard input) as UTF-8 text, up to `maxBytes`; more is refused, not read on. */
export function readStdin(stream: NodeJS.ReadableStream, maxBytes: number): Promise<ReadResult> {
  return new Promise(resolvePromise => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: ReadResult) => {
      if (done) return;
      done = true;
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      stream.removeListener('error', onError);
      stream.pause();
      resolvePromise(r);
    };
    const onData = (c: Buffer | string) => {
      const b = typeof c === 'string' ? Buffer.from(c) : c;
      size += b.length;
      if (size > maxBytes) return finish({ error: `more than ${maxBytes.toLocaleString('en-US')} bytes: not read` });
      chunks.push(b);
    };
    const onEnd = () => finish({ text: Buffer.concat(chunks).toString('utf8') });
    const onError = (e: unknown) => finish({ error: ioReason(e) });
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}
