// What the host shares with every mounted profile, and what one request carries through a
// profile's stages.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Account, Identity } from './auth.js';
import type { MockConfig } from './config.js';
import type { FaultSet } from './faults.js';
import type { VariantSet } from './variants.js';
import type { Operation } from './router.js';

/** A profile the host mounted: where, and the URL a client starts from. */
export interface MountedEntry {
  profile: string;
  /** Path prefix its URLs start with ("/" or "/<name>/"). */
  prefix: string;
  /** Its entry URL (e.g. a Discovery URL). */
  url: string;
  /** The name a newer profile's discovery gives it among previous versions, if any. */
  previousVersion?: string;
}

/** The host's state, fixed once it listens: a mounted profile's own state extends it. */
export interface HostState {
  config: MockConfig;
  /** Every fault switched on (each profile reads it through its own fault names). */
  faults: FaultSet;
  /** Every conformant variant switched on (each profile reads it through its own variant names). */
  variants: VariantSet;
  accounts: readonly Account[];
  /** https://host:port (no trailing slash). */
  origin: string;
  /** A second origin serving the same, when a mounted profile asks for one (HostNeeds.otherOrigin). */
  otherOrigin?: string;
  /** Aborts when the mock closes: long polls end at once. */
  closing: AbortSignal;
  /** Every profile mounted on this host. */
  mounted: readonly MountedEntry[];
}

export interface RequestContext<S extends HostState = HostState> {
  /** The state of the profile the request was dispatched to. */
  mock: S;
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  /** The path exactly as sent (never normalised: `..` and %2E stay visible). */
  rawPath: string;
  query: URLSearchParams;
  /** The query string as sent, without the '?'. */
  rawQuery: string;
  /** The route and method matched (route stage), when the profile routes by table. */
  operation: Operation<S> | undefined;
  /** The URL kind of the profile's URL table the request is of (route stage: `get-channel`), if it is one. */
  urlKind: string | undefined;
  /** The faults as this request sees them: the host's set, with those scoped to its URL kind (route stage). */
  faults: FaultSet;
  /** Route parameters: names percent-decoded (names stage), an `{apiBase}` as sent. */
  params: Record<string, string>;
  /** Set by the authentication stage; handlers run only after it. */
  identity: Identity;
  /** The X-Max-Size limit the response must respect, if any (X-Max-Size stage). */
  maxSize: number | undefined;
  /** The parsed request message (body stage; undefined when none was sent). */
  body: unknown;
}
