// Which suites a server accepts, per protocol version (what sslscan lists), with either TLS
// probe: `raw` (our own ClientHellos: every suite of the table, SSLv3 to TLS 1.3, whatever
// this OpenSSL has) or `node` (node:tls: what this OpenSSL can offer, TLS 1.0 to 1.3).
// Versions are pinned (min = max) for every handshake.
import { offerableSuites } from './tls-offers.js';
import { suiteInfo, suitesAt, PROTOCOL_VERSIONS, TLS_VERSIONS, type TlsVersion } from './tls-suites.js';
import { tryHandshake, type HandshakeOutcome, type HandshakeResult, type ProbeOptions, type TlsOffer, type TlsTarget } from './tls.js';
import { pool } from '../core/concurrency.js';
import { rawHandshake } from './tls-raw/probe.js';

export type ProbeEngine = 'raw' | 'node';

export interface AcceptedSuite {
  /** Table name: OpenSSL's (TLS 1.3: the IANA name, as OpenSSL and sslscan print it). */
  name: string;
  protocol: TlsVersion;
  standardName?: string;
  /** Code point. */
  code?: number;
}

export interface EnumerateOptions extends ProbeOptions {
  /** raw (default): every suite of the table, SSLv3–TLS 1.3; node: what this OpenSSL can offer, TLS 1.0–1.3. */
  engine?: ProbeEngine;
  /** Versions to enumerate; default all the engine can offer. */
  versions?: TlsVersion[];
  /**
   * one-by-one (default): every suite alone, per version (after one probe with all of them,
   * which skips a version the server refuses outright). elimination: offer all, remove the
   * one the server picks, repeat until refused (sslscan's method: accepted + 1 handshakes
   * per version).
   */
  strategy?: 'one-by-one' | 'elimination';
  /** Called after every handshake with what it offered (a version and suite names) and how it ended. */
  onHandshake?: (version: TlsVersion, suites: string[], result: HandshakeResult) => void;
}

export interface VersionEnumeration {
  version: TlsVersion;
  /** How the all-suites probe of this version ended. */
  outcome: HandshakeOutcome;
  /** Suites the engine can offer at this version. */
  offerable: number;
  accepted: string[];
  handshakes: number;
}

export interface Enumeration {
  accepted: AcceptedSuite[];
  versions: VersionEnumeration[];
  handshakes: number;
  /** Probes that ended in `error` even after one retry. */
  errors: HandshakeResult[];
}

const SECLEVEL0 = '@SECLEVEL=0';

/** A node:tls offer of these suites alone, pinned to `version`. */
export function singleOffer(version: TlsVersion, suites: string[]): TlsOffer {
  return version === 'TLSv1.3'
    ? { minVersion: version, maxVersion: version, ciphersuites: suites.join(':') }
    : { minVersion: version, maxVersion: version, ciphers: [...suites, SECLEVEL0].join(':') };
}

interface Engine {
  versions: readonly TlsVersion[];
  candidates(v: TlsVersion): string[];
  handshake(target: TlsTarget, v: TlsVersion, suites: string[], timeoutMs: number, signal?: AbortSignal): Promise<HandshakeResult>;
}

const ENGINES: Record<ProbeEngine, Engine> = {
  raw: {
    versions: PROTOCOL_VERSIONS,
    candidates: suitesAt,
    handshake: (t, v, suites, ms, signal) =>
      rawHandshake(t, { minVersion: v, maxVersion: v, suites: suites.map((n) => suiteInfo(n)?.code ?? -1).filter((c) => c >= 0) }, ms, signal),
  },
  node: {
    versions: TLS_VERSIONS,
    candidates: offerableSuites,
    handshake: (t, v, suites, ms, signal) => tryHandshake(t, singleOffer(v, suites), ms, signal),
  },
};

/**
 * Enumerates the suites the server accepts, per protocol version. A probe ending in `error`
 * is tried once more; one that fails twice is in `errors` (the list is then incomplete).
 */
