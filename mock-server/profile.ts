// What a profile's mock half gives the host: where it is mounted, its entry URL, how the
// host's DNS responder advertises it, and `mount`, which makes its state (store, accounts'
// tokens, faults read as its own) and lists its stages in its order. The host dispatches
// each request by prefix and runs that profile's stages (pipeline.ts).
import type { ProfileId } from '../suites/core/types.js';
import type { HostState, RequestContext } from './context.js';
import type { FaultSet } from './faults.js';
import type { VariantSet } from './variants.js';
import type { ErrorAnswer, HttpError } from './http-errors.js';
import type { AnswerShape } from './send.js';

/** A stage ends the request by answering ('answered'), refuses it by throwing an HttpError, or hands it on. */
export type StageResult = void | 'answered';
export type Stage<S extends HostState = HostState> = (ctx: RequestContext<S>) => StageResult | Promise<StageResult>;

export interface MockProfile {
  id: ProfileId;
  /** Path prefix the host mounts it at: "/" or "/<name>/"; the longest matching prefix wins. */
  prefix: string;
  /** The URL a client starts from, given the host's origin (https://host:port) and the variants switched on. */
  entryUrl(origin: string, variants: VariantSet): string;
  /** The SRV label (`_service._proto`) the host's DNS responder advertises it under, if the spec has one. */
  srvLabel?: string;
  /** Whether the host's DNS responder advertises `srvLabel` under these variants (default: it does). */
  srvAdvertised?(variants: VariantSet): boolean;
  /** TLS 1.2 suites its spec requires the host to offer beyond the AEAD ones (OpenSSL names); the host offers the union over what it mounts. */
  tlsCiphers?: readonly string[];
  /**
   * What its variants and faults ask of the host's listener (read once, before it listens):
   * the union over the mounted profiles applies.
   */
  hostNeeds?(faults: FaultSet, variants: VariantSet): HostNeeds;
  /** The name a newer profile's discovery gives it among previous versions (e.g. "taxii-1.1"). */
  previousVersion?: string;
  /**
   * Makes the profile's state on this host (called once the host listens: its origin is
   * known). The state's type is the profile's own: the host only hands it to its stages.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  mount(host: HostState): MountedProfile<any>;
}

export interface MountedProfile<S extends HostState = HostState> {
  state: S;
  /** The checks and the handler of a request, in the profile's order. */
  stages: readonly Stage<S>[];
  /** How every answer of the profile is shaped on the wire (its variants): errors too, by the host. */
  shape?: AnswerShape;
  /** The profile's answer to an error; without it, errors are answered in prose. */
  errorAnswer?(err: HttpError): ErrorAnswer;
  /** The host is closing: end what waits (long polls). */
  close?(): void;
}

/** What a profile may ask of the host's listener. */
export interface HostNeeds {
  /** A second listener, on another port of the same interface: another origin serving the same (`HostState.otherOrigin`). */
  otherOrigin?: boolean;
  /** An ECDSA P-256 server certificate (and the ECDHE-ECDSA suites it needs) instead of RSA. */
  ecdsaCertificate?: boolean;
  /**
   * Ask every client for a certificate (optional: a client without one goes on), verified by
   * PKIX against a client CA the host makes at start; a profile reads the outcome from the
   * request's TLS socket (`authorized`, the peer certificate).
   */
  requestClientCertificates?: boolean;
  /** Plain HTTP on the TLS port answers 308 to the same path over https (instead of a TLS alert). */
  plainHttpRedirect?: boolean;
}
