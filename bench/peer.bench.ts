/**
 * Issue 14: our language server side by side with VS Code's own JSON language server (`vscode-json-language-server`
 * from the pinned devDependency `vscode-langservers-extracted`, used only here), on the same generated JSON
 * trust-provider request files, in one run, samples interleaved (one of ours, one of theirs, the order alternating)
 * so both see the same machine load. Targets (our median ÷ theirs):
 *   5,000-line JSON: edit → diagnostics ≤ 0.5×, key completion ≤ 1.0×, enum completion ≤ 1.0×;
 *   20,000-line JSON: edit → diagnostics ≤ 0.5×; and our peak RSS with the 5,000-line file open ≤ 70 MB.
 *
 * Fairness: the JSON server gets the JSON Schema we export for the file's kind (`verified-identity schema --kind
 * trust-provider`, the same model our checks read) as an inline `json.schemas` setting, so both servers parse the
 * file and check it against the same shapes, and both complete keys and enum values from them; without a schema it
 * would only check syntax and complete nothing. Both are asked with pull diagnostics (`textDocument/diagnostic`,
 * which the JSON server answers at once; its push path waits 500 ms), and the compared row is ours pulled too. Our
 * push path (didChange → publishDiagnostics for that version) is printed beside it, informational.
 */
import { join } from 'node:path';
import { TestClient, ROOT } from '../test/lsp/client';
import { createLanguageService } from '../server/src/service';
import { median, result, type BenchResult } from './harness';

const PEER = join(ROOT, 'node_modules/vscode-langservers-extracted/bin/vscode-json-language-server');

/**
 * A trust-provider request file of at least `lines` lines, in the AWS CLI skeleton's member order: OIDC options near
 * the top (with a blank line to complete its missing `Scope` on), then many tag specifications of ten tags each. One member has the
 * wrong type (`DryRun` as a string), so both servers have a finding to report and we can see the schema is applied.
 */
export function trustProviderJson(lines: number, seed = 0): string {
  const specs: string[] = [];
  let n = 30;
  for (let s = 0; n < lines; s++) {
    const tags = Array.from(
      { length: 10 },
      (_, t) =>
        `        {\n          "Key": "team-${seed}-${s}-${t}",\n          "Value": "cost-center ${s * 10 + t} of the platform org"\n        }`,
    );
    specs.push(
      `    {\n      "ResourceType": "verified-access-trust-provider",\n      "Tags": [\n${tags.join(',\n')}\n      ]\n    }`,
    );
    n += 4 + tags.length * 4 + 1;
  }
  return `{
  "TrustProviderType": "user",
  "UserTrustProviderType": "oidc",
  "PolicyReferenceName": "corp${seed}",
  "OidcOptions": {
    "Issuer": "https://example.okta.com",
    "AuthorizationEndpoint": "https://example.okta.com/oauth2/v1/authorize",
    "TokenEndpoint": "https://example.okta.com/oauth2/v1/token",
    "UserInfoEndpoint": "https://example.okta.com/oauth2/v1/userinfo",
    "ClientId": "0oa1example2client3id",
    
    "ClientSecret": "\${secret:okta-client-secret}"
  },
  "Description": "Okta workforce identity for the corporate Verified Access instance",
  "TagSpecifications": [
${specs.join(',\n')}
  ],
  "ClientToken": "okta-2026-01",
  "DryRun": "no",
  "SseSpecification": {
    "CustomerManagedKeyEnabled": false
  }
}
`;
}

type Position = { line: number; character: number };

function at(text: string, needle: string, delta = 0, from = 0): Position {
  const i = text.indexOf(needle, from);
  if (i < 0) throw new Error(`bench fixture: '${needle}' not found`);
  const before = text.slice(0, i + delta);
  return { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 };
}

interface Server {
  name: 'ours' | 'peer';
  client: TestClient;
}

async function startServers(): Promise<[Server, Server]> {
  const ours = await TestClient.start({ pull: true });
  const schema = createLanguageService().schema('trust-provider');
  const peer = await TestClient.start({
    pull: true,
    command: [PEER, '--stdio'],
    initializationOptions: { provideFormatter: false, handledSchemaProtocols: ['file'] },
  });
  await peer.connection.sendNotification('workspace/didChangeConfiguration', {
    settings: {
      json: { validate: { enable: true }, schemas: [{ fileMatch: ['*.trust-provider.json'], schema }] },
      http: { proxyStrictSSL: true },
    },
  });
  return [
    { name: 'ours', client: ours },
    { name: 'peer', client: peer },
  ];
}

/** didChange of one character (typed, then deleted) → a full pull report for that version. */
async function editPull(client: TestClient, uri: string, where: Position, i: number): Promise<number> {
  const insert = i % 2 === 0;
  const range = insert
    ? { start: where, end: where }
    : { start: where, end: { ...where, character: where.character + 1 } };
  const t0 = performance.now();
  await client.change(uri, [{ range, text: insert ? 'x' : '' }]);
  const report = await client.pull(uri);
  if (report.kind !== 'full' || report.items.length === 0) throw new Error(`expected a full report with findings`);
  return performance.now() - t0;
}

