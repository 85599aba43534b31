/**
 * How the language server is best started, declared once: the extension forks it with these V8 flags, the LSP tests
 * and the benchmark spawn it with them, and the README gives them to other editors. Only V8 flags (Electron's
 * Node accepts them too), and all optional: the server runs without them, using a little more memory.
 *
 * `--max-semi-space-size=1` caps each half of V8's young generation at 1 MB. A language server allocates in short
 * bursts (a parse per edit) and keeps little; a larger young generation only raises the peak. Measured with a
 * 5,000-line YAML file open and edited (npm run bench): peak RSS 3–5 MB lower, edit → diagnostics unchanged.
 */
export const SERVER_V8_FLAGS: readonly string[] = ['--max-semi-space-size=1'];
