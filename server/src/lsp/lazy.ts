/**
 * Modules the handshake does not need, loaded on first use: the language service (with the YAML parser, glob
 * matching and the request models) and the HTTP client of the online checks. `initialize` is answered before they
 * load; the server then loads the service at once, in the background, so the first document does not wait for it.
 * (The bundler keeps a module lazy only while nothing imports it statically: import types only from these.)
 */
import type * as ServiceModule from '../service';
import type * as FetchModule from '../host/fetch-json';

let service: typeof ServiceModule | undefined;
let fetchModule: typeof FetchModule | undefined;

export function serviceModule(): typeof ServiceModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (service ??= require('../service') as typeof ServiceModule);
}

export function fetchJsonModule(): typeof FetchModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (fetchModule ??= require('../host/fetch-json') as typeof FetchModule);
}