export async function enumerateSuites(target: TlsTarget, opts: EnumerateOptions): Promise<Enumeration> {
  const engine = ENGINES[opts.engine ?? 'raw'];
  const versions = opts.versions ?? [...engine.versions];
  let handshakes = 0;
  const errors: HandshakeResult[] = [];
  const perVersion: VersionEnumeration[] = [];
  const acceptedBy = new Map<TlsVersion, Set<string>>();

  const probe = async (v: TlsVersion, suites: string[]): Promise<HandshakeResult> => {
    for (let attempt = 0; ; attempt++) {
      handshakes++;
      const r = await engine.handshake(target, v, suites, opts.timeoutMs, opts.signal);
      opts.onHandshake?.(v, suites, r);
      if (r.outcome !== 'error' || opts.signal?.aborted || attempt === 1) return r;
    }
  };

  const firstProbes = await pool(versions, opts.concurrency, async (v) => {
    const all = engine.candidates(v);
    const r = all.length === 0 ? undefined : await probe(v, all);
    return { v, all, r };
  });

  const singles: { v: TlsVersion; name: string }[] = [];
  for (const { v, all, r } of firstProbes) {
    perVersion.push({ version: v, outcome: r?.outcome ?? 'cannot-offer', offerable: all.length, accepted: [], handshakes: r ? 1 : 0 });
    acceptedBy.set(v, new Set());
    if (r === undefined || r.outcome === 'refused' || r.outcome === 'cannot-offer') continue;
    if (r.outcome === 'error') errors.push(r);
    if (opts.strategy === 'elimination') continue;
    for (const name of all) singles.push({ v, name });
  }
  const entryOf = (v: TlsVersion): VersionEnumeration => perVersion.find((e) => e.version === v) as VersionEnumeration;

  if (opts.strategy === 'elimination') {
    await pool(
      firstProbes.filter((p) => p.r?.outcome === 'accepted'),
      opts.concurrency,
      async ({ v, all, r }) => {
        const found = acceptedBy.get(v) as Set<string>;
        let left = [...all];
        let last = r as HandshakeResult;
        for (;;) {
          if (last.outcome !== 'accepted' || last.cipher === undefined) {
            if (last.outcome === 'error') errors.push(last);
            break;
          }
          const picked = last.cipher;
          found.add(picked);
          const before = left.length;
          left = left.filter((n) => n !== picked);
          if (left.length === before || left.length === 0) break; // a suite we did not offer: stop
          last = await probe(v, left);
          entryOf(v).handshakes++;
        }
      },
    );
  } else {
    const results = await pool(singles, opts.concurrency, ({ v, name }) => probe(v, [name]));
    results.forEach((r, i) => {
      const { v, name } = singles[i] as { v: TlsVersion; name: string };
      entryOf(v).handshakes++;
      if (r.outcome === 'accepted') (acceptedBy.get(v) as Set<string>).add(r.cipher ?? name);
      else if (r.outcome === 'error') errors.push(r);
    });
  }

  const accepted: AcceptedSuite[] = [];
  for (const entry of perVersion) {
    const found = acceptedBy.get(entry.version) as Set<string>;
    // Table order (OpenSSL's preference order), then anything unknown.
    const order = engine.candidates(entry.version);
    const sorted = [...found].sort((a, b) => {
      const ia = order.indexOf(a);
      const ib = order.indexOf(b);
      return (ia < 0 ? 1e9 : ia) - (ib < 0 ? 1e9 : ib) || a.localeCompare(b);
    });
    entry.accepted = sorted;
    for (const name of sorted) {
      const info = suiteInfo(name);
      accepted.push({ name, protocol: entry.version, ...(info ? { standardName: info.iana, code: info.code } : {}) });
    }
  }
  return { accepted, versions: perVersion, handshakes, errors };
}

/**
 * The suites the server accepts, per protocol version (comparable to sslscan's accepted
 * list). Rejects when a probe ended in `error` twice: the list would be incomplete.
 */
export async function acceptedSuites(target: TlsTarget, opts: EnumerateOptions): Promise<AcceptedSuite[]> {
  const e = await enumerateSuites(target, opts);
  if (e.errors.length > 0) {
    const first = e.errors[0] as HandshakeResult;
    throw new Error(`suite enumeration of ${target.host}:${target.port} incomplete: ${e.errors.length} probe(s) failed, e.g. ${first.detail}`);
  }
  return e.accepted;
}
