/**
 * How the server is started (server/src/launch.ts): the environment a launcher adds keeps what the user set, and the
 * README's command for other editors is the one declared there.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_ENV, SERVER_NODE_FLAGS, serverEnv } from '../../server/src/launch';
import { ROOT } from './helpers';

describe('launch: flags and environment of the language server', () => {
  it('adds each variable of SERVER_ENV that the environment lacks', () => {
    assert.deepEqual(serverEnv({}), SERVER_ENV);
    assert.deepEqual(serverEnv({ PATH: '/usr/bin' }), SERVER_ENV);
    assert.equal(SERVER_ENV.MALLOC_TRIM_THRESHOLD_, '131072');
  });

  it('keeps a value the user set, even an empty one', () => {
    assert.deepEqual(serverEnv({ MALLOC_TRIM_THRESHOLD_: '0' }), {});
    assert.deepEqual(serverEnv({ MALLOC_TRIM_THRESHOLD_: '' }), {});
  });

  it('the README gives other editors the same command', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    const env = Object.entries(SERVER_ENV).map(([name, value]) => `${name}=${value}`);
    assert.ok(readme.includes(`${env.join(' ')} node ${SERVER_NODE_FLAGS.join(' ')} server/out/server.js --stdio`));
  });
});
