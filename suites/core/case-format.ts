// The one definition of the data a profile is made of: its requirements and its cases.
// Written once as JSON Schema (TypeBox) from which TypeScript derives the types; each step
// and assertion kind brings its own part (steps.ts, assertions.ts). schemas/case.schema.json
// and schemas/requirements.schema.json are these schemas, written out by
// `npm run schemas` for editors and vendors (a test keeps them equal).
import { Type, type Static, type TObject, type TOptional, type TSchema, type TUnsafe } from '@sinclair/typebox';
import { ASSERTION_KINDS } from './assertions.js';
import { STEP_KINDS } from './steps.js';
import { LEVELS } from './levels.js';
import { ref, stringEnum, stringMap } from './schema-kit.js';

const DRAFT = 'https://json-schema.org/draft/2020-12/schema';
/** The base of the project's schema ids (the message schemas under schemas/<profile>/ use it too). */
const ID_BASE = 'https://taxii-conform.dev/schemas/';

const LevelSchema = stringEnum(LEVELS, { description: 'RFC 2119 level.' });

// ---------------------------------------------------------------------------------------
// Requirements

/**
 * How a statement can be tested (the TAXII 2.1 facts sheet's codes, §0): B black-box
 * read-only; B-D needs suitable data in a readable collection; B-W a writable collection;
 * B-P a permission set-up; T a TLS probe; D a DNS probe; I informative (record, never fail);
 * N not black-box testable; M client side, the mock observes it; meta a conformance clause
 * over the other requirements.
 */
export const TESTABILITY_CODES = ['B', 'B-D', 'B-W', 'B-P', 'T', 'D', 'I', 'N', 'M', 'meta'] as const;
export type Testability = (typeof TESTABILITY_CODES)[number];

export const RequirementSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$', description: 'Stable id, e.g. `T2-TLS-03`. Never reused, never renumbered.' }),
    level: LevelSchema,
    section: Type.String({ minLength: 1, description: 'Section of the spec the quote is taken from.' }),
    text: Type.String({ minLength: 1, description: 'Exact quote of the spec (whitespace normalised).' }),
    area: Type.String({ minLength: 1, description: 'Area of the suite that checks it.' }),
    untestable: Type.Optional(Type.String({ minLength: 1, description: 'Present when no case can check this statement, saying why.' })),
    interpretation: Type.Optional(Type.String({ minLength: 1, description: 'Where the product reads an unclear statement one way: the docs/interpretation.md anchor.' })),
    sheetLevel: Type.Optional(Type.String({ minLength: 1, description: "The source catalog's level when it is not one BCP 14 keyword (`rule`, `table`, `MUST, MUST NOT`…); `level` is the mapped one." })),
    testability: Type.Optional(stringEnum(TESTABILITY_CODES, { description: 'How the statement can be tested: B black-box read-only, B-D needs data, B-W a writable collection, B-P a permission set-up, T TLS, D DNS, I informative, N not testable, M client side, meta over other requirements.' })),
    sheetTestability: Type.Optional(Type.String({ minLength: 1, description: "The source catalog's testability cell when it qualifies the code, e.g. `B-W (partial)`." })),
    ambiguities: Type.Optional(Type.Array(Type.String({ pattern: '^A-[0-9]+$' }), { minItems: 1, uniqueItems: true, description: "The source's ambiguities that bear on it (e.g. `A-14`); the profile's docs give the product's reading." })),
  },
  { additionalProperties: false, title: 'Requirement', description: 'One normative statement of a spec.' },
);

/** One normative statement of a spec, kept as data in suites/<profile>/requirements.json. */
export type Requirement = Static<typeof RequirementSchema>;

// ---------------------------------------------------------------------------------------
// The named parts of the case file schema (its `$defs`): each written once, referred to where
// used. Their order: case, step, each step kind's value (under its key: `#/$defs/request`),
// check, precondition, each assertion kind's value (under its key: `#/$defs/status`).

const caseDefs: Record<string, TSchema> = {};
function named<T extends TSchema>(name: string, schema: T): TUnsafe<Static<T>> {
  if (name in caseDefs || name === 'case' || name === 'step') throw new Error(`case format: two parts named "${name}"`);
  caseDefs[name] = schema;
  return ref<Static<T>>(name);
}

type StepKinds = (typeof STEP_KINDS)[number];
const kindProps = Object.fromEntries(STEP_KINDS.map((k) => [k.key, Type.Optional(named(k.key, k.schema))]));

// ---------------------------------------------------------------------------------------
// Assertions: one field per kind (assertions.ts), exactly one of them set.

