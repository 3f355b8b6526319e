// The TAXII 2.0 pre-draft profile: its media type, areas, data files, setup, generators,
// SRV service and TLS policy.
import { PREDRAFT_COVERAGE } from './coverage.js';
import { join } from 'node:path';
import type { Profile } from '../core/profile.js';
import type { LoadedCase, Requirement } from '../core/types.js';
import { loadCases, loadRequirements } from '../core/catalog.js';
import { packageRoot } from '../core/paths.js';
import { checkedAgainstTlsPolicy } from '../core/tls-policy.js';
import type { SrvService } from '../probes/dns.js';
import { loadSchemaSet } from '../../schemas/validator.js';
import { setupPredraft } from './setup.js';
import { generateTaxiiData } from './generators.js';
import { PREDRAFT_TLS_POLICY } from './tls-policy.js';
import { recognizePredraft } from './recognize.js';

export const PREDRAFT_AREAS = [
  'tls', 'srv', 'discovery', 'api-base', 'status-codes', 'names', 'schemas', 'max-size', 'auth', 'collections', 'channels', 'long-poll',
] as const;

const dir = (): string => join(packageRoot(), 'suites', 'taxii2-predraft');

/** "DNS SRV Records": `_taxii._tcp.<domain>`; the Discovery URL of a target is https://<target>:<port>/taxii/. */
export const PREDRAFT_SRV: SrvService = { label: '_taxii._tcp', path: '/taxii/' };

let requirements: Requirement[] | undefined;
let cases: LoadedCase[] | undefined;

/**
 * The one write-free POST of the pre-draft: the token request, `POST [API-Base]token/`. A
 * channel or collection that happens to be named `token` is not it.
 */
export function isTokenRequest(req: { method: string; url: string }): boolean {
  if (req.method.toUpperCase() !== 'POST') return false;
  const path = /^https?:\/\/[^/?#]+([^?#]*)/i.exec(req.url)?.[1] ?? '';
  return /\/token\/$/.test(path) && !/\/(channels|collections)\/token\/$/.test(path);
}

export const taxii2Predraft: Profile = {
  id: 'taxii2-predraft',
  title: 'TAXII 2.0 pre-draft v0.2',
  mediaType: 'application/taxii+json',
  areas: PREDRAFT_AREAS,
  standaloneAreas: ['tls', 'srv'],
  srv: PREDRAFT_SRV,
  tlsPolicy: PREDRAFT_TLS_POLICY,
  requirements: () => (requirements ??= loadRequirements(join(dir(), 'requirements.json'))),
  cases: () => (cases ??= checkedAgainstTlsPolicy(loadCases(join(dir(), 'cases'), taxii2Predraft.requirements(), PREDRAFT_AREAS), PREDRAFT_TLS_POLICY)),
  validate: (name, data) => {
    const set = loadSchemaSet('taxii2-predraft');
    if (!set.has(name)) return { valid: false, errors: [`no schema named ${name}`] };
    return set.validate(name, data);
  },
  variableReasons: {
    discovery: 'the run started from an API Base URL, not a Discovery URL',
    apiBase: 'no API Base of the target answered with an api-status message',
    apiOrigin: 'no API Base of the target answered with an api-status message',
    channel: 'the target lists no channel the credentials can read and write',
    readOnlyChannel: 'the target lists no read-only channel (mode read-only, or can-read true and can-write false)',
    writeOnlyChannel: 'the target lists no write-only channel (mode write-only, or can-read false and can-write true)',
    forbiddenChannel: 'the target lists no channel the credentials may neither read nor write',
    collection: 'the target lists no collection the credentials can read',
    forbiddenCollection: 'the target lists no collection the credentials may not read',
    listingKey: 'no API Base of the target answered, so its repository listing was not read',
    token: 'the target issued no bearer token for the credentials',
    srvDomain: 'tests DNS SRV discovery: run with --srv <domain>',
    srvUrls: 'the SRV lookup found no usable record',
    httpPortUrl: 'probes a plain-HTTP port of the host: run with --probe-http-port <port>',
  },
  setup: setupPredraft,
  coverage: PREDRAFT_COVERAGE,
  recognize: recognizePredraft,
  writeFree: isTokenRequest,
  generate: (kind, bytes, vars) => {
    if (kind === 'taxii-data') return generateTaxiiData(bytes, vars.get('runId') ?? '00000000');
    throw new Error(`no generator named ${kind}`);
  },
};
