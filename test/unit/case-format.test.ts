// The one case format (suites/core/case-format.ts, written out as schemas/case.schema.json and
// schemas/requirements.schema.json): the published files are what the code says (writing them
// again changes nothing), every data file of the project validates against them as an editor
// would read them, the loader words each bad file in one line naming the file, the case and
// the place, and the engine finds step and assertion kinds only through their registries.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { caseSchemaFiles } from '../../schemas/case-schemas.js';
import { CatalogError, loadCases, loadRequirements } from '../../suites/core/catalog.js';
import { ASSERTION_KINDS } from '../../suites/core/assertions.js';
import { STEP_KINDS } from '../../suites/core/steps.js';
import { taxii2Predraft, PREDRAFT_AREAS } from '../../suites/taxii2-predraft/profile.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
const caseSchema = readJson(join(repoRoot, 'schemas/case.schema.json')) as { $defs: Record<string, { properties?: Record<string, unknown> }> };
const requirementsSchema = readJson(join(repoRoot, 'schemas/requirements.schema.json'));
const profiles = readdirSync(join(repoRoot, 'suites'), { withFileTypes: true }).filter((d) => d.isDirectory() && !['core', 'probes'].includes(d.name)).map((d) => d.name);

describe('the published schemas', () => {
  it('are what suites/core/case-format.ts says: `npm run schemas` would change nothing', () => {
    const files = caseSchemaFiles();
    expect(files.map((f) => f.path)).toEqual(['schemas/case.schema.json', 'schemas/requirements.schema.json']);
    for (const f of files) expect(readFileSync(join(repoRoot, f.path), 'utf8'), `${f.path} is stale: run npm run schemas`).toBe(f.text);
  });

  it('name every step kind and every assertion kind of the registries as a part of their own', () => {
    const step = caseSchema.$defs.step!.properties!;
    for (const k of STEP_KINDS) {
      expect(step[k.key], k.key).toEqual({ $ref: `#/$defs/${k.key}` });
      expect(caseSchema.$defs[k.key], k.key).toEqual(JSON.parse(JSON.stringify(k.schema)));
      for (const field of Object.keys(k.fields)) expect(step[field], `${k.key} adds ${field}`).toBeDefined();
    }
    for (const part of ['check', 'precondition']) {
      const props = caseSchema.$defs[part]!.properties!;
      expect(Object.keys(props).filter((p) => !['level', 'requirement', 'weakerBecause', 'reason'].includes(p))).toEqual(ASSERTION_KINDS.map((k) => k.key));
    }
    for (const k of ASSERTION_KINDS) expect(caseSchema.$defs[k.key], k.key).toEqual(JSON.parse(JSON.stringify(k.schema)));
  });

  it('validate every cases and requirements file of the project, as an editor reads them', () => {
    const ajv = new Ajv2020({ strict: false });
    const cases = ajv.compile(caseSchema);
    const requirements = ajv.compile(requirementsSchema as object);
    let caseFiles = 0;
    for (const p of profiles) {
      const dir = join(repoRoot, 'suites', p);
      for (const f of readdirSync(dir).filter((x) => /requirements\.json$/.test(x))) {
        const data = readJson(join(dir, f));
        expect(requirements(data), `${p}/${f}: ${JSON.stringify(requirements.errors?.[0])}`).toBe(true);
        expect(requirements({ $schema: '../../schemas/requirements.schema.json', requirements: data }), `${p}/${f} wrapped`).toBe(true);
      }
      let names: string[] = [];
      try {
        names = readdirSync(join(dir, 'cases')).filter((x) => x.endsWith('.json'));
      } catch {
        continue;
      }
      for (const f of names) {
        const path = join(dir, 'cases', f);
        const data = readJson(path) as { $schema?: string };
        expect(cases(data), `${p}/cases/${f}: ${JSON.stringify(cases.errors?.[0])}`).toBe(true);
        // The $schema a case file carries leads an editor to the published file.
        if (data.$schema) expect(resolve(dirname(path), data.$schema), `${p}/cases/${f}`).toBe(join(repoRoot, 'schemas/case.schema.json'));
        caseFiles++;
      }
    }
    expect(caseFiles).toBeGreaterThanOrEqual(20);
    // And they reject what the loader rejects for its shape.
    expect(cases([{ id: 'discovery.x', area: 'discovery', title: 't', section: 's', steps: [{ ftp: {} }] }])).toBe(false);
    expect(requirements([{ id: 'T9-A-01', level: 'must', section: 's', text: 't', area: 'a' }])).toBe(false);
  });
});

