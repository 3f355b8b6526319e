// What the CLI loads at start: a command's modules only when it runs, so that `--help`,
// `list` and `explain` load neither undici, @peculiar/x509 nor ajv (the format of the case
// files is compiled once, then its stamp of the valid files spares later starts).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'dist/bin/taxii-conform.js');
const preload = path.join(root, 'test/helpers/loaded-packages.cjs');
const HEAVY = ['undici', '@peculiar/x509', 'ajv'];
let cacheHome: string;

beforeAll(() => {
  spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', root], { stdio: 'ignore' });
  if (!fs.existsSync(bin)) throw new Error(`${bin} was not built`);
  cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-cache-'));
}, 120_000);
afterAll(() => fs.rmSync(cacheHome, { recursive: true, force: true }));

/** Runs the CLI; its exit code, output, and the npm packages it loaded. */
function cli(args: string[]): { code: number | null; stdout: string; stderr: string; loaded: string[] } {
  const r = spawnSync(process.execPath, ['--require', preload, bin, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: cacheHome },
  });
  const line = /^loaded-packages: (.*)$/m.exec(r.stderr);
  if (!line) throw new Error(`no loaded-packages line: ${r.stderr}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.replace(line[0], '').trim(), loaded: JSON.parse(line[1]!) as string[] };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

describe('CLI start-up: modules load with the command that needs them', () => {
  it('--help loads none of the heavy packages, and lists every command', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['run [url]', 'mock', 'list', 'explain <id>', 'discover <domain>']) expect(r.stdout).toContain(`taxii-conform ${c}`);
    expect(r.loaded.filter((p) => HEAVY.includes(p))).toEqual([]);
  });

  it('list compiles the case format once; later starts load none of the heavy packages', () => {
    const first = cli(['list']);
    expect(first.code).toBe(0);
    expect(first.loaded).toContain('ajv'); // a fresh cache: the files are checked in full
    expect(fs.readdirSync(path.join(cacheHome, 'taxii-conform', 'validated')).length).toBeGreaterThan(0);
    const again = cli(['list']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(first.stdout);
    expect(again.loaded.filter((p) => HEAVY.includes(p))).toEqual([]);
  });

  it('explain loads none of the heavy packages once the catalog is stamped', () => {
    cli(['list']);
    const r = cli(['explain', 'discovery.get']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('discovery.get');
    expect(r.loaded.filter((p) => HEAVY.includes(p))).toEqual([]);
  });

  it('run loads what it needs: undici for its requests', async () => {
    const r = cli(['run', `https://127.0.0.1:${await closedPort()}/taxii/`, '--area', 'discovery', '--format', 'json', '--report-dir', path.join(cacheHome, 'reports')]);
    expect(r.code).toBe(3);
    expect(r.loaded).toContain('undici');
  });

  it('a mistyped command still gets its suggestion', () => {
    const r = cli(['lst']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command "lst": did you mean list\?/);
  });
});