type AssertionKinds = (typeof ASSERTION_KINDS)[number];
type AssertionProps = { [K in AssertionKinds as K['key']]: TOptional<TUnsafe<Static<K['schema']>>> };
const assertionProps = Object.fromEntries(ASSERTION_KINDS.map((k) => [k.key, Type.Optional(ref(k.key))])) as AssertionProps;
const exactlyOneAssertion = ASSERTION_KINDS.map((k) => ({ required: [k.key] }));

/** One assertion about what a step's probe saw: exactly one of its fields is set. */
export type Assertion = Static<TObject<AssertionProps>>;

const CheckSchema = Type.Object(
  {
    level: LevelSchema,
    requirement: Type.String({ description: 'The id of the requirement this check evidences.' }),
    weakerBecause: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          "Why this check's level is weaker than its requirement's. A check's level is the level of the sentence it quotes; a weaker one needs this written reason (e.g. the point is an ambiguity the requirement lists, named by its id `A-14`; the check reads one of several readings of an unclear sentence; the check sees a consequence the sentence does not state). The loader refuses a weaker level without it, the field on a check at its requirement's level, an ambiguity id the requirement does not list, and any check stronger than its requirement. `explain` shows it beside the check; `list --format json` lists it under the case (`weakerChecks`), and every report gives it with the check's result (report.json: `weakerBecause`).",
      }),
    ),
    ...assertionProps,
  },
  { additionalProperties: false, oneOf: exactlyOneAssertion, title: 'Check', description: 'An assertion at a level, tied to the requirement it evidences; one assertion field.' },
);

/** A check: an assertion at a level, tied to the requirement it evidences. */
export type Check = Static<typeof CheckSchema>;

const PreconditionSchema = Type.Object(
  {
    reason: Type.String({ description: 'Why the case is skipped when the assertion does not hold.' }),
    ...assertionProps,
  },
  { additionalProperties: false, oneOf: exactlyOneAssertion, title: 'Precondition', description: 'When it does not hold the case is skipped with `reason`; one assertion field.' },
);

/** A precondition: when it does not hold the case is skipped with `reason`. */
export type Precondition = Static<typeof PreconditionSchema>;

const checkRef = named('check', CheckSchema);
const preconditionRef = named('precondition', PreconditionSchema);
for (const k of ASSERTION_KINDS) named(k.key, k.schema);

// ---------------------------------------------------------------------------------------
// Steps: the fields every step has, one field per step kind (steps.ts), the fields a kind
// adds, or a parallel group.

const stepCommonProps = {
  name: Type.Optional(Type.String({ description: 'A name for the step, for people.' })),
  forEach: Type.Optional(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9]*$', description: 'Run the step once per item of this list variable (a JSON array), with `{item}` set to each.' })),
  require: Type.Optional(Type.Array(preconditionRef, { description: 'Checked before `expect`; any that fails skips the case with its reason.' })),
  expect: Type.Optional(Type.Array(checkRef, { description: 'What must hold of what the probe saw.' })),
  capture: Type.Optional(stringMap({ description: 'Variables captured from what the probe saw: name → JSON pointer or `header:Name` (request steps), `urls` or `url` (DNS steps).' })),
  delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 120000, description: 'Wait this many ms before the step (e.g. for a token to expire).' })),
  note: Type.Optional(Type.String({ minLength: 1, description: "A line (a template) added to the case's message when the step runs, e.g. where a variable it uses came from." })),
};
const StepCommonSchema = Type.Object(stepCommonProps);

/** What every step has, whatever its kind. */
export type StepCommon = Static<typeof StepCommonSchema>;

// The fields of a parallel group only: how often an inconclusive group is tried.
const groupProps = {
  attempts: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 5,
      description:
        "Parallel groups: how many times the group is tried. An attempt in which a step's precondition does not hold is inconclusive (e.g. the waiting GET ended before the POST was acknowledged): its checks are dropped and the group runs again, each member's delayMs halved; the case is skipped with that reason only when every attempt was inconclusive. An attempt whose only misses are upper bounds on time (answeredWithin) is tried again too, delays kept: a bound on time stands on the best attempt. Default 1.",
    }),
  ),
  beforeRetry: Type.Optional(
    Type.Array(Type.String({ minLength: 1 }), {
      minItems: 1,
      description: 'Parallel groups with attempts: earlier steps (by name) run again, in this order, before each further attempt (e.g. a GET that takes what an inconclusive attempt left pending).',
    }),
  ),
};
type GroupFields = Static<TObject<typeof groupProps>>;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type KindSpecs = { [K in StepKinds as K['key']]?: Static<K['schema']> };
type KindFields = Static<TObject<UnionToIntersection<StepKinds['fields']>>>;

