/**
 * Completion answers from the syntax tree alone (issue 14): the JSON cursor context read from the innermost container
 * is the one read from the file's start, completion never runs the checks (counted, not timed), and on the server's
 * thread it answers without waiting for the analysis of the revision.
 */
import * as assert from 'node:assert/strict';
import { LocalAnalysis, type HostedService } from '../../server/src/lsp/analysis';
import type { Scheduler } from '../../server/src/lsp/scheduler';
import { createLanguageService, type AnalyzedFile, type CompletionItem } from '../../server/src/service';
import { jsonContext } from '../../server/src/service/features/json-context';
import { parseJson } from '../../server/src/service/parse/json';
import { service, withCursor } from './helpers';

/** A small deterministic generator (the same sequence on every run). */
function seeded(seed: number): (n: number) => number {
  let s = seed;
  return n => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % n;
  };
}

const TRUST_PROVIDER = JSON.stringify(
  {
    TrustProviderType: 'user',
    UserTrustProviderType: 'oidc',
    PolicyReferenceName: 'corp',
    OidcOptions: { Issuer: 'https://example.okta.com', ClientId: 'abc', Scope: 'openid' },
    TagSpecifications: [
      { ResourceType: 'verified-access-trust-provider', Tags: [{ Key: 'a', Value: 'b' }, { Key: 'c' }] },
      { ResourceType: 'x', Tags: [] },
    ],
    DryRun: false,
  },
  null,
  2,
);

/** Counts what completion must not ask for: the checks' results and diagnostics. */
function counted(file: AnalyzedFile): { results: number; diagnostics: number } {
  const calls = { results: 0, diagnostics: 0 };
  const results = file.results.bind(file);
  const diagnostics = file.diagnostics.bind(file);
  file.results = () => (calls.results++, results());
  file.diagnostics = () => (calls.diagnostics++, diagnostics());
  return calls;
}

describe('completion from the syntax tree', () => {
  it('the JSON context read from the innermost container is the one read from the start (seeded edits)', () => {
    const rnd = seeded(14);
    const bases = [TRUST_PROVIDER, '{"a": [1, {"b": {"c": [ ]}}, "x"], "d": {}}', '[{"a":1},[2,[3]]]'];
    const pieces = ['{', '}', '[', ']', ',', ':', '"', '"k"', ' ', '\n', 'x', '1', '"v": ', '//c\n', '/*', '*/'];
    let compared = 0;
    let inner = 0;
    for (let t = 0; t < 200; t++) {
      let text = bases[rnd(bases.length)];
      for (let k = rnd(4); k > 0; k--) {
        const at = rnd(text.length + 1);
        text =
          rnd(3) === 0
            ? text.slice(0, at) + text.slice(at + 1 + rnd(3))
            : text.slice(0, at) + pieces[rnd(pieces.length)] + text.slice(at);
      }
      const tree = parseJson(text);
      for (let offset = 0; offset <= text.length; offset++) {
        const fromStart = jsonContext(text, offset);
        const fromTree = jsonContext(text, offset, tree);
        assert.deepEqual(fromTree, fromStart, `${JSON.stringify(text)} at ${offset}`);
        compared++;
        if (fromStart && fromStart.path.length > 1) inner++;
      }
    }
    // Most positions are inside nested containers, where the tree is used.
    assert.ok(compared > 25_000 && inner > compared / 4, `${compared} positions, ${inner} nested`);
  });

  it('JSON and YAML completion never run the checks, and give what they gave after them', () => {
    const cases: [string, string, string][] = [
      ['x.trust-provider.json', TRUST_PROVIDER.replace('"ClientId"', '|"ClientId"'), 'ClientSecret'],
      ['x.trust-provider.json', TRUST_PROVIDER.replace('"oidc"', '"|oidc"'), 'iam-identity-center'],
      ['x.trust-provider.json', TRUST_PROVIDER.replace('"Key": "c"', '"Key": "c", |'), 'Value'],
      // An update file: its kind comes from its members (the tree), as the checks decide it.
      ['x.trust-provider.json', '{"VerifiedAccessTrustProviderId": "vatp-1", |}', 'OidcOptions'],
      ['x.identity-source.json', '{"policyStoreId": "ps", "identitySourceId": "is", |}', 'updateConfiguration'],
      ['x.trust-provider.yaml', 'TrustProviderType: user\nOidcOptions:\n  |\n', 'Issuer'],
    ];
    for (const [name, src, expected] of cases) {
      const { file, position } = withCursor(name, src);
      const calls = counted(file);
      const before: CompletionItem[] = service.complete(file, position);
      assert.deepEqual(calls, { results: 0, diagnostics: 0 }, `${name}: ${src}`);
      assert.ok(
        before.some(i => i.label === expected),
        `${name}: no ${expected} in ${before.map(i => i.label).join()}`,
      );
      service.validate(file);
      assert.deepEqual(service.complete(file, position), before, `${name}: ${src}`);
    }
  });

  it('live completion reads the tree too: no checks, and only the look-up it needs', async () => {
    const { file, position } = withCursor('x.trust-provider.json', '{"VerifiedAccessTrustProviderId": "|"}');
    const calls = counted(file);
    let lookups = 0;
    const live = createLanguageService({
      lookup: () => {
        lookups++;
        return Promise.resolve({ available: true, items: [{ id: 'vatp-0123', label: 'okta' }] });
      },
    });
    const items = await live.completeLive(file, position);
    assert.deepEqual(
      items.map(i => i.label),
      ['vatp-0123'],
    );
    assert.deepEqual(calls, { results: 0, diagnostics: 0 });
    assert.equal(lookups, 1);
  });

  it("on the server's thread, JSON completion answers while the revision's analysis has not run", async () => {
    const { file, position } = withCursor('x.trust-provider.json', TRUST_PROVIDER.replace('"oidc"', '"|oidc"'));
    let runs = 0;
    const stalled = {
      run: () => {
        runs++;
        return new Promise(() => undefined);
      },
    } as unknown as Scheduler;
    const analysis = new LocalAnalysis(file, 1, () => service, stalled);
    const calls = counted(file);
    const items = await analysis.complete(position);
    assert.ok(items.some(i => i.label === 'iam-identity-center'));
    const hosted: HostedService = { service, host: {} };
    assert.deepEqual(await analysis.completeLive(hosted, position, new AbortController().signal), []);
    assert.equal(runs, 0, 'the analysis was not even started');
    assert.deepEqual(calls, { results: 0, diagnostics: 0 });
  });
});