async function complete(client: TestClient, uri: string, position: Position, expect: string): Promise<number> {
  const t0 = performance.now();
  const list = await client.request<{ items: { label: string }[] } | { label: string }[] | null>(
    'textDocument/completion',
    { textDocument: { uri }, position },
  );
  const ms = performance.now() - t0;
  const items = Array.isArray(list) ? list : (list?.items ?? []);
  // The JSON server quotes its labels ("Scope", "oidc"); ours are bare.
  if (!items.some(item => item.label.replace(/^"|"$/g, '') === expect)) {
    throw new Error(`completion in ${uri}: no '${expect}' item (${items.map(i => i.label).join(', ')})`);
  }
  return ms;
}

/** Runs `sample` for both servers `runs + warmup` times, alternating which goes first; returns the kept samples. */
async function interleaved(
  servers: [Server, Server],
  runs: number,
  warmup: number,
  sample: (server: Server, i: number) => Promise<number>,
): Promise<{ ours: number[]; peer: number[] }> {
  const out = { ours: [] as number[], peer: [] as number[] };
  for (let i = 0; i < runs + warmup; i++) {
    const order = i % 2 === 0 ? servers : ([servers[1], servers[0]] as const);
    for (const server of order) {
      const ms = await sample(server, i);
      if (i >= warmup) out[server.name].push(ms);
    }
  }
  return out;
}

function ratioRow(name: string, samples: { ours: number[]; peer: number[] }, max: number): BenchResult {
  const ours = median(samples.ours);
  const peer = median(samples.peer);
  const ratio = ours / peer;
  return {
    name,
    median: Math.round(ratio * 100) / 100,
    unit: 'x',
    samples: samples.ours.length,
    target: `<= ${max} x`,
    ok: ratio <= max,
    note: `ours ${ours.toFixed(1)} ms, JSON server ${peer.toFixed(1)} ms`,
  };
}

async function openBoth(servers: [Server, Server], uri: string, text: string): Promise<void> {
  for (const { client } of servers) {
    await client.open(uri, text);
    const report = await client.pull(uri);
    if (report.kind !== 'full' || report.items.length === 0) throw new Error('expected findings on open');
  }
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const servers = await startServers();
  const [ours, peer] = servers;
  // Ours, pushing: its own server (a client that declares pull support gets no pushes).
  const pushing = await TestClient.start();
  try {
    const text5k = trustProviderJson(5000);
    const uri5k = 'file:///bench/peer/corp.trust-provider.json';
    await openBoth(servers, uri5k, text5k);
    const edit5k = at(text5k, 'cost-center', 5, text5k.length >> 1);
    const edits = await interleaved(servers, 25, 4, (s, i) => editPull(s.client, uri5k, edit5k, i));
    out.push(ratioRow('peer: edit → diagnostics, 5,000-line JSON (pull, ours ÷ JSON server)', edits, 0.5));

    await pushing.open(uri5k, text5k);
    await pushing.waitForDiagnostics(uri5k, undefined, 30_000);
    const pushed: number[] = [];
    for (let i = 0; i < 25 + 4; i++) {
      const insert = i % 2 === 0;
      const range = insert
        ? { start: edit5k, end: edit5k }
        : { start: edit5k, end: { ...edit5k, character: edit5k.character + 1 } };
      const t0 = performance.now();
      const version = await pushing.change(uri5k, [{ range, text: insert ? 'x' : '' }]);
      await pushing.waitForDiagnostics(uri5k, p => p.version === version, 10_000);
      if (i >= 4) pushed.push(performance.now() - t0);
    }
    out.push(
      result(
        'peer: edit → diagnostics, 5,000-line JSON (ours, push)',
        pushed,
        'ms',
        undefined,
        `informational; ÷ the JSON server's pull median: ${(median(pushed) / median(edits.peer)).toFixed(2)} x`,
      ),
    );

    const keyAt = at(text5k, '    \n', 4);
    const keys = await interleaved(servers, 25, 4, s => complete(s.client, uri5k, keyAt, 'Scope'));
    out.push(ratioRow('peer: key completion, 5,000-line JSON (ours ÷ JSON server)', keys, 1.0));
    const enumAt = at(text5k, '"oidc"', 1);
    const enums = await interleaved(servers, 25, 4, s => complete(s.client, uri5k, enumAt, 'iam-identity-center'));
    out.push(ratioRow('peer: enum completion, 5,000-line JSON (ours ÷ JSON server)', enums, 1.0));

    const hwm = ours.client.memory().hwm;
    out.push(
      result(
        'peer: our peak RSS, 5,000-line JSON open (VmHWM)',
        [hwm],
        'MB',
        70,
        `JSON server: ${peer.client.memory().hwm.toFixed(1)} MB`,
      ),
    );
    for (const { client } of servers) await client.close(uri5k);

    const text20k = trustProviderJson(20000, 1);
    const uri20k = 'file:///bench/peer/big.trust-provider.json';
    await openBoth(servers, uri20k, text20k);
    const edit20k = at(text20k, 'cost-center', 5, text20k.length >> 1);
    const edits20k = await interleaved(servers, 15, 3, (s, i) => editPull(s.client, uri20k, edit20k, i));
    out.push(ratioRow('peer: edit → diagnostics, 20,000-line JSON (pull, ours ÷ JSON server)', edits20k, 0.5));
  } finally {
    await pushing.stop();
    for (const { client } of servers) await client.stop();
  }
  return out;
}
