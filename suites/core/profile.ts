// What a profile (one spec) gives the engine. Everything profile-specific — paths, media
// types, schemas, requirements, cases, setup — lives behind this interface.
import type { LoadedCase, ProfileId, Requirement } from './types.js';
import type { SchemaCheck } from './assertions.js';
import type { HttpExchange, HttpRequest } from '../probes/http.js';
import type { AuthMode } from './types.js';

export interface SetupContext {
  target: string;
  /** Sends a request with the given auth mode (default: the run's credentials). */
  send(req: Omit<HttpRequest, 'headers'> & { headers?: Record<string, string>; auth?: AuthMode }): Promise<HttpExchange>;
  /** True when the run has credentials (Basic or a token). */
  hasCredentials: boolean;
  /** True when the run may not write (--read-only). */
  readOnly: boolean;
}

export interface SetupResult {
  /** Variables cases may name, e.g. apiBase, collection. */
  vars: Map<string, string>;
  /** A bearer token the target issued for the run's credentials. */
  issuedToken?: string;
  /** Findings worth a line in the report (e.g. a tolerated spec slip). */
  notes: string[];
  /** Set when the target could not be reached at all (exit 3). */
  unreachable?: string;
  /** Problems that make the run's verdict untrustworthy (the gate fails). */
  problems: string[];
}

export interface Profile {
  id: ProfileId;
  title: string;
  /** Media type of the profile's messages, sent in Accept and Content-Type by default. */
  mediaType: string;
  areas: readonly string[];
  /** Areas whose cases need no setup against the target's TAXII content (TLS, DNS). */
  standaloneAreas: readonly string[];
  requirements(): Requirement[];
  cases(): LoadedCase[];
  validate: SchemaCheck;
  /** Why each variable a case can name might be missing (shown as the skip reason). */
  variableReasons: Readonly<Record<string, string>>;
  setup(ctx: SetupContext): Promise<SetupResult>;
  /** A body of a named kind of at least `bytes` octets. */
  generate(kind: string, bytes: number, vars: ReadonlyMap<string, string>): string;
  /** Encodes a data-model message for the wire (default: JSON in the profile's media type). */
  encode?(message: unknown): { body: string; headers: Record<string, string> };
  /** Decodes a response body into the data model (default: JSON). */
  decode?(body: Buffer, headers: Record<string, string>): { ok: true; value: unknown } | { ok: false; why: string };
  /** What a response breaks of the profile's wire rules (binding, headers); [] when none. */
  wireProblems?(body: Buffer, headers: Record<string, string>): string[];
  /**
   * True for a request other than GET/HEAD that changes nothing on the server (the token
   * request, a TAXII 1.x read message): it may still be sent under --read-only.
   */
  writeFree?(req: Pick<HttpRequest, 'method' | 'url' | 'headers' | 'body'>): boolean;
  /** The profile with run options applied (e.g. taxii1's --binding); unknown options are a usage error. */
  configure?(options: Record<string, string>): Profile;
}