describe('the loader', () => {
  const base = { id: 'discovery.x', area: 'discovery', title: 't', section: 's' };
  const ok = { level: 'MUST', requirement: 'T2-URL-01' };
  const get = { method: 'GET', url: '{discovery}' };
  const one = (step: object): object[] => [{ ...base, steps: [step] }];

  /** Steps that name other steps (relating assertions, beforeRetry), each wrong one way. */
  function relatingSteps(): [string, object[], string][] {
    const after = (step: string) => ({ ...ok, answeredAfter: { step } });
    const steps = (...s: object[]) => [{ ...base, steps: s }];
    const post = { name: 'post', request: { ...get, method: 'POST' } };
    return [
      ['a relating assertion naming no step', steps({ request: get, expect: [after('post')] }), 'at steps[0].expect[0].answeredAfter: answeredAfter names step "post", which the case does not have'],
      ['a relating assertion naming a later step', steps({ request: get, expect: [after('post')] }, post), 'names step "post", which is neither an earlier step nor a sibling in this parallel group'],
      ['a relating assertion naming itself', steps({ parallel: [{ ...post, expect: [after('post')] }, { request: get }] }), 'at steps[0].parallel[0].expect[0].answeredAfter: answeredAfter names step "post", which is neither'],
      ['a relating assertion naming a name two steps bear', steps(post, post, { request: get, expect: [after('post')] }), 'answeredAfter names step "post", and 2 steps bear that name'],
      ['attempts on a step that is no parallel group', steps({ request: get, attempts: 2, expect: [{ ...ok, status: 200 }] }), 'at steps[0]: "attempts" belongs to parallel groups'],
      ['beforeRetry without attempts', steps({ name: 'sub', request: get }, { parallel: [{ request: get, expect: [{ ...ok, status: 200 }] }, post], beforeRetry: ['sub'] }), 'at steps[1].beforeRetry: runs before further attempts: give the group "attempts" above 1'],
      ['beforeRetry naming a step inside the group', steps({ parallel: [{ request: get, expect: [{ ...ok, status: 200 }] }, post], attempts: 2, beforeRetry: ['post'] }), 'at steps[0].beforeRetry: beforeRetry names step "post", which is neither an earlier step'],
    ];
  }

  it('loads relating assertions that name a sibling or an earlier step, and a group that runs an earlier step again', () => {
    const wait = { request: get, require: [{ reason: 'r', answeredAfter: { step: 'post', ifStatus: [204] } }], expect: [{ ...ok, answeredWithin: { step: 'post', ms: 1000 } }] };
    const data = [{ ...base, steps: [{ name: 'sub', request: get }, { parallel: [wait, { name: 'post', request: { ...get, method: 'POST' } }], attempts: 3, beforeRetry: ['sub'] }, { request: get, expect: [{ ...ok, answeredAfter: { step: 'post' } }] }] }];
    expect(load(data).message).toBe('loaded');
  });

  /** Loads one cases file holding `data`; returns the error message, or 'loaded'. */
  function load(data: unknown): { message: string; file: string } {
    const dir = mkdtempSync(join(tmpdir(), 'tc-case-format-'));
    const file = join(dir, 'vendor.json');
    writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data));
    try {
      loadCases(dir, taxii2Predraft.requirements(), PREDRAFT_AREAS);
      return { message: 'loaded', file };
    } catch (e) {
      expect(e).toBeInstanceOf(CatalogError);
      return { message: (e as Error).message, file };
    }
  }

  it.each([
    ['a bad step kind', one({ ftp: { url: 'x' }, expect: [{ ...ok, status: 200 }] }), 'at steps[0]: "ftp" is neither a step kind (request, tls, dns, poll, pages, parallel) nor a step field'],
    ['a step with no kind', one({ expect: [{ ...ok, status: 200 }] }), 'at steps[0]: a step needs one of: request, tls, dns, poll, pages, parallel'],
    ['a step with two kinds', one({ request: get, dns: { srv: 'x' }, expect: [{ ...ok, status: 200 }] }), 'at steps[0]: a step is one probe, this one has request and dns'],
    ['an unknown assertion', one({ request: get, expect: [{ ...ok, statsu: 200 }] }), 'at steps[0].expect[0]: unknown assertion "statsu" (one of: status, statusNot,'],
    ['an unknown assertion in a parallel group', one({ parallel: [{ request: get, expect: [{ ...ok, stat: 1 }] }, { request: get }] }), 'at steps[0].parallel[0].expect[0]: unknown assertion "stat"'],
    ['a check with no assertion', one({ request: get, expect: [{ ...ok }] }), 'at steps[0].expect[0]: no assertion (one of: status,'],
    ['a check with two assertions', one({ request: get, expect: [{ ...ok, status: 200, schema: 'discovery' }] }), 'at steps[0].expect[0]: one assertion per check, this one has status and schema'],
    ['an unknown requirement id', one({ request: get, expect: [{ ...ok, requirement: 'T2-NOPE-01', status: 200 }] }), 'at steps[0].expect[0]: unknown requirement "T2-NOPE-01"'],
    ['an assertion of another step kind', one({ dns: { srv: '{srvDomain}' }, expect: [{ ...ok, status: 200 }] }), 'at steps[0].expect[0]: a dns step cannot assert status'],
    ['a field of another step kind', one({ dns: { srv: 'x' }, noResponse: 'passes', expect: [{ ...ok, srvUsable: true }] }), 'at steps[0]: "noResponse" belongs to request steps, not to a dns step'],
    ['a DNS step in a parallel group', one({ parallel: [{ dns: { srv: 'x' } }, { request: get }], expect: [{ ...ok, status: 200 }] }), 'at steps[0].parallel[0]: a parallel group runs request steps only'],
    ['an unknown auth mode', one({ request: { ...get, auth: 'root' }, expect: [{ ...ok, status: 200 }] }), 'at steps[0].request.auth: "root" is not one of default, none, basic,'],
    ['a misspelt request field', one({ request: { method: 'GET', ulr: 'x' }, expect: [{ ...ok, status: 200 }] }), 'at steps[0].request: unknown field "ulr" (fields: method, url,'],
    ['a status as a string', one({ request: get, expect: [{ ...ok, status: '200' }] }), 'at steps[0].expect[0].status: must be integer or array (got "200")'],
    ['a bad level', one({ request: get, expect: [{ ...ok, level: 'MUSTN', status: 200 }] }), 'at steps[0].expect[0].level: "MUSTN" is not one of MUST, MUST NOT, SHOULD, SHOULD NOT, MAY'],
    ['a pattern that is no regular expression', one({ request: get, expect: [{ ...ok, json: { pointer: '/a', matches: '([' } }] }), 'at steps[0].expect[0].json: not a regular expression: /([/'],
    ['an unknown TLS offer class', one({ tls: { offerClass: 'tls9' }, expect: [{ ...ok, handshake: 'refused' }] }), 'at steps[0].tls.offerClass: "tls9" is not one of ssl3, tls10,'],
    ['an empty certificate assertion', one({ tls: { certificate: true }, expect: [{ ...ok, certificate: {} }] }), 'at steps[0].expect[0].certificate: needs at least one of: current, nameMatches, rsaKey, minRsaBits'],
    ['a missing field of the case', [{ id: 'discovery.x', area: 'discovery', section: 's', steps: [{ request: get, expect: [{ ...ok, status: 200 }] }] }], ': missing "title"'],
    ['an unknown area', [{ ...base, id: 'paging.x', area: 'paging', steps: [{ request: get, expect: [{ ...ok, status: 200 }] }] }], 'case paging.x at area: unknown area "paging" (one of: tls,'],
    ...relatingSteps(),
  ])('words %s in one line, naming the file, the case and the place', (_what, data, words) => {
    const { message, file } = load(data);
    expect(message).toContain(words);
    expect(message.startsWith(`${file}: case `)).toBe(true);
    if (!words.startsWith('case ')) expect(message).toContain(`${file}: case discovery.x`);
    expect(message).not.toContain('\n');
  });

  it('names a case without an id by its place in the file', () => {
    expect(load([{ area: 'discovery', title: 't', section: 's', steps: [{ request: get, expect: [{ ...ok, status: 200 }] }] }]).message).toMatch(/vendor\.json: case \[0\]: missing "id"$/);
  });

  it('reads a file as an array of cases or as { "$schema", "cases" }, and nothing else', () => {
    const cases = one({ request: get, expect: [{ ...ok, status: 200 }] });
    expect(load(cases).message).toBe('loaded');
    expect(load({ $schema: '../../../schemas/case.schema.json', cases }).message).toBe('loaded');
    expect(load({ $schema: 'x', case: cases }).message).toMatch(/vendor\.json: unknown field "case" \(expected an array of cases, or an object with "\$schema" and "cases"\)$/);
    expect(load({ $schema: 1, cases }).message).toMatch(/"\$schema" must be a string/);
    expect(load('[{').message).toMatch(/vendor\.json: .*JSON/);
  });

  describe('of requirements', () => {
    const req = { id: 'T9-AREA-01', level: 'MUST', section: 's', text: 't', area: 'a' };
    function loadReqs(data: unknown): string {
      const file = join(mkdtempSync(join(tmpdir(), 'tc-reqs-')), 'requirements.json');
      writeFileSync(file, JSON.stringify(data));
      try {
        return `loaded ${loadRequirements(file).length}`;
      } catch (e) {
        expect(e).toBeInstanceOf(CatalogError);
        const m = (e as Error).message;
        expect(m.startsWith(`${file}: `), m).toBe(true);
        return m.slice(file.length + 2);
      }
    }

    it('checks every requirement on load: its fields, its level, its codes, unique ids', () => {
      expect(loadReqs([req, { ...req, id: 'T9-AREA-02', testability: 'B-W', ambiguities: ['A-01'] }])).toBe('loaded 2');
      expect(loadReqs({ $schema: '../../schemas/requirements.schema.json', requirements: [req] })).toBe('loaded 1');
      expect(loadReqs([{ ...req, text: undefined }])).toBe('requirement T9-AREA-01: missing "text"');
      expect(loadReqs([{ ...req, level: 'must' }])).toBe('requirement T9-AREA-01 at level: "must" is not one of MUST, MUST NOT, SHOULD, SHOULD NOT, MAY');
      expect(loadReqs([{ ...req, testability: 'Q' }])).toBe('requirement T9-AREA-01 at testability: "Q" is not one of B, B-D, B-W, B-P, T, D, I, N, M, meta');
      expect(loadReqs([{ ...req, colour: 'blue' }])).toMatch(/^requirement T9-AREA-01: unknown field "colour" \(fields: id, level,/);
      expect(loadReqs([req, req])).toBe('requirement T9-AREA-01: duplicate id');
      expect(loadReqs([{ ...req, id: 'nine' }])).toBe('requirement nine at id: "nine" does not match ^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$');
    });

    it('loads every requirements file of the project, the taxii21 catalog with its extra fields too', () => {
      for (const [file, min] of [['suites/taxii2-predraft/requirements.json', 100], ['suites/taxii1/requirements.json', 80], ['suites/taxii21/requirements.json', 173], ['suites/taxii21/client-requirements.json', 38]] as const) {
        expect(loadRequirements(join(repoRoot, file)).length, file).toBeGreaterThanOrEqual(min);
      }
    });
  });
});

