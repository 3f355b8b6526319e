// The cipher suite table (tls-suites.json: IANA code point ↔ IANA name ↔ OpenSSL name, with
// each suite's properties) and the protocol versions, as both TLS probes and the reports
// name them. Data, checked once when loaded: a malformed row is a packaging bug and throws.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../core/paths.js';

/** A protocol version, as node:tls's getProtocol() writes it (SSLv3 only the raw probe offers). */
export type TlsVersion = 'SSLv3' | 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

/** Every version, oldest first. */
export const PROTOCOL_VERSIONS: readonly TlsVersion[] = ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/** The versions node:tls (OpenSSL 3) can be pinned to: no SSLv3. */
export const TLS_VERSIONS: readonly TlsVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/** The 16-bit version on the wire: SSLv3 0x0300 … TLSv1.3 0x0304. */
export const WIRE_VERSION: Readonly<Record<TlsVersion, number>> = { SSLv3: 0x0300, TLSv1: 0x0301, 'TLSv1.1': 0x0302, 'TLSv1.2': 0x0303, 'TLSv1.3': 0x0304 };

/** The version of a wire value, if it is one. */
export function versionOfWire(n: number): TlsVersion | undefined {
  return PROTOCOL_VERSIONS.find((v) => WIRE_VERSION[v] === n);
}

/** Orders protocol versions: SSLv3 = 0 … TLSv1.3 = 4; -1 for anything else. */
export function versionRank(v: TlsVersion): number {
  return PROTOCOL_VERSIONS.indexOf(v);
}

/** The versions from `min` to `max`, oldest first ([] when inverted or unknown). */
export function versionsBetween(min: TlsVersion, max: TlsVersion): TlsVersion[] {
  const lo = versionRank(min);
  const hi = versionRank(max);
  return lo < 0 || hi < 0 ? [] : PROTOCOL_VERSIONS.slice(lo, hi + 1);
}

/** One cipher suite. */
export interface SuiteInfo {
  /** OpenSSL name (what `ciphers`, getCipher().name and sslscan use); TLS 1.3: the IANA name. */
  name: string;
  /** IANA / RFC name (getCipher().standardName). */
  iana: string;
  /** 16-bit code point on the wire. */
  code: number;
  /** Lowest protocol version the suite can be negotiated at. */
  minVersion: TlsVersion;
  /** Key exchange: ECDHE / DHE (ephemeral, forward secret), RSA, DH, ECDH (static), any (TLS 1.3). */
  kx: 'ECDHE' | 'DHE' | 'RSA' | 'DH' | 'ECDH' | 'any';
  /** Authentication; `None` is anonymous. */
  au: 'RSA' | 'ECDSA' | 'DSS' | 'None' | 'any';
  /** Bulk cipher (OpenSSL's family name); `None` is a NULL suite. */
  enc: string;
  /** Strength of the bulk cipher in bits (3DES: 112; NULL: 0). */
  bits: number;
  /** MAC; AEAD for GCM/CCM/ChaCha20-Poly1305. */
  mac: 'AEAD' | 'SHA384' | 'SHA256' | 'SHA1' | 'MD5';
}

const KX = new Set(['ECDHE', 'DHE', 'RSA', 'DH', 'ECDH', 'any']);
const AU = new Set(['RSA', 'ECDSA', 'DSS', 'None', 'any']);
const MAC = new Set(['AEAD', 'SHA384', 'SHA256', 'SHA1', 'MD5']);

