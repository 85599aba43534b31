/**
 * The one wrapper every handler goes through: honour cancellation, catch everything, log failures and answer
 * empty. A failing handler never takes the server down and never leaves a request unanswered. The handler gets an
 * abort signal that follows the request's cancellation (for the analyses it waits on).
 */
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import type { Log } from './log';
import { givenUp } from './scheduler';

function cancelled(): ResponseError<never> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}

/** Runs a request handler; answers `empty` on failure and a RequestCancelled error when the client cancelled. */
export async function guarded<T>(
  log: Log,
  name: string,
  token: CancellationToken | undefined,
  empty: T,
  fn: (signal: AbortSignal) => T | Promise<T>,
): Promise<T | ResponseError<never>> {
  const started = performance.now();
  const abort = new AbortController();
  const cancel = token?.onCancellationRequested(() => abort.abort());
  try {
    // One turn of the event loop first, so that a `$/cancelRequest` sent right behind the request is seen.
    if (token) await new Promise(resolve => setImmediate(resolve));
    if (token?.isCancellationRequested) return cancelled();
    const result = await fn(abort.signal);
    if (token?.isCancellationRequested) return cancelled();
    log.trace(`${name}: ${(performance.now() - started).toFixed(1)} ms`);
    return result;
  } catch (e) {
    if (e instanceof ResponseError) return e as ResponseError<never>;
    if (token?.isCancellationRequested) return cancelled();
    // The document changed and the analysis asked for went with it: an empty answer, not a failure.
    if (givenUp(e)) log.trace(`${name}: given up (${e instanceof Error ? e.message : String(e)})`);
    else log.error(`${name} failed`, e);
    return empty;
  } finally {
    cancel?.dispose();
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
