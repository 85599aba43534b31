/**
 * Entry of the language server bundle (`server/out/server.js`): starts the server (`server-main.js`, built from
 * server.ts) with V8's code cache when the launcher gave it a folder (boot/code-cache.ts). The server's V8 flags are
 * set first, as the server would set them: a cache is accepted only under the flags it was made with.
 */
import { join } from 'node:path';
import { runMain } from './boot/code-cache';
import { tuneHeap } from './lsp/memory';

if (!process.argv.slice(2).some(a => /^(--version|-v|--help|-h)$/.test(a))) tuneHeap();
runMain(join(__dirname, 'server-main.js'));
