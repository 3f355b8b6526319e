// Loads a profile's requirements and cases from their JSON files and checks them against the
// one case format (case-format.ts) and the catalog's rules, so that a vendor adding a case
// gets one line naming the file, the case and the place in it, instead of a crash.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { Ajv2020 as Ajv2020Type, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type { CaseDef, Check, LoadedCase, Requirement, Step, WeakerCheck } from './types.js';
import { CASE_FILE_SCHEMA, REQUIREMENTS_FILE_SCHEMA } from './case-format.js';
import { ASSERTION_KINDS, assertionKindOf, assertionValue } from './assertions.js';
import { KINDS, stepKindOf, stepSpec } from './steps.js';
import { strengthAbove, strongest } from './levels.js';
import { isStamped, stamp, stampKey } from './validated-stamps.js';

/** Raised when case or requirement data is malformed; exit code 2. */
export class CatalogError extends Error {
  readonly code = 'TC_CATALOG_INVALID';
}

// ajv is loaded and the format compiled only when a file is not stamped (validated-stamps.ts).
let ajv: Ajv2020Type | undefined;
const validators = new Map<string, ValidateFunction>();
/** A validator of one `$defs` part of a schema file, compiled once, when first needed. */
function validatorOf(file: { $defs: Record<string, unknown> }, part: string): ValidateFunction {
  const key = `${Object.keys(file.$defs).join()}#${part}`;
  let v = validators.get(key);
  if (!v) {
    if (!ajv) {
      const { Ajv2020 } = createRequire(import.meta.url)('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
      ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true });
    }
    validators.set(key, (v = ajv.compile({ $ref: `#/$defs/${part}`, $defs: file.$defs })));
  }
  return v;
}

/** How the entries of some files are checked against a part of the format: by ajv, unless these very texts passed before. */
interface FormatCheck {
  validate: (entry: unknown) => { ok: true } | { ok: false; errors: readonly ErrorObject[] };
  /** Call once every entry passed: stamps the texts. */
  passed(): void;
}

const formatTexts = new Map<object, string>();
function formatCheck(file: { $defs: Record<string, unknown> }, part: string, texts: readonly string[]): FormatCheck {
  let format = formatTexts.get(file);
  if (format === undefined) formatTexts.set(file, (format = JSON.stringify(file.$defs)));
  const key = stampKey([part, format, ...texts]);
  if (isStamped(key)) return { validate: () => ({ ok: true }), passed: () => undefined };
  const v = validatorOf(file, part);
  return {
    validate: (entry) => (v(entry) ? { ok: true } : { ok: false, errors: v.errors ?? [] }),
    passed: () => stamp(key),
  };
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new CatalogError(`${path}: ${(e as Error).message}`);
  }
}

/** The entries of a data file: an array, or `{ "$schema": …, "<key>": [...] }`. */
function entriesOf(path: string, text: string, key: 'cases' | 'requirements'): unknown[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new CatalogError(`${path}: ${(e as Error).message}`);
  }
  if (Array.isArray(data)) return data;
  const shape = `an array of ${key}, or an object with "$schema" and "${key}"`;
  if (typeof data !== 'object' || data === null) throw new CatalogError(`${path}: expected ${shape}`);
  const o = data as Record<string, unknown>;
  const extra = Object.keys(o).find((k) => k !== key && k !== '$schema');
  if (extra !== undefined) throw new CatalogError(`${path}: unknown field "${extra}" (expected ${shape})`);
  if (o.$schema !== undefined && typeof o.$schema !== 'string') throw new CatalogError(`${path}: "$schema" must be a string (the path of schemas/${key === 'cases' ? 'case' : key}.schema.json)`);
  if (!Array.isArray(o[key])) throw new CatalogError(`${path}: expected ${shape}`);
  return o[key] as unknown[];
}