/** A step: exactly one probe (one kind's field) or a parallel group, and what must hold of what it saw. */
export interface Step extends StepCommon, KindSpecs, KindFields, GroupFields {
  /** Steps run at the same time (each may have its own delayMs), e.g. a waiting GET and a POST. */
  parallel?: Step[];
}

const kindFieldProps: Record<string, TSchema> = Object.assign({}, ...STEP_KINDS.map((k) => k.fields));
const StepSchema = Type.Unsafe<Step>(
  Type.Object(
    {
      ...kindProps,
      parallel: Type.Optional(Type.Array(ref<Step>('step'), { minItems: 2, description: 'Steps run at the same time (each may have its own delayMs), e.g. a waiting GET and a POST.' })),
      ...groupProps,
      ...stepCommonProps,
      ...kindFieldProps,
    },
    {
      additionalProperties: false,
      oneOf: [...STEP_KINDS.map((k) => ({ required: [k.key] })), { required: ['parallel'] }],
      title: 'Step',
      description: `One probe (${STEP_KINDS.map((k) => k.key).join(', ')}) or a parallel group, and what must hold of what it saw.`,
    },
  ),
);

// ---------------------------------------------------------------------------------------
// Cases

export const NEEDS = ['credentials', 'write', 'discovery', 'token', 'srv'] as const;
/** Conditions a case needs from the run before it can be attempted. */
export type Need = (typeof NEEDS)[number];

const CaseSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9-]+\\.[a-z0-9-]+$', description: 'Stable name, `<area>.<what>`; never a position.' }),
    area: Type.String({ description: "An area of the profile; the id starts with it." }),
    title: Type.String({ minLength: 1, description: 'One line: what the case shows.' }),
    section: Type.String({ minLength: 1, description: 'Spec section the case checks.' }),
    description: Type.Optional(Type.String({ description: 'What the case does, for `explain`.' })),
    needs: Type.Optional(Type.Array(stringEnum(NEEDS), { description: 'Conditions the run must meet, else the case is skipped: credentials, write (not --read-only), discovery, token, srv (--srv).' })),
    info: Type.Optional(Type.Literal(true, { description: 'An observation, not a check: reported, never failed; an info case has no checks.' })),
    steps: Type.Array(ref<Step>('step'), { minItems: 1, description: 'Run in order; the case stops at the first that cannot go on.' }),
  },
  { additionalProperties: false, title: 'Case', description: 'A declarative conformance case.' },
);

/** A declarative conformance case (data). */
export type CaseDef = Static<typeof CaseSchema>;

// ---------------------------------------------------------------------------------------
// The files: an array, or an object whose `$schema` lets an editor find this schema.

/** The JSON Schema of a cases file (suites/<profile>/cases/*.json): schemas/case.schema.json. */
export const CASE_FILE_SCHEMA = {
  $schema: DRAFT,
  $id: `${ID_BASE}case.schema.json`,
  title: 'taxii-conform cases',
  description:
    'A file of declarative conformance cases: an array of cases, or an object with `$schema` (pointing here, for editor completion) and `cases`. Each check names a requirement of the profile and exactly one assertion.',
  anyOf: [
    Type.Array(ref<CaseDef>('case')),
    Type.Object(
      { $schema: Type.Optional(Type.String({ description: 'Where this schema is, for editors.' })), cases: Type.Array(ref<CaseDef>('case')) },
      { additionalProperties: false },
    ),
  ],
  $defs: { case: CaseSchema, step: StepSchema, ...caseDefs },
};

/** The JSON Schema of a requirements file (suites/<profile>/requirements.json): schemas/requirements.schema.json. */
export const REQUIREMENTS_FILE_SCHEMA = {
  $schema: DRAFT,
  $id: `${ID_BASE}requirements.schema.json`,
  title: 'taxii-conform requirements',
  description: 'The normative statements of a spec that cases cite: an array, or an object with `$schema` (for editor completion) and `requirements`.',
  anyOf: [
    Type.Array(ref<Requirement>('requirement')),
    Type.Object(
      { $schema: Type.Optional(Type.String({ description: 'Where this schema is, for editors.' })), requirements: Type.Array(ref<Requirement>('requirement')) },
      { additionalProperties: false },
    ),
  ],
  $defs: { requirement: RequirementSchema },
};
