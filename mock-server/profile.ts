// What a protocol profile gives the generic mock machinery: its routes, media type, name
// rule, message schemas and error message. Paths and messages stay inside the profile's folder.
import type { ProfileId } from '../suites/core/types.js';
import type { Scheme } from './auth.js';
import type { MockConfig } from './config.js';
import type { FaultSet } from './faults.js';
import type { HttpError } from './http-errors.js';
import type { RequestContext } from './context.js';
import type { Route } from './router.js';
import type { Store } from './store.js';

export interface MockProfile {
  id: ProfileId;
  /** The media type of every message, e.g. application/taxii+json. */
  mediaType: string;
  routes: readonly Route[];
  /** Schemes accepted outside any API Base (e.g. the Discovery URL). */
  rootSchemes: readonly Scheme[];
  /** The URL of an API Base, given the mock's origin (https://host:port). */
  apiBaseUrl(origin: string, apiBase: string): string;
  /** Why `name` is not a valid resource name under these faults, or undefined when it is. */
  checkName(name: string, faults: FaultSet): string | undefined;
  /** Validates a message the mock is about to send (type = message type). */
  validateMessage(type: string, message: unknown): { valid: boolean; errors: string[] };
  /**
   * Validates a request message: undefined when acceptable, else the error to answer
   * (honours schema-lax, lax-names and strict-names).
   */
  checkRequest(type: string, body: unknown, faults: FaultSet): HttpError | undefined;
  /** The profile's error message for an HttpError. */
  errorMessage(err: HttpError): { type: string; message: Record<string, unknown> };
  /** Applies the message-level faults to a (validated) message about to be sent. */
  mutateOutgoing(type: string, message: Record<string, unknown>, faults: FaultSet): Record<string, unknown>;
  /** A fault's answer to a request no route matched; true when it answered (else 404). */
  unmatched?(ctx: RequestContext, segments: readonly string[]): boolean;
  /** Builds the seeded store. */
  seedStore(config: MockConfig): Store;
}