/** Checks and converts the rows of tls-suites.json. Exported for the unit test. */
export function parseSuiteTable(data: unknown): SuiteInfo[] {
  const rows = (data as { suites?: unknown })?.suites;
  if (!Array.isArray(rows)) throw new Error('tls-suites.json: no "suites" array');
  const out: SuiteInfo[] = [];
  const seen = new Set<string>();
  rows.forEach((r: Record<string, unknown>, i) => {
    const bad = (why: string): Error => new Error(`tls-suites.json row ${i + 1}: ${why}`);
    const code = typeof r.code === 'string' && /^0x[0-9A-Fa-f]{4}$/.test(r.code) ? parseInt(r.code.slice(2), 16) : NaN;
    if (Number.isNaN(code)) throw bad(`code ${JSON.stringify(r.code)} is not 0xHHHH`);
    for (const k of ['openssl', 'iana', 'enc'] as const) if (typeof r[k] !== 'string' || r[k] === '') throw bad(`${k} missing`);
    if (!PROTOCOL_VERSIONS.includes(r.since as TlsVersion)) throw bad(`since ${JSON.stringify(r.since)} is not a version`);
    if (!KX.has(r.kx as string) || !AU.has(r.au as string) || !MAC.has(r.mac as string)) throw bad('kx, au or mac not known');
    if (typeof r.bits !== 'number' || r.bits < 0) throw bad('bits missing');
    for (const key of [`c${code}`, `n${r.openssl as string}`, `i${r.iana as string}`]) {
      if (seen.has(key)) throw bad(`${key.slice(1)} appears twice`);
      seen.add(key);
    }
    out.push({
      name: r.openssl as string,
      iana: r.iana as string,
      code,
      minVersion: r.since as TlsVersion,
      kx: r.kx as SuiteInfo['kx'],
      au: r.au as SuiteInfo['au'],
      enc: r.enc as string,
      bits: r.bits,
      mac: r.mac as SuiteInfo['mac'],
    });
  });
  return out;
}

/** Every suite taxii-conform knows: TLS 1.3 first, then OpenSSL's preference order, then legacy ones. */
export const SUITES: readonly SuiteInfo[] = parseSuiteTable(JSON.parse(readFileSync(join(packageRoot(), 'suites', 'probes', 'tls-suites.json'), 'utf8')));

const BY_NAME = new Map<string, SuiteInfo>([...SUITES.map((s) => [s.iana, s] as const), ...SUITES.map((s) => [s.name, s] as const)]);
const BY_CODE = new Map(SUITES.map((s) => [s.code, s]));

/** The suite of that OpenSSL (or IANA) name, if known. */
export function suiteInfo(name: string): SuiteInfo | undefined {
  return BY_NAME.get(name);
}

/** The suite of that code point, if known. */
export function suiteByCode(code: number): SuiteInfo | undefined {
  return BY_CODE.get(code);
}

/** 0x000A. */
export function hex4(n: number): string {
  return `0x${n.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** "DES-CBC3-SHA (0x000A)": a suite named with its code point (unknown ones by code alone). */
export function suiteLabel(code: number): string {
  const s = BY_CODE.get(code);
  return s ? `${s.name} (${hex4(code)})` : hex4(code);
}

/** Whether the suite can be negotiated at that protocol version. */
export function suiteUsableAt(s: SuiteInfo, v: TlsVersion): boolean {
  if (s.minVersion === 'TLSv1.3') return v === 'TLSv1.3';
  return v !== 'TLSv1.3' && versionRank(s.minVersion) <= versionRank(v) && versionRank(v) >= 0;
}

/** Every suite of the table usable at `version` (names, table order): what the raw probe can offer. */
export function suitesAt(version: TlsVersion): string[] {
  return SUITES.filter((s) => suiteUsableAt(s, version)).map((s) => s.name);
}

/** "TLSv1.2" or "TLSv1–TLSv1.2". */
export function versionsText(min: TlsVersion, max: TlsVersion): string {
  return min === max ? min : `${min}–${max}`;
}

/** One short line: "TLSv1.2 with ECDHE-RSA-AES256-SHA384" / "TLSv1 with 31 suites (A, B, C, …)". */
export function describeSuites(min: TlsVersion, max: TlsVersion, names: readonly string[]): string {
  const list = names.length <= 4 ? names.join(', ') : `${names.length} suites (${names.slice(0, 3).join(', ')}, …)`;
  return `${versionsText(min, max)} with ${list}`;
}
