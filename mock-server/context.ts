// The state a running mock shares across requests, and what one request carries through
// the pipeline.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Account, Authenticator, Identity } from './auth.js';
import type { MockConfig } from './config.js';
import type { FaultSet } from './faults.js';
import type { MockProfile } from './profile.js';
import type { ApiBase, Store } from './store.js';

export interface MockState {
  config: MockConfig;
  faults: FaultSet;
  store: Store;
  auth: Authenticator;
  profile: MockProfile;
  accounts: readonly Account[];
  /** https://host:port (no trailing slash); set once the port is known. */
  origin: string;
  /** Aborts when the mock closes: long polls end at once. */
  closing: AbortSignal;
  /** Objects received by POSTs so far (the lose-messages fault drops every second one). */
  received: { count: number };
}

export interface RequestContext {
  mock: MockState;
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  /** The path exactly as sent (never normalised: `..` and %2E stay visible). */
  rawPath: string;
  query: URLSearchParams;
  /** The query string as sent, without the '?'. */
  rawQuery: string;
  /** Route parameters: names percent-decoded, the API Base as is. */
  params: Record<string, string>;
  apiBase: ApiBase | undefined;
  /** Set by the authentication stage; handlers run only after it. */
  identity: Identity;
  /** The X-Max-Size limit the response must respect, if any. */
  maxSize: number | undefined;
  /** The parsed request message (undefined when none was sent). */
  body: unknown;
  /** Aborts when the client goes away or the mock closes. */
  signal: AbortSignal;
}
