/**
 * How the language server is best started, declared once: the extension forks it with these flags, the LSP tests and
 * the benchmark spawn it with them, and the README gives them to other editors. All optional: the server runs without
 * them, using a few MB more. Both are standard Node.js / V8 options, accepted by Electron's Node as well.
 *
 * - `--max-semi-space-size=1` caps each half of V8's young generation at 1 MB. A language server allocates in short
 *   bursts (a parse per edit) and keeps little; a larger young generation only raises the peak.
 * - `--v8-pool-size=1`: one V8 background thread (for concurrent compilation and GC) instead of one per core; each
 *   thread brings its own stack and allocator arena, and an editor's language server has no use for more.
 *
 * Measured with a 5,000-line YAML stream open, edited ten times, outlined and completed (npm run bench): peak RSS
 * 72.6–73.3 MB → 68.5–71.2 MB, edit → diagnostics unchanged within the machine's noise.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1', '--v8-pool-size=1'];
