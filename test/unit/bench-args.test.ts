// bench/args.ts: a benchmark's options from a table; --help prints the usage and runs
// nothing; anything else it does not take is refused with one line and exit 2.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseArgs, readArgs, type OptionTable } from '../../bench/args.js';

const USAGE = 'Usage: node dist/bench/x.js [options]\n\nMeasures x. Prints a table.';
const TABLE = {
  trials: { kind: 'count', default: 3, max: 100, help: 'trials' },
  'hold-s': { kind: 'count', default: 10, min: 0, help: 'seconds held' },
  seconds: { kind: 'number', default: 3, help: 'length of a trial' },
  n: { kind: 'counts', default: [100, 1000], help: 'sizes' },
  only: { kind: 'choice', choices: ['discovery', 'collection'], help: 'one answer only' },
  'cpu-prof': { kind: 'text', value: 'dir', help: 'profiles into <dir>' },
  json: { kind: 'flag', help: 'one JSON line' },
} as const satisfies OptionTable;

const values = (argv: string[]) => {
  const r = readArgs(USAGE, TABLE, argv);
  if (r.kind !== 'values') throw new Error(`not values: ${JSON.stringify(r)}`);
  return r.values;
};
const refusal = (argv: string[]) => {
  const r = readArgs(USAGE, TABLE, argv);
  return r.kind === 'refused' ? r.message : `not refused: ${r.kind}`;
};

afterEach(() => vi.restoreAllMocks());

describe('readArgs', () => {
  it('gives the defaults, and the values given (--name v and --name=v)', () => {
    expect(values([])).toEqual({ trials: 3, 'hold-s': 10, seconds: 3, n: [100, 1000], only: undefined, 'cpu-prof': undefined, json: false });
    const v = values(['--trials', '5', '--hold-s=0', '--seconds', '0.5', '--n', '1,20', '--only', 'collection', '--cpu-prof', '/tmp/p', '--json']);
    expect(v).toEqual({ trials: 5, 'hold-s': 0, seconds: 0.5, n: [1, 20], only: 'collection', 'cpu-prof': '/tmp/p', json: true });
  });

  it('refuses a bad value, naming the option, the value and what it takes', () => {
    expect(refusal(['--trials', 'x'])).toBe('--trials "x": must be a whole number from 1 to 100');
    expect(refusal(['--trials', '0'])).toBe('--trials "0": must be a whole number from 1 to 100');
    expect(refusal(['--trials', '101'])).toBe('--trials "101": must be a whole number from 1 to 100');
    expect(refusal(['--trials', '2.5'])).toMatch(/^--trials "2.5": must be a whole number/);
    expect(refusal(['--hold-s', '-1'])).toBe('--hold-s "-1": must be a whole number of at least 0');
    expect(refusal(['--seconds', '0'])).toBe('--seconds "0": must be a number above 0');
    expect(refusal(['--seconds', '1e3'])).toMatch(/^--seconds "1e3"/);
    expect(refusal(['--n', '100,,1000'])).toBe('--n "100,,1000": must be whole numbers of at least 1, separated by commas');
    expect(refusal(['--only', 'channels'])).toBe('--only "channels": must be one of discovery, collection');
    expect(refusal(['--cpu-prof='])).toBe('--cpu-prof "": must not be empty');
  });

  it('refuses an unknown option (listing the known ones), a missing value, an option twice, a stray argument', () => {
    expect(refusal(['--connections', '0'])).toBe('unknown option --connections; options: --trials, --hold-s, --seconds, --n, --only, --cpu-prof, --json, --help');
    expect(refusal(['--trials'])).toBe('--trials needs a value (n)');
    expect(refusal(['--trials', '--json'])).toBe('--trials needs a value (n)');
    expect(refusal(['--trials', '3', '--trials', '4'])).toBe('--trials is given twice');
    expect(refusal(['--json=yes'])).toBe('--json takes no value');
    expect(refusal(['5'])).toBe('unexpected argument "5"');
    expect(refusal(['--constructor', '1'])).toMatch(/^unknown option --constructor/);
  });

  it('answers --help (or -h) with the usage and every option, its value and default, whatever else is given', () => {
    for (const argv of [['--help'], ['-h'], ['--trials', 'x', '--help']]) {
      const r = readArgs(USAGE, TABLE, argv);
      expect(r.kind).toBe('help');
      if (r.kind !== 'help') continue;
      expect(r.text.startsWith(`${USAGE}\n\nOptions:\n`)).toBe(true);
      expect(r.text).toMatch(/^ {2}--trials n +trials \(default 3\)$/m);
      expect(r.text).toMatch(/^ {2}--n n,n,\.\.\. +sizes \(default 100,1000\)$/m);
      expect(r.text).toMatch(/^ {2}--only discovery\|collection +one answer only$/m);
      expect(r.text).toMatch(/^ {2}--cpu-prof dir +profiles into <dir>$/m);
      expect(r.text).toMatch(/^ {2}--json +one JSON line$/m);
      expect(r.text).toMatch(/^ {2}-h, --help +this text; runs nothing$/m);
    }
  });
});

describe('parseArgs', () => {
  function run(argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    const exit = vi.spyOn(process, 'exit').mockImplementation((code) => {
      throw new Error(`exit ${code}`);
    });
    let outcome: string;
    try {
      outcome = JSON.stringify(parseArgs(USAGE, TABLE, argv));
    } catch (e) {
      outcome = (e as Error).message;
    }
    vi.restoreAllMocks();
    return { outcome, out: out.join(''), err: err.join(''), exited: exit.mock.calls.length > 0 };
  }

  it('--help: the usage on stdout, exit 0', () => {
    const r = run(['--help']);
    expect(r.outcome).toBe('exit 0');
    expect(r.out).toMatch(/^Usage: node dist\/bench\/x.js/);
    expect(r.err).toBe('');
  });

  it('a bad value: one line on stderr naming the benchmark, exit 2, no stack trace', () => {
    const r = run(['--trials', 'x']);
    expect(r.outcome).toBe('exit 2');
    expect(r.out).toBe('');
    expect(r.err.split('\n')).toHaveLength(2); // one line and its newline
    expect(r.err).toMatch(/^[\w.-]+: --trials "x": must be a whole number from 1 to 100 \(--help for usage\)\n$/);
  });

  it('a good command line: the values, nothing printed, no exit', () => {
    const r = run(['--trials', '7']);
    expect(JSON.parse(r.outcome).trials).toBe(7);
    expect([r.out, r.err, r.exited]).toEqual(['', '', false]);
  });
});