describe('the kinds', () => {
  const source = (path: string): string => readFileSync(join(repoRoot, path), 'utf8');

  it('are found through their registries: the executor, the loader and explain name none of them', () => {
    const names = [...STEP_KINDS.map((k) => k.key), ...ASSERTION_KINDS.map((k) => k.key)];
    for (const path of ['suites/core/case-executor.ts', 'suites/core/catalog.ts', 'bin/commands/explain.ts']) {
      const code = source(path).replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
      for (const name of names) {
        // `.status`, `.schema`… are also the words of HTTP and ajv: for those, only a quoted name counts.
        const access = ['status', 'schema', 'json', 'header'].includes(name) ? '' : `\\.${name}\\b|`;
        expect(code, `${path} names the ${name} kind`).not.toMatch(new RegExp(`(${access}['"\`]${name}['"\`])`));
      }
    }
  });

  it('each bring their own words for explain and a description for editors', () => {
    for (const k of STEP_KINDS) {
      expect((k.schema as { description?: string }).description, k.key).toMatch(/\S{3}/);
      expect(k.explain.evidence({} as never, taxii2Predraft), k.key).toMatch(/^[A-Z]+: /);
    }
    for (const k of ASSERTION_KINDS) expect((k.schema as { description?: string }).description, k.key).toMatch(/\S{3}/);
  });
});
