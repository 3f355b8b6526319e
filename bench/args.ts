// A benchmark's command line: its options from a table (name, kind, default, what it does),
// `--help` answered with the usage and the table (exit 0, nothing run), and anything else it
// does not take (an unknown option, a bad or missing value, an option twice, a stray
// argument) refused with one line and exit 2, never a stack trace.
//
//   const opts = parseArgs(USAGE, { trials: { kind: 'count', default: 3, help: 'trials per answer' } });
//   opts.trials // number

/** One option: `--name value` (or `--name=value`), or `--name` alone for a flag. */
export type OptionSpec =
  /** A whole number ≥ min (default 1), ≤ max if given. */
  | { kind: 'count'; default: number; min?: number; max?: number; help: string }
  /** A decimal number > 0 (≥ min when given). */
  | { kind: 'number'; default: number; min?: number; help: string }
  /** Whole numbers, comma-separated, each ≥ min (default 1). */
  | { kind: 'counts'; default: readonly number[]; min?: number; help: string }
  /** One of the choices; absent: the default, or undefined. */
  | { kind: 'choice'; choices: readonly string[]; default?: string; help: string }
  /** Any non-empty text (`value` names it in the usage, e.g. "dir"); absent: the default, or undefined. */
  | { kind: 'text'; value: string; default?: string; help: string }
  /** Present or not. */
  | { kind: 'flag'; help: string };

export type OptionTable = Readonly<Record<string, OptionSpec>>;

type ValueOf<O extends OptionSpec> = O extends { kind: 'flag' }
  ? boolean
  : O extends { kind: 'count' | 'number' }
    ? number
    : O extends { kind: 'counts' }
      ? number[]
      : O extends { default: string }
        ? string
        : string | undefined;

export type OptionValues<T extends OptionTable> = { [K in keyof T]: ValueOf<T[K]> };

/** What a command line asks for: the values, the help text, or why it is refused. */
export type ArgsOutcome<T extends OptionTable> = { kind: 'values'; values: OptionValues<T> } | { kind: 'help'; text: string } | { kind: 'refused'; message: string };

/** Reads `argv` (without node and the script) against the table; prints nothing, exits nothing. */
export function readArgs<T extends OptionTable>(usage: string, table: T, argv: readonly string[]): ArgsOutcome<T> {
  if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help', text: helpText(usage, table) };
  const given = new Map<string, string | undefined>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--') || a === '--') return refused(`unexpected argument ${JSON.stringify(a)}`);
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    const spec = Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
    if (!spec) return refused(`unknown option --${name}; options: ${Object.keys(table).map((n) => `--${n}`).join(', ')}, --help`);
    if (given.has(name)) return refused(`--${name} is given twice`);
    if (spec.kind === 'flag') {
      if (eq > 0) return refused(`--${name} takes no value`);
      given.set(name, undefined);
      continue;
    }
    const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) return refused(`--${name} needs a value (${valueName(spec)})`);
    given.set(name, value);
  }
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(table)) {
    const r = valueOf(name, spec, given.has(name), given.get(name));
    if ('error' in r) return refused(r.error);
    values[name] = r.value;
  }
  return { kind: 'values', values: values as OptionValues<T> };
}

/**
 * The options of this process's command line. `--help`: prints the usage and exits 0. A
 * command line it does not take: one line on stderr, exit 2.
 */
export function parseArgs<T extends OptionTable>(usage: string, table: T, argv: readonly string[] = process.argv.slice(2)): OptionValues<T> {
  const r = readArgs(usage, table, argv);
  if (r.kind === 'values') return r.values;
  if (r.kind === 'help') {
    process.stdout.write(r.text);
    process.exit(0);
  }
  process.stderr.write(`${programName()}: ${r.message} (--help for usage)\n`);
  process.exit(2);
}

/** The benchmark's name, as its error lines start (mock-throughput). */
function programName(): string {
  const script = process.argv[1] ?? 'bench';
  return script.slice(script.lastIndexOf('/') + 1).replace(/\.[cm]?[jt]s$/, '');
}

function refused(message: string): { kind: 'refused'; message: string } {
  return { kind: 'refused', message };
}

const WHOLE = /^[0-9]{1,15}$/;
const DECIMAL = /^[0-9]{1,15}(\.[0-9]{1,15})?$/;

function valueOf(name: string, spec: OptionSpec, present: boolean, raw: string | undefined): { value: unknown } | { error: string } {
  const bad = (why: string) => ({ error: `--${name} ${JSON.stringify(raw)}: ${why}` });
  switch (spec.kind) {
    case 'flag':
      return { value: present };
    case 'count': {
      if (!present) return { value: spec.default };
      const min = spec.min ?? 1;
      const n = WHOLE.test(raw!) ? Number(raw) : NaN;
      if (!(n >= min) || (spec.max !== undefined && n > spec.max)) return bad(`must be a whole number ${rangeText(min, spec.max)}`);
      return { value: n };
    }
    case 'number': {
      if (!present) return { value: spec.default };
      const n = DECIMAL.test(raw!) ? Number(raw) : NaN;
      if (!(n > 0) || (spec.min !== undefined && n < spec.min)) return bad(`must be a number ${spec.min !== undefined ? `of at least ${spec.min}` : 'above 0'}`);
      return { value: n };
    }
    case 'counts': {
      if (!present) return { value: [...spec.default] };
      const min = spec.min ?? 1;
      const parts = raw!.split(',');
      const ns = parts.map((p) => (WHOLE.test(p) ? Number(p) : NaN));
      if (ns.some((n) => !(n >= min))) return bad(`must be whole numbers of at least ${min}, separated by commas`);
      return { value: ns };
    }
    case 'choice':
      if (!present) return { value: spec.default };
      if (!spec.choices.includes(raw!)) return bad(`must be one of ${spec.choices.join(', ')}`);
      return { value: raw };
    case 'text':
      if (!present) return { value: spec.default };
      if (raw === '') return bad('must not be empty');
      return { value: raw };
  }
}

function rangeText(min: number, max: number | undefined): string {
  return max !== undefined ? `from ${min} to ${max}` : `of at least ${min}`;
}

function valueName(spec: Exclude<OptionSpec, { kind: 'flag' }>): string {
  switch (spec.kind) {
    case 'count':
      return 'n';
    case 'number':
      return 'x';
    case 'counts':
      return 'n,n,...';
    case 'choice':
      return spec.choices.join('|');
    case 'text':
      return spec.value;
  }
}

function defaultText(spec: OptionSpec): string {
  if (spec.kind === 'flag' || spec.default === undefined) return '';
  return ` (default ${Array.isArray(spec.default) ? spec.default.join(',') : String(spec.default)})`;
}

/** The usage text, then every option with its value, what it does and its default. */
export function helpText(usage: string, table: OptionTable): string {
  const rows = Object.entries(table).map(([name, spec]) => [spec.kind === 'flag' ? `--${name}` : `--${name} ${valueName(spec)}`, `${spec.help}${defaultText(spec)}`] as const);
  rows.push(['-h, --help', 'this text; runs nothing']);
  const width = Math.max(...rows.map(([l]) => l.length));
  return `${usage.trimEnd()}\n\nOptions:\n${rows.map(([l, r]) => `  ${l.padEnd(width)}  ${r}`).join('\n')}\n`;
}
