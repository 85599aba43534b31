/**
 * The extension's log: one `LogOutputChannel` named "Verified Identity". Everything written to it — by the extension,
 * by the language client (server `window/logMessage`, LSP traces) and by the AWS layer — passes through
 * `redact()` first, so secrets (ClientSecret values, tokens, credentials, `Authorization` headers, AWS access keys,
 * resolved secret references) never reach it.
 */
import * as vscode from 'vscode';
import { Redactor } from './redact';

export const LOG_CHANNEL_NAME = 'Verified Identity';

export interface Logger extends vscode.Disposable {
  /** A LogOutputChannel that redacts every message; give it to anything else that logs (the language client). */
  readonly channel: vscode.LogOutputChannel;
  trace(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string | Error, ...args: unknown[]): void;
  /** Registers a value that must never appear in the log (a secret just stored or resolved). */
  addSecret(value: string | undefined): void;
  /** The redaction applied to every message (exposed for tests). */
  redact(text: string): string;
  /** The last lines written, as they reached the channel (redacted): lets tests assert what the log holds. */
  recent(): readonly string[];
  show(): void;
}

const TAIL = 500;

function format(arg: unknown): string {
  if (arg instanceof Error) return arg.stack ?? `${arg.name}: ${arg.message}`;
  if (typeof arg === 'string') return arg;
  try {
    return JSON.stringify(arg);
  } catch {
    return String(arg);
  }
}

/**
 * Wraps a LogOutputChannel so that every message is redacted. Arguments are formatted and redacted here, never handed
 * to the channel raw (the channel would stringify objects itself, unredacted).
 */
function redactingChannel(inner: vscode.LogOutputChannel, redactor: Redactor, tail: string[]): vscode.LogOutputChannel {
  const keep = (text: string) => {
    tail.push(text);
    if (tail.length > TAIL) tail.splice(0, tail.length - TAIL);
    return text;
  };
  const clean = (text: string) => keep(redactor.redact(text));
  const line = (message: string | Error, args: unknown[]) => clean([message, ...args].map(format).join(' '));
  const channel: vscode.LogOutputChannel = {
    get name() {
      return inner.name;
    },
    get logLevel() {
      return inner.logLevel;
    },
    onDidChangeLogLevel: inner.onDidChangeLogLevel,
    trace: (message, ...args) => inner.trace(line(message, args)),
    debug: (message, ...args) => inner.debug(line(message, args)),
    info: (message, ...args) => inner.info(line(message, args)),
    warn: (message, ...args) => inner.warn(line(message, args)),
    error: (message, ...args) => inner.error(line(message, args)),
    append: value => inner.append(clean(value)),
    appendLine: value => inner.appendLine(clean(value)),
    replace: value => inner.replace(clean(value)),
    clear: () => inner.clear(),
    show: (columnOrPreserve?: vscode.ViewColumn | boolean, preserveFocus?: boolean) =>
      typeof columnOrPreserve === 'boolean' || columnOrPreserve === undefined
        ? inner.show(columnOrPreserve)
        : inner.show(columnOrPreserve, preserveFocus),
    hide: () => inner.hide(),
    dispose: () => inner.dispose(),
  };
  return channel;
}

export function createLogger(name = LOG_CHANNEL_NAME): Logger {
  const redactor = new Redactor();
  const inner = vscode.window.createOutputChannel(name, { log: true });
  const tail: string[] = [];
  const channel = redactingChannel(inner, redactor, tail);
  return {
    channel,
    trace: (message, ...args) => channel.trace(message, ...args),
    debug: (message, ...args) => channel.debug(message, ...args),
    info: (message, ...args) => channel.info(message, ...args),
    warn: (message, ...args) => channel.warn(message, ...args),
    error: (message, ...args) => channel.error(message, ...args),
    addSecret: value => redactor.add(value),
    redact: text => redactor.redact(text),
    recent: () => tail,
    show: () => channel.show(true),
    dispose: () => inner.dispose(),
  };
}
