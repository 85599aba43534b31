/**
 * The one wrapper every handler goes through: honour cancellation, catch everything, log failures and answer
 * empty. A failing handler never takes the server down and never leaves a request unanswered.
 */
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import type { Log } from './log';

function cancelled(): ResponseError<never> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}

/** Runs a request handler; answers `empty` on failure and a RequestCancelled error when the client cancelled. */
export async function guarded<T>(
  log: Log,
  name: string,
  token: CancellationToken | undefined,
  empty: T,
  fn: () => T | Promise<T>,
): Promise<T | ResponseError<never>> {
  const started = performance.now();
  try {
    // One turn of the event loop first, so that a `$/cancelRequest` sent right behind the request is seen.
    if (token) await new Promise(resolve => setImmediate(resolve));
    if (token?.isCancellationRequested) return cancelled();
    const result = await fn();
    if (token?.isCancellationRequested) return cancelled();
    log.trace(`${name}: ${(performance.now() - started).toFixed(1)} ms`);
    return result;
  } catch (e) {
    if (e instanceof ResponseError) return e as ResponseError<never>;
    log.error(`${name} failed`, e);
    return empty;
  }
}

/** Runs a notification handler or a background task: failures are logged, never thrown. */
export function safely(log: Log, name: string, fn: () => void | Promise<void>): void {
  try {
    const r = fn();
    if (r instanceof Promise) r.catch((e: unknown) => log.error(`${name} failed`, e));
  } catch (e) {
    log.error(`${name} failed`, e);
  }
}
