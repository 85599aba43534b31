/**
 * Entry of the Verified Identity language server. VS Code starts it over IPC (`--node-ipc`); other editors run
 * `verified-identity-language-server --stdio` (stdio is also the default). `--socket=N` and `--pipe=NAME` work as
 * in every vscode-languageserver server. All behaviour lives in `lsp/`.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { WORKER_ROLE } from './lsp/analysis-ops';
import { runAnalysisWorker } from './lsp/analysis-worker';
import { describeError } from './lsp/log';
import { tuneHeap } from './lsp/memory';
import { SERVER_NAME, startServer } from './lsp/start';
import { createServerConnection } from './lsp/transport';

declare const VI_VERSION: string | undefined; // stamped by esbuild from package.json
const VERSION = typeof VI_VERSION === 'string' ? VI_VERSION : '0.0.0-dev';
const args = process.argv.slice(2);

if (!isMainThread && (workerData as { role?: unknown } | undefined)?.role === WORKER_ROLE) {
  // The analysis worker (lsp/worker-client.ts starts this same bundle for single large documents).
  runAnalysisWorker(parentPort!);
} else if (args.includes('--version') || args.includes('-v')) {
  process.stdout.write(`${SERVER_NAME} ${VERSION}\n`);
} else if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(
    `Usage: ${SERVER_NAME} [--stdio | --node-ipc | --socket=PORT | --pipe=NAME]\n` +
      'Language server for AWS Verified Access trust provider and Verified Permissions identity source files.\n' +
      'Settings are read through workspace/configuration, section "verifiedIdentity".\n',
  );
} else {
  tuneHeap();
  if (!args.some(a => /^--(stdio|node-ipc|socket|pipe)(=|$)/.test(a))) process.argv.push('--stdio');
  const { connection, inbox } = createServerConnection();
  // Last line of defence: a bug must never take the server down with it.
  process.on('uncaughtException', e => connection.console.error(`uncaught exception: ${describeError(e)}`));
  process.on('unhandledRejection', e => connection.console.error(`unhandled rejection: ${describeError(e)}`));
  startServer(connection, VERSION, { inbox, workerScript: __filename });
}
