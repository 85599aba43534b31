/**
 * CLI entry: `npm run emulator -- --port N [--seed FILE] [--latency MS] [--region R] [--account-id ID]
 * [--issuer ISSUER=URL]…`.
 */
import { startEmulator, type EmulatorOptions } from './index';
import { checkIssuerEntry, IssuerMapError } from './issuer-keys';
import { SeedError } from './seed';

const USAGE = `Usage: npm run emulator -- [--port N] [--seed FILE] [--latency MS] [--region REGION] [--account-id ID]
                            [--issuer ISSUER=URL]...

Starts the Verified Identity emulator of Verified Permissions and EC2 Verified Access on 127.0.0.1.
  --port N         port to listen on (default 0: a free port)
  --seed FILE      JSON seed file (e.g. test/emulator/seeds/demo.json)
  --latency MS     delay added to every AWS request
  --region REGION  region reported by the emulator (default: the seed's, else us-east-1)
  --account-id ID  account in ARNs (default: the seed's, else 123456789012)
  --issuer I=URL   serve token issuer I (an https issuer URL or a Cognito user pool ID) from loopback URL
                   (IsAuthorizedWithToken reads its keys there); repeatable
Control API: GET /__emulator/state, POST /__emulator/reset, POST /__emulator/faults, PUT /__emulator/latency,
PUT /__emulator/issuers, GET /__emulator/log.`;

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): EmulatorOptions | 'help' {
  const options: EmulatorOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    const integer = (name: string, max: number) => {
      const v = value();
      if (!/^\d+$/.test(v) || Number(v) > max)
        throw new UsageError(`${name} must be an integer from 0 to ${max}; got '${v}'`);
      return Number(v);
    };
    switch (flag) {
      case '--port':
        options.port = integer('--port', 65535);
        break;
      case '--seed':
        options.seed = value();
        break;
      case '--latency':
        options.latencyMs = integer('--latency', 600_000);
        break;
      case '--region':
        options.region = value();
        break;
      case '--issuer': {
        const v = value();
        const eq = v.indexOf('=');
        if (eq <= 0) throw new UsageError(`--issuer needs ISSUER=URL; got '${v}'`);
        const [issuer, url] = [v.slice(0, eq), v.slice(eq + 1)];
        try {
          options.issuers = { ...options.issuers, [issuer]: checkIssuerEntry(issuer, url) };
        } catch (e) {
          if (e instanceof IssuerMapError) throw new UsageError(`--issuer: ${e.message}`);
          throw e;
        }
        break;
      }
      case '--account-id':
        options.accountId = value();
        if (!/^\d{12}$/.test(options.accountId))
          throw new UsageError(`--account-id must be 12 digits; got '${options.accountId}'`);
        break;
      default:
        throw new UsageError(`unknown argument '${arg}'`);
    }
  }
  return options;
}

async function main(): Promise<number> {
  let options: EmulatorOptions | 'help';
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`emulator: ${e.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let emulator;
  try {
    emulator = await startEmulator(options);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const message =
      e instanceof SeedError
        ? e.message
        : code === 'EADDRINUSE'
          ? `port ${options.port} is already in use`
          : (e as Error).message;
    process.stderr.write(`emulator: ${message}\n`);
    return e instanceof SeedError ? 2 : 1;
  }
  const stats = `${emulator.state.policyStores.size} policy stores, ${emulator.state.identitySources.size} identity sources, ${emulator.state.trustProviders.size} trust providers`;
  process.stdout.write(
    `Verified Identity emulator listening on ${emulator.url}\n(${stats}; region ${emulator.region}; Ctrl+C to stop)\n`,
  );
  await new Promise<void>(resolve => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await emulator.close();
  process.stdout.write('Verified Identity emulator stopped\n');
  return 0;
}

main().then(
  code => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`emulator: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