/** `/steps/0/expect/1` as `steps[0].expect[1]`. */
export function readablePath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(seg) ? `[${seg}]` : /^[A-Za-z_$][\w$]*$/.test(seg) ? `${out ? '.' : ''}${seg}` : `[${JSON.stringify(seg)}]`;
  }
  return out;
}

const STEP_KEYS = [...KINDS.map((k) => k.key), 'parallel'];
const ASSERTION_KEYS = ASSERTION_KINDS.map((k) => k.key);
const list = (names: readonly string[]): string => names.join(', ');
const shown = (v: unknown): string => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

/** The names a oneOf of `{ required: [name] }` branches offers. */
function branchNames(e: ErrorObject): string[] {
  return Array.isArray(e.schema) ? (e.schema as { required?: string[] }[]).flatMap((b) => b.required ?? []) : [];
}

/** One ajv error in words a case author can act on. */
function wordsOf(e: ErrorObject, all: readonly ErrorObject[]): string {
  const title = (e.parentSchema as { title?: string } | undefined)?.title;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const name = String(p.additionalProperty);
      if (title === 'Step') return `"${name}" is neither a step kind (${list(STEP_KEYS)}) nor a step field`;
      if (title === 'Check' || title === 'Precondition') return `unknown assertion "${name}" (one of: ${list(ASSERTION_KEYS)})`;
      const fields = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return `unknown field "${name}"${fields.length ? ` (fields: ${list(fields)})` : ''}`;
    }
    case 'oneOf': {
      const names = branchNames(e);
      const passing = Array.isArray(p.passingSchemas) ? (p.passingSchemas as number[]).map((i) => names[i] ?? `#${i}`) : [];
      if (title === 'Step') return passing.length ? `a step is one probe, this one has ${passing.join(' and ')}` : `a step needs one of: ${list(names)}`;
      if (title === 'Check' || title === 'Precondition') {
        return passing.length ? `one assertion per ${title.toLowerCase()}, this one has ${passing.join(' and ')}` : `no assertion (one of: ${list(names)})`;
      }
      return passing.length ? `only one of ${list(names)}, not ${passing.join(' and ')}` : `needs one of: ${list(names)}`;
    }
    case 'anyOf': {
      // The alternatives' own type errors say what the value may be.
      const types = all
        .filter((x) => x.instancePath === e.instancePath && x.keyword === 'type' && x.schemaPath.startsWith(`${e.schemaPath}/`))
        .map((x) => String((x.params as { type: unknown }).type));
      return types.length ? `must be ${[...new Set(types)].join(' or ')} (got ${shown(e.data)})` : `${shown(e.data)} is not allowed here`;
    }
    case 'required':
      return `missing "${String(p.missingProperty)}"`;
    case 'enum':
      return `${shown(e.data)} is not one of ${list((p.allowedValues as unknown[]).map(String))}`;
    case 'const':
      return `must be ${shown(p.allowedValue)} (got ${shown(e.data)})`;
    case 'type':
      return `must be ${String(p.type)} (got ${shown(e.data)})`;
    case 'minProperties': {
      const fields = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return `needs at least one of: ${list(fields)}`;
    }
    case 'pattern':
      return `${shown(e.data)} does not match ${String(p.pattern)}`;
    default:
      return `${e.message ?? 'invalid'}${e.data !== undefined && typeof e.data !== 'object' ? ` (got ${shown(e.data)})` : ''}`;
  }
}

