/**
 * Server-side logging. Errors always go to the client's log (`window/logMessage`); trace lines go through
 * `$/logTrace` when the client enabled tracing with `$/setTrace`, or to the log when `verifiedIdentity.trace.server`
 * (pulled like any other setting, for editors without `$/setTrace`) is `messages` or `verbose`. Document contents
 * and secret values are never logged.
 */
import type { Connection } from 'vscode-languageserver/node';
import type { TraceLevel } from '../settings';

export interface Log {
  error(message: string, error?: unknown): void;
  info(message: string): void;
  /** A trace line; `verbose` is appended only at the verbose level. */
  trace(message: string, verbose?: string): void;
  /** The level from `verifiedIdentity.trace.server`. */
  level: TraceLevel;
}

export function describeError(e: unknown): string {
  if (e instanceof Error) return e.stack ?? `${e.name}: ${e.message}`;
  try {
    return String(e);
  } catch {
    return 'unprintable error';
  }
}

export function createLog(connection: Connection): Log {
  const log: Log = {
    level: 'off',
    error(message, error) {
      connection.console.error(error === undefined ? message : `${message}: ${describeError(error)}`);
    },
    info: message => connection.console.info(message),
    trace(message, verbose) {
      if (log.level === 'off') connection.tracer.log(message, verbose);
      else connection.console.log(log.level === 'verbose' && verbose ? `${message}\n${verbose}` : message);
    },
  };
  return log;
}
