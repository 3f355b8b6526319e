// Faults scoped to one URL kind (`name@kind`): parsing, the catalog's scopes (from the
// coverage spec), the errors for a bad scope, the fault set's views, and the router's URL kind
// of a request (the kind a scoped fault is matched against).
import { describe, expect, it } from 'vitest';
import { FaultSet, checkFaultNames, defineFaults, parseFaultName } from '../../mock-server/faults.js';
import { matchRoute, routeUrlKind, METHODS } from '../../mock-server/router.js';
import { ROUTES } from '../../mock-server/taxii2-predraft/routes.js';
import { DISCOVERY_ELSEWHERE_SEGMENTS, DISCOVERY_SEGMENTS } from '../../mock-server/taxii2-predraft/urls.js';
import type { PredraftState } from '../../mock-server/taxii2-predraft/state.js';
import type { CoverageSpec } from '../../suites/core/coverage.js';
import { PREDRAFT_COVERAGE } from '../../suites/taxii2-predraft/coverage.js';
import { listFaults } from '../../suites/registry.js';

const SPEC: CoverageSpec = {
  urlKinds: [
    { id: 'get-thing', name: 'GET /thing/', method: 'GET', url: '^\\{base\\}thing/$' },
    { id: 'post-thing', name: 'POST /thing/', method: 'POST', url: '^\\{base\\}thing/$' },
    { id: 'get-other', name: 'GET /other/', method: 'GET', url: '^\\{base\\}other/$' },
  ],
  governs: [{ requirement: 'R-1', what: 'x', urls: ['POST /thing/', 'GET /thing/'] }],
};

describe('scoped faults', () => {
  it('parse NAME@KIND', () => {
    expect(parseFaultName('ignore-accept')).toEqual({ name: 'ignore-accept' });
    expect(parseFaultName('ignore-accept@get-collection')).toEqual({ name: 'ignore-accept', scope: 'get-collection' });
  });

  it('take as scopes the URL kinds their requirements govern, in the URL table\'s order', () => {
    const [f, g] = defineFaults('p', { f: { description: 'a fault', breaks: [], governs: ['R-1'] }, g: { description: 'another', breaks: [] } }, SPEC);
    expect(f).toMatchObject({ governs: ['R-1'], scopes: ['get-thing', 'post-thing'] });
    expect(g!.scopes).toBeUndefined();
    expect(() => defineFaults('p', { f: { description: 'a fault', breaks: [], governs: ['R-9'] } }, SPEC)).toThrow(/governs R-9, which its coverage spec lists as governing no URLs/);
    expect(() => defineFaults('p', { f: { description: 'a fault', breaks: [], governs: ['R-1'] } })).toThrow(/governs R-1/);
  });

  it('a bad scope is a clear error listing the valid ones', () => {
    const all = listFaults();
    expect(() => checkFaultNames(['ignore-accept@get-collection'], all)).not.toThrow();
    expect(() => checkFaultNames(['ignore-accept@get-nowhere'], all)).toThrow(/"ignore-accept" has no URL kind "get-nowhere".*its URL kinds: get-discovery, get-api-base, .*post-collection/);
    expect(() => checkFaultNames(['no-405@get-channel'], all)).toThrow(/"no-405" cannot be scoped.*faults that can: .*ignore-accept/);
    expect(() => checkFaultNames(['nope@get-channel'], all)).toThrow(/unknown fault "nope@get-channel"/);
    // 415 governs POSTs only.
    expect(() => checkFaultNames(['ignore-content-type@get-collection'], all)).toThrow(/its URL kinds: post-channels, post-channel, post-collections, post-collection$/);
  });

  it('a scoped fault is on only in the view of its URL kind', () => {
    const set = new FaultSet(['no-405', 'ignore-accept@get-channel', 'ignore-accept@post-channel']);
    expect(set.has('ignore-accept')).toBe(false);
    expect(set.anywhere('ignore-accept')).toBe(true);
    expect(set.at('get-channel').has('ignore-accept')).toBe(true);
    expect(set.at('post-channel').has('ignore-accept')).toBe(true);
    expect(set.at('get-collection').has('ignore-accept')).toBe(false);
    expect(set.at('get-channel').has('no-405')).toBe(true);
    expect(set.at(undefined)).toBe(set);
    expect(set.at('get-collection')).toBe(set);
    expect(set.at('get-channel')).toBe(set.at('get-channel')); // one view per kind: stages are built once for it
    expect(set.names).toEqual(['no-405', 'ignore-accept@get-channel', 'ignore-accept@post-channel']);
    expect(new FaultSet(['a', 'a']).names).toEqual(['a']);
  });
});

describe("the router's URL kind of a request", () => {
  const state = { faults: new FaultSet([]), variants: { has: () => false } } as unknown as PredraftState;
  const elsewhere = { faults: new FaultSet([]), variants: { has: (v: string) => v === 'discovery-elsewhere' } } as unknown as PredraftState;
  const kindOf = (method: string, path: string, st = state) => {
    const m = matchRoute(ROUTES, path.split('/'), st, (s) => s === 'base1');
    return m && routeUrlKind(m.route, method);
  };

  it('is the coverage spec\'s id of the row it serves', () => {
    expect(kindOf('GET', DISCOVERY_SEGMENTS.join('/'))).toBe('get-discovery');
    expect(kindOf('GET', DISCOVERY_ELSEWHERE_SEGMENTS.join('/'), elsewhere)).toBe('get-discovery');
    expect(kindOf('GET', 'base1')).toBe('get-api-base');
    expect(kindOf('POST', 'base1/channels')).toBe('post-channels');
    expect(kindOf('GET', 'base1/channels/a_b')).toBe('get-channel');
    expect(kindOf('POST', 'base1/collections/x')).toBe('post-collection');
    expect(kindOf('GET', 'base1/channels/a/details')).toBeUndefined(); // not a row of the URL table
    expect(kindOf('POST', 'base1/token')).toBeUndefined();
  });

  it('covers every URL kind of the pre-draft\'s coverage spec, and names no other', () => {
    const served = new Set(ROUTES.flatMap((r) => METHODS.filter((m) => r.methods[m]).map((m) => routeUrlKind(r, m))).filter((k) => k !== undefined));
    const ids = PREDRAFT_COVERAGE.urlKinds.map((k) => k.id);
    for (const id of ids) expect(served, id).toContain(id);
    // A route names its resource for every method; the other methods' kinds (PUT, DELETE) are no row of the table.
    for (const k of served) if (!ids.includes(k!)) expect(k, k).toMatch(/^(put|delete)-/);
  });
});
