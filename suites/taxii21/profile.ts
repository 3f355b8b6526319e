// The OASIS TAXII 2.1 profile: its media type (with the version parameter), areas, data files,
// setup, SRV service (`_taxii2._tcp`, Discovery at /taxii2/) and its own TLS policy.
import { join } from 'node:path';
import type { Profile } from '../core/profile.js';
import type { LoadedCase, Requirement } from '../core/types.js';
import { loadCases, loadRequirements } from '../core/catalog.js';
import { MissingVariable } from '../core/template.js';
import { packageRoot } from '../core/paths.js';
import { checkedAgainstTlsPolicy } from '../core/tls-policy.js';
import type { SrvService } from '../probes/dns.js';
import { loadSchemaSet } from '../../schemas/validator.js';
import { TAXII21_AREAS } from './catalog-types.js';
import { setupTaxii21 } from './setup.js';
import { recognizeTaxii21 } from './recognize.js';
import { TAXII21_TLS_POLICY } from './tls-policy.js';
import { TAXII21_COVERAGE } from './coverage.js';

const dir = (): string => join(packageRoot(), 'suites', 'taxii21');

/** §1.6.5 (T21-SRV-01): `_taxii2._tcp.<domain>`; the Discovery URL of a target is https://<target>:<port>/taxii2/. */
export const TAXII21_SRV: SrvService = { label: '_taxii2._tcp', path: '/taxii2/' };

let requirements: Requirement[] | undefined;
let cases: LoadedCase[] | undefined;

export const taxii21: Profile = {
  id: 'taxii21',
  title: 'OASIS TAXII 2.1',
  mediaType: 'application/taxii+json;version=2.1',
  areas: TAXII21_AREAS,
  standaloneAreas: ['tls', 'srv'],
  srv: TAXII21_SRV,
  tlsPolicy: TAXII21_TLS_POLICY,
  coverage: TAXII21_COVERAGE,
  requirements: () => (requirements ??= loadRequirements(join(dir(), 'requirements.json'))),
  cases: () => (cases ??= checkedAgainstTlsPolicy(loadCases(join(dir(), 'cases'), taxii21.requirements(), TAXII21_AREAS), TAXII21_TLS_POLICY)),
  validate: (name, data) => {
    const set = loadSchemaSet('taxii21');
    if (!set.has(name)) return { valid: false, errors: [`no schema named ${name}`] };
    return set.validate(name, data);
  },
  variableReasons: {
    discovery: 'the run started from an API Root URL, not a Discovery URL',
    apiRoots: 'the run started from an API Root URL, not a Discovery URL',
    apiRoot: 'no API Root of the target answered with an api-root resource',
    collection: 'the API Root lists no collection the credentials can read (name one: --var collection=<id>)',
    objectId: 'the readable collection holds no object (its manifest is empty)',
    objectVersion: 'the readable collection holds no object (its manifest is empty)',
    objectType: 'the readable collection holds no object (its manifest is empty)',
    otherObjectId: 'the readable collection holds fewer than two objects',
    otherType: 'the readable collection holds objects of one type only',
    otherTypeObjectId: 'the readable collection holds objects of one type only',
    firstDateAdded: 'the readable collection has no two records added at distinct times',
    laterObjectId: 'the readable collection has no two records added at distinct times',
    versionedId: 'the readable collection holds no object with two or more versions',
    versionedFirst: 'the readable collection holds no object with two or more versions',
    versionedLast: 'the readable collection holds no object with two or more versions',
    versionedCount: 'the readable collection holds no object with two or more versions',
    singleVersionId: 'the readable collection holds no object with a single version',
    singleVersion: 'the readable collection holds no object with a single version',
    markingId: 'the readable collection holds no marking-definition (an object without `modified`)',
    markingVersion: 'the readable collection holds no marking-definition (an object without `modified`)',
    writableCollection: 'the API Root lists no collection the credentials can read and write (name one: --var writable-collection=<id>)',
    readOnlyCollection: 'the API Root lists no collection with can_read true and can_write false (--var read-only-collection=<id>)',
    writeOnlyCollection: 'the API Root lists no collection with can_read false and can_write true (--var write-only-collection=<id>)',
    noAccessCollection: 'the API Root lists no collection with both flags false (a server may omit them, A-08: --var no-access-collection=<id>)',
    aliasedCollection: 'the API Root lists no collection with an alias',
    collectionAlias: 'the API Root lists no collection with an alias',
    collectionListed: 'the readable collection was named, not found in the listing',
    collectionMediaTypes: 'the API Root lists no collection the credentials can read',
    maxContentLength: `the API Root's max_content_length is above 10 MiB (A-20: a body of max+1 octets is sent only under that), or no API Root answered`,
    emptyApiRoot: 'no other API Root listed by Discovery has an empty collections list (EMPTY-ROOT)',
    sv20Id: 'the readable collection holds no object in spec_version 2.0',
    sv2Id: 'the readable collection holds no object in both spec_version 2.0 and 2.1',
    srvDomain: 'tests DNS SRV discovery: run with --srv <domain>',
    srvUrls: 'the SRV lookup found no usable record',
    httpPortUrl: 'probes a plain-HTTP port of the host: run with --probe-http-port <port>',
  },
  setup: setupTaxii21,
  recognize: recognizeTaxii21,
  generate: (kind, bytes, vars) => {
    if (kind === 'stix-envelope') return stixEnvelope(bytes, vars.get('runId') ?? '00000000');
    // max_content_length + 1 octets, only when setup found it under the cap.
    if (kind === 'stix-envelope-over-max') {
      const max = vars.get('maxContentLength');
      if (max === undefined) throw new MissingVariable('maxContentLength');
      return stixEnvelope(Number(max) + 1, vars.get('runId') ?? '00000000');
    }
    throw new Error(`no generator named ${kind}`);
  },
};

/** An envelope of run-unique indicators of at least `bytes` octets (for max_content_length). */
function stixEnvelope(bytes: number, runId: string): string {
  const head = '{"objects":[';
  const item = (i: number, pad: string): string =>
    JSON.stringify({
      type: 'indicator',
      spec_version: '2.1',
      id: `indicator--${runId}-0000-4000-8000-f${String(i).padStart(11, '0')}`,
      created: '2026-01-01T00:00:00.000Z',
      modified: '2026-01-01T00:00:00.000Z',
      pattern: "[ipv4-addr:value = '198.51.100.1']",
      pattern_type: 'stix',
      valid_from: '2026-01-01T00:00:00Z',
      description: pad,
    });
  const one = item(1, '');
  const pad = Math.max(0, bytes - head.length - one.length - 2);
  return `${head}${item(1, 'x'.repeat(pad))}]}`;
}