/** The most telling of ajv's errors: a misspelt field first, then the deepest place, then the plainest keyword. */
function firstProblem(errors: readonly ErrorObject[]): { at: string; words: string } {
  // Errors inside a oneOf/anyOf alternative only restate why each alternative failed.
  const own = errors.filter((e) => !/\/(oneOf|anyOf)\/\d+\//.test(e.schemaPath));
  const pool = own.length ? own : [...errors];
  // Sort keys, most telling first: a misspelt field, then the deepest place, then a plain keyword before a oneOf/anyOf.
  const order = (e: ErrorObject): number[] => [
    e.keyword === 'additionalProperties' ? 0 : 1,
    -e.instancePath.split('/').length,
    e.keyword === 'oneOf' || e.keyword === 'anyOf' ? 1 : 0,
  ];
  const before = (a: number[], b: number[]): number => a.reduce((d, x, i) => d || x - b[i]!, 0);
  const best = [...pool].sort((a, b) => before(order(a), order(b)))[0]!;
  return { at: readablePath(best.instancePath), words: wordsOf(best, errors) };
}

/** `<file>: case <id> at <path>: <words>`. */
const problem = (where: string, at: string, words: string): CatalogError => new CatalogError(`${where}${at ? ` at ${at}` : ''}: ${words}`);

/** One entry of a file checked against its part of the format, and how messages name it (by id, else by place). */
function checkedEntry<T>(check: FormatCheck, entry: unknown, i: number, path: string, noun: string): { value: T; where: string } {
  const id = (entry as { id?: unknown } | null)?.id;
  const where = `${path}: ${noun} ${typeof id === 'string' && id ? id : `[${i}]`}`;
  const outcome = check.validate(entry);
  if (!outcome.ok) {
    const { at, words } = firstProblem(outcome.errors);
    throw problem(where, at, words);
  }
  return { value: entry as T, where };
}

/** Every step, with the steps of parallel groups in place of the group. */
export function flatSteps(steps: readonly Step[]): Step[] {
  return steps.flatMap((s) => (s.parallel ? [s, ...flatSteps(s.parallel)] : [s]));
}

/**
 * The checks of a case graded weaker than their requirement, each with its reason, in step
 * order; a check repeated with the same requirement, level and reason is listed once. The
 * loader has made sure `weakerBecause` is set exactly on the weaker checks (levelProblem).
 */
export function weakerChecks(c: Pick<CaseDef, 'steps'>): WeakerCheck[] {
  const out = new Map<string, WeakerCheck>();
  for (const s of flatSteps(c.steps)) {
    for (const ch of s.expect ?? []) {
      if (ch.weakerBecause === undefined) continue;
      const w: WeakerCheck = { requirement: ch.requirement, level: ch.level, weakerBecause: ch.weakerBecause };
      out.set(JSON.stringify(w), w);
    }
  }
  return [...out.values()];
}

/** Every step with its place in the case (`steps[1].parallel[0]`), groups before their steps. */
function placedSteps(steps: readonly Step[], at = 'steps'): { step: Step; at: string }[] {
  return steps.flatMap((step, i) => {
    const here = `${at}[${i}]`;
    return [{ step, at: here }, ...(step.parallel ? placedSteps(step.parallel, `${here}.parallel`) : [])];
  });
}

/** Ambiguity ids (`A-14`) a reason names. */
const ambiguityIds = (text: string): string[] => [...new Set(text.match(/\bA-[0-9]+\b/g) ?? [])];

/**
 * A check's level is the level of the sentence it quotes: never stronger than its
 * requirement's, and weaker only with a written reason (`weakerBecause`), whose ambiguity ids
 * are the requirement's own. Returns the problem in words, or undefined.
 */
export function levelProblem(check: Check, req: Requirement): string | undefined {
  const { level } = check;
  const why = check.weakerBecause;
  const both = `${req.id} is ${req.level}, the check ${level}`;
  const by = strengthAbove(level, req.level);
  if (by > 0) return `a check is never stronger than its requirement (${both})`;
  if (by === 0 && level !== req.level) return `the check's level is its requirement's: ${req.level} (${both})`;
  if (by === 0 && why !== undefined) return `"weakerBecause" on a check at its requirement's level (${req.id} is ${req.level}): drop it`;
  if (by < 0 && why === undefined) return `the check is weaker than its requirement (${both}): raise it to ${req.level}, or say why in "weakerBecause"`;
  const foreign = ambiguityIds(why ?? '').filter((a) => !(req.ambiguities ?? []).includes(a));
  if (foreign.length) return `"weakerBecause" names ${foreign.join(', ')}, which ${req.id} does not list (its ambiguities: ${req.ambiguities?.join(', ') ?? 'none'})`;
  return undefined;
}

/** The catalog's rules a schema cannot say: kinds and their assertions agree, requirement ids exist, levels follow them. */
function checkSteps(c: CaseDef, where: string, known: ReadonlyMap<string, Requirement>): void {
  for (const { step, at } of placedSteps(c.steps)) {
    const kind = stepKindOf(step);
    // Fields a kind adds belong to that kind's steps only.
    for (const owner of KINDS) {
      if (owner === kind) continue;
      const field = Object.keys(owner.fields).find((f) => f in step);
      if (field) throw problem(where, at, `"${field}" belongs to ${owner.key} steps, not to ${kind ? `a ${kind.key} step` : 'a parallel group'}`);
    }
    if (step.parallel) {
      const i = step.parallel.findIndex((p) => !stepKindOf(p)?.parallel);
      if (i >= 0) throw problem(where, `${at}.parallel[${i}]`, `a parallel group runs ${list(KINDS.filter((k) => k.parallel).map((k) => k.key))} steps only`);
      continue;
    }
    if (!kind) throw problem(where, at, `a step needs one of: ${list(STEP_KEYS)}`);
    const bad = kind.check?.(stepSpec(step, kind), step);
    if (bad) throw problem(where, `${at}.${kind.key}`, bad);
    for (const [field, assertions] of [['require', step.require ?? []], ['expect', step.expect ?? []]] as const) {
      assertions.forEach((a, i) => {
        const here = `${at}.${field}[${i}]`;
        const ak = assertionKindOf(a)!;
        if (ak.subject !== kind.subject) throw problem(where, here, `a ${kind.key} step cannot assert ${ak.key}`);
        const bad = ak.check?.(assertionValue(a, ak));
        if (bad) throw problem(where, `${here}.${ak.key}`, bad);
      });
    }
  }
  // Every check, a parallel group's own included, cites a requirement at its level.
  for (const { step, at } of placedSteps(c.steps)) {
    (step.expect ?? []).forEach((a, i) => {
      const here = `${at}.expect[${i}]`;
      const req = known.get(a.requirement);
      if (!req) throw problem(where, here, `unknown requirement "${a.requirement}"`);
      const wrong = levelProblem(a, req);
      if (wrong) throw problem(where, `${here}${step.name ? ` ("${step.name}")` : ''}`, wrong);
    });
  }
}

/** The names of steps (groups and their members), each once per step that bears it. */
const namesOf = (steps: readonly Step[]): string[] => flatSteps(steps).flatMap((s) => (s.name ? [s.name] : []));

/**
 * The rules of steps that name other steps: a relating assertion names a sibling of its
 * parallel group or an earlier step, a group's `beforeRetry` names earlier steps, each name
 * borne by one step only; `attempts` and `beforeRetry` belong to parallel groups.
 */
function checkStepNames(c: CaseDef, where: string): void {
  const count = new Map<string, number>();
  for (const n of namesOf(c.steps)) count.set(n, (count.get(n) ?? 0) + 1);
  const named = (name: string, seen: readonly string[], at: string, what: string): void => {
    if (!count.has(name)) throw problem(where, at, `${what} names step "${name}", which the case does not have`);
    if (count.get(name)! > 1) throw problem(where, at, `${what} names step "${name}", and ${count.get(name)} steps bear that name`);
    if (!seen.includes(name)) throw problem(where, at, `${what} names step "${name}", which is neither an earlier step nor a sibling in this parallel group`);
  };
  const relations = (step: Step, seen: readonly string[], at: string): void => {
    for (const [field, assertions] of [['require', step.require ?? []], ['expect', step.expect ?? []]] as const) {
      assertions.forEach((a, i) => {
        const ak = assertionKindOf(a)!;
        for (const name of ak.steps?.(assertionValue(a, ak)) ?? []) named(name, seen, `${at}.${field}[${i}].${ak.key}`, ak.key);
      });
    }
  };
  c.steps.forEach((step, i) => {
    const at = `steps[${i}]`;
    const earlier = namesOf(c.steps.slice(0, i));
    if (!step.parallel && (step.attempts !== undefined || step.beforeRetry)) {
      throw problem(where, at, `"${step.attempts !== undefined ? 'attempts' : 'beforeRetry'}" belongs to parallel groups`);
    }
    if (step.beforeRetry && (step.attempts ?? 1) < 2) throw problem(where, `${at}.beforeRetry`, 'runs before further attempts: give the group "attempts" above 1');
    for (const name of step.beforeRetry ?? []) {
      named(name, c.steps.slice(0, i).flatMap((s) => (s.name ? [s.name] : [])), `${at}.beforeRetry`, 'beforeRetry');
    }
    if (!step.parallel) return relations(step, earlier, at);
    step.parallel.forEach((m, j) => {
      const siblings = step.parallel!.filter((x) => x !== m).flatMap((x) => (x.name ? [x.name] : []));
      relations(m, [...earlier, ...siblings], `${at}.parallel[${j}]`);
    });
  });
}

/** Reads a requirements file (an array, or `{ "$schema", "requirements" }`), each checked against the requirement format; ids unique. */
export function loadRequirements(path: string): Requirement[] {
  const text = readText(path);
  const check = formatCheck(REQUIREMENTS_FILE_SCHEMA, 'requirement', [text]);
  const seen = new Set<string>();
  const out = entriesOf(path, text, 'requirements').map((r, i) => {
    const { value: req, where } = checkedEntry<Requirement>(check, r, i, path, 'requirement');
    if (seen.has(req.id)) throw new CatalogError(`${where}: duplicate id`);
    seen.add(req.id);
    return req;
  });
  check.passed();
  return out;
}

/** Reads every `*.json` in dir as cases, checked against the case format and the catalog. */
export function loadCases(dir: string, requirements: readonly Requirement[], areas: readonly string[]): LoadedCase[] {
  const known = new Map(requirements.map((r) => [r.id, r]));
  const seen = new Map<string, string>();
  const out: LoadedCase[] = [];
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const texts = files.map((file) => readText(join(dir, file)));
  const check = formatCheck(CASE_FILE_SCHEMA, 'case', texts);
  files.forEach((file, f) => {
    const path = join(dir, file);
    entriesOf(path, texts[f]!, 'cases').forEach((data, i) => {
      const { value: c, where } = checkedEntry<CaseDef>(check, data, i, path, 'case');
      if (seen.has(c.id)) throw new CatalogError(`${where}: duplicate id (also in ${seen.get(c.id)})`);
      seen.set(c.id, file);
      if (!areas.includes(c.area)) throw problem(where, 'area', `unknown area "${c.area}" (one of: ${list(areas)})`);
      if (!c.id.startsWith(`${c.area}.`)) throw new CatalogError(`${where}: id must start with its area "${c.area}."`);
      const checks = flatSteps(c.steps).flatMap((s) => s.expect ?? []);
      if (c.info && checks.length > 0) throw new CatalogError(`${where}: an info case observes; it has no checks`);
      if (!c.info && checks.length === 0) throw new CatalogError(`${where}: no check (a case must be able to fail)`);
      checkSteps(c, where, known);
      checkStepNames(c, where);
      out.push({
        ...c,
        level: c.info ? 'MAY' : strongest(checks.map((ch) => ch.level)),
        requirements: [...new Set(checks.map((ch) => ch.requirement))],
      });
    });
  });
  check.passed();
  // Report order follows the profile's areas, then the order within the files.
  const rank = (area: string): number => areas.indexOf(area);
  return out.map((c, i) => ({ c, i })).sort((a, b) => rank(a.c.area) - rank(b.c.area) || a.i - b.i).map((x) => x.c);
}
