// The long-poll benchmark end to end at a small N: it measures the mock and, in the same
// command, the bare node:https baseline answering with the bytes the mock delivered; its
// --json line carries both, and a subscriber that missed a message would be an error.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

describe('bench/long-poll.ts', () => {
  const bench = path.join(root, 'dist/bench/long-poll.js');

  it('answers --help with its usage and runs nothing; refuses a bad value in one line', () => {
    const help = spawnSync(process.execPath, [bench, '--help'], { encoding: 'utf8', timeout: 30_000 });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: node dist\/bench\/long-poll\.js/);
    expect(help.stdout).toContain('--hold-s n');
    expect(help.stderr).not.toContain('N=');
    const bad = spawnSync(process.execPath, [bench, '--n', '10,x'], { encoding: 'utf8', timeout: 30_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('--n');
  });

  it('measures the mock and the bare baseline in one run and prints both as one JSON line', () => {
    const r = spawnSync(process.execPath, [bench, '--n', '20', '--rounds', '3', '--hold-s', '0', '--messages', '0', '--json'], {
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1); // the tables went to stderr
    const figures = JSON.parse(lines[0]!) as {
      bench: string;
      rows: { n: number; posts: number; errors: number; lastP50Ms: number }[];
      bare: { n: number; errors: number; lastP50Ms: number; rssMiB: number; mockOverBare: Record<string, number> }[];
    };
    expect(figures.bench).toBe('long-poll');
    expect(figures.rows).toEqual([expect.objectContaining({ n: 20, posts: 3, errors: 0 })]);
    expect(figures.bare).toEqual([expect.objectContaining({ n: 20, errors: 0 })]);
    const [mock, bare] = [figures.rows[0]!, figures.bare[0]!];
    expect(bare.lastP50Ms).toBeGreaterThan(0);
    expect(bare.rssMiB).toBeGreaterThan(0);
    // The ratio is of the unrounded times: within 10% of the rounded ones'.
    expect(bare.mockOverBare['lastP50']! / (mock.lastP50Ms / bare.lastP50Ms)).toBeGreaterThan(0.9);
    expect(bare.mockOverBare['lastP50']! / (mock.lastP50Ms / bare.lastP50Ms)).toBeLessThan(1.1);
    expect(r.stderr).toContain('bare node:https server');
  }, 300_000);
});
