/**
 * How the language server is best started, declared once: the extension forks it with these flags and this
 * environment, the LSP tests and the benchmark spawn it with them, and the README gives them to other editors. All
 * optional: the server runs without them, using a few MB more. The flags are standard Node.js / V8 options, accepted
 * by Electron's Node as well.
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

/**
 * Environment for the server process (added to the inherited one; a value already set there is kept).
 *
 * - `MALLOC_TRIM_THRESHOLD_=131072`: glibc's malloc gives the free top of its heap back to the system once it exceeds
 *   128 KB, its default; but each time a large block it had mapped on its own is freed, glibc raises that threshold to
 *   twice the block (up to 64 MB). Node reads the 0.6 MB bundle into one such block at start, and the optimizing
 *   compiler and large messages free more later, so after start-up memory freed by the server stayed in the process.
 *   Setting the value keeps it at 128 KB and turns the adjustment off (mallopt(3), M_TRIM_THRESHOLD). C libraries
 *   other than glibc ignore it.
 *
 * Measured with five servers each way, a 5,000-line YAML stream open, edited, outlined and completed (npm run bench):
 * peak RSS 69.0–70.6 MB → 65.2–66.0 MB; edit → diagnostics on that file unchanged within the noise (servers
 * interleaved, three runs of 60 edits each way: medians 102.5 / 95.5 / 90.3 ms without, 107.0 / 100.6 / 82.2 ms with).
 */
export const SERVER_ENV: Readonly<Record<string, string>> = { MALLOC_TRIM_THRESHOLD_: '131072' };

/** The entries of `SERVER_ENV` that `env` does not set already: what a launcher adds to the environment it passes on. */
export function serverEnv(env: Readonly<Record<string, string | undefined>> = process.env): Record<string, string> {
  const added: Record<string, string> = {};
  for (const [name, value] of Object.entries(SERVER_ENV)) if (env[name] === undefined) added[name] = value;
  return added;
}
