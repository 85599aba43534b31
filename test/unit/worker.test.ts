/**
 * The analysis worker and the server's side of it (`lsp/worker-client.ts`, `lsp/analysis-worker.ts`), run in plain
 * Node from the compiled server entry: answers equal to the service's, superseded analyses skipped, host calls
 * answered by the server with aborts in both directions, and a worker that dies failing what waited on it.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLanguageService, type ServiceHost } from '../../server/src/service';
import type { AnalysisInput } from '../../server/src/lsp/analysis-ops';
import type { Log } from '../../server/src/lsp/log';
import { AbortedError, Cancelled } from '../../server/src/lsp/scheduler';
import { WorkerClient } from '../../server/src/lsp/worker-client';

/** The compiled server entry (out/server/src/server.js): as a worker it runs the analysis worker. */
const SCRIPT = resolve(__dirname, '..', '..', 'server', 'src', 'server.js');
const errors: string[] = [];
const log: Log = { error: m => errors.push(m), info: () => undefined, trace: () => undefined, level: 'off' };

const TP = `TrustProviderType: user
UserTrustProviderType: oidc
PolicyReferenceName: idp
DryRun: true
OidcOptions:
  Issuer: https://issuer.example
  Scop: openid
`;
const IS = `{
  "policyStoreId": "PSEXAMPLEabcdefg111111",
  "principalEntityType": "MyApp::User",
  "configuration": { "cognitoUserPoolConfiguration": { "userPoolArn": "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_EXAMPLE" } }
}`;

function input(uri: string, text: string): AnalysisInput {
  return { uri, text, files: {}, committed: false };
}

describe('the analysis worker', function () {
  this.timeout(60_000);
  let worker: WorkerClient;
  beforeEach(() => (worker = new WorkerClient(SCRIPT, log)));
  afterEach(async () => worker.stop());

  it('answers as the service does', async () => {
    const uri = 'file:///ws/okta.trust-provider.yaml';
    await worker.analyze('a', 1, input(uri, TP));
    const service = createLanguageService({ isLikelyCommitted: () => false });
    const file = service.analyze({ uri, text: TP })!;
    assert.deepEqual(await worker.call('a', 1, 'diagnostics', []), service.validate(file));
    assert.deepEqual(await worker.call('a', 1, 'symbols', []), service.symbols(file));
    const at = { line: 5, character: 3 };
    assert.deepEqual(await worker.call('a', 1, 'hover', [at]), service.hover(file, at));
    assert.deepEqual(await worker.call('a', 1, 'kinds', []), ['trust-provider']);
  });

  it('skips an analysis that a newer revision replaced before it started, and forgets old revisions', async () => {
    const uri = 'file:///ws/okta.trust-provider.yaml';
    const first = worker.analyze('a', 1, input(uri, TP));
    const second = worker.analyze('a', 2, input(uri, TP.replace('DryRun: true', 'DryRun: false')));
    await assert.rejects(first, Cancelled);
    await second;
    const codes = ((await worker.call('a', 2, 'diagnostics', [])) as { code: string }[]).map(d => d.code);
    assert.ok(!codes.includes('dry-run'), codes.join());
    worker.forget('a', 3);
    await assert.rejects(worker.call('a', 2, 'diagnostics', []), Cancelled);
    await assert.rejects(worker.analyze('a', 2, input(uri, TP)), Cancelled);
  });

  it('semantic checks ask the server for the schema; an abort reaches the server’s host call', async () => {
    const uri = 'file:///ws/app.identity-source.json';
    await worker.analyze('s', 1, input(uri, IS));
    const asked: unknown[][] = [];
    const host: ServiceHost = {
      cedarSchema: (u, policyStoreId) => {
        asked.push([u, policyStoreId]);
        return Promise.resolve({ text: 'namespace MyApp { entity Person; }', format: 'cedar', origin: 'test' });
      },
    };
    const found = (await worker.callAsync('s', 1, 'semantic', [], host, new AbortController().signal)) as {
      code: string;
    }[];
    assert.deepEqual(asked, [[uri, 'PSEXAMPLEabcdefg111111']]);
    assert.ok(
      found.some(d => d.code === 'cedar-unknown-entity-type'),
      JSON.stringify(found),
    );

    let asks: () => void = () => undefined;
    let hostAborted: () => void = () => undefined;
    const asking = new Promise<void>(r => (asks = r));
    const aborted = new Promise<void>(r => (hostAborted = r));
    const hanging: ServiceHost = {
      cedarSchema: (_u, _p, signal) => {
        asks();
        signal?.addEventListener('abort', () => hostAborted(), { once: true });
        return new Promise(() => undefined);
      },
    };
    const abort = new AbortController();
    const pending = worker.callAsync('s', 1, 'semantic', [], hanging, abort.signal);
    await asking;
    abort.abort();
    await assert.rejects(pending, AbortedError);
    await aborted; // the worker passed the abort on to the server's host call
  });

  it('a worker that dies fails what waited on it; the next request starts a new one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vi-worker-'));
    try {
      const broken = join(dir, 'broken.js');
      writeFileSync(broken, 'throw new Error("boom")\n');
      const dead = new WorkerClient(broken, log);
      await assert.rejects(dead.analyze('a', 1, input('file:///ws/x.trust-provider.yaml', TP)), /worker stopped/);
      await assert.rejects(dead.analyze('a', 1, input('file:///ws/x.trust-provider.yaml', TP)), /worker stopped/);
      assert.ok(errors.some(e => e.includes('analysis worker failed')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
