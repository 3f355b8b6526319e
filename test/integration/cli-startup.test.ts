// What the CLI loads at start: a command's modules only when it runs, so that `--help`,
// `list` and `explain` load neither undici, @peculiar/x509 nor ajv (the format of the case
// files is compiled once, then its stamp of the valid files spares later starts); and, with
// the catalog stamped at build time, `list` and `explain` load no profile, no mock module,
// neither TypeBox nor jose.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'dist/bin/taxii-conform.js');
const preload = path.join(root, 'test/helpers/loaded-packages.cjs');
const moduleHook = path.join(root, 'test/helpers/loaded-modules.mjs');
const HEAVY = ['undici', '@peculiar/x509', 'ajv'];
let cacheHome: string;

beforeAll(() => {
  spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', root], { stdio: 'ignore' });
  if (!fs.existsSync(bin)) throw new Error(`${bin} was not built`);
  // What `npm run build` does after tsc: the catalog list and explain start from.
  const w = spawnSync(process.execPath, [path.join(root, 'dist/bin/write-catalog.js')], { encoding: 'utf8' });
  if (w.status !== 0) throw new Error(`write-catalog failed: ${w.stderr}`);
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

/** Runs the CLI; its exit code, output, and the URLs of the ES modules it loaded. */
function cliModules(args: string[]): { code: number | null; stdout: string; modules: string[] } {
  const file = path.join(cacheHome, `modules-${process.hrtime.bigint()}.txt`);
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(moduleHook).href, bin, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: cacheHome, LOADED_MODULES_FILE: file },
  });
  const modules = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
  return { code: r.status, stdout: r.stdout, modules };
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

  it('list needs no check of the case files (the stamped catalog was made from checked ones): none of the heavy packages, even with a fresh cache', () => {
    const first = cli(['list']);
    expect(first.code).toBe(0);
    expect(first.loaded.filter((p) => HEAVY.includes(p))).toEqual([]);
    const again = cli(['list']);
    expect(again.stdout).toBe(first.stdout);
  });

  it('a run compiles the case format once; its stamp spares the next start the compile', async () => {
    const args = (): string[] => ['run', `https://127.0.0.1:${port}/taxii/`, '--area', 'discovery', '--format', 'json', '--report-dir', path.join(cacheHome, 'reports')];
    const port = await closedPort();
    const stamps = path.join(cacheHome, 'taxii-conform', 'validated');
    fs.rmSync(stamps, { recursive: true, force: true });
    const first = cli(args());
    expect(first.loaded).toContain('ajv'); // a fresh cache: the files are checked in full
    expect(fs.readdirSync(stamps).length).toBeGreaterThan(0);
    const again = cli(args());
    expect(again.loaded).not.toContain('ajv');
  });

  it('explain loads none of the heavy packages once the catalog is stamped', () => {
    cli(['list']);
    const r = cli(['explain', 'discovery.get']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('discovery.get');
    expect(r.loaded.filter((p) => HEAVY.includes(p))).toEqual([]);
  });

  it('list and explain start from the stamped catalog: no profile, no mock module, neither TypeBox nor jose', () => {
    const dist = pathToFileURL(path.join(root, 'dist')).href;
    const forbidden = (m: string): boolean =>
      m.startsWith(`${dist}/mock-server/`) ||
      /^file:.*\/dist\/suites\/(taxii2-predraft|taxii1|taxii21|registry)/.test(m) ||
      m.includes('/node_modules/@sinclair/typebox/') ||
      m.includes('/node_modules/jose/');
    for (const args of [['list'], ['list', '--profile', 'taxii21', '--area', 'discovery'], ['explain', 'discovery.get'], ['explain', 'discovery.get', '--profile', 'taxii21']]) {
      const r = cliModules(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.modules.length, args.join(' ')).toBeGreaterThan(0); // the hook saw the CLI's own modules
      expect(r.modules.some((m) => m.startsWith(`${dist}/bin/commands/`)), args.join(' ')).toBe(true);
      expect(r.modules.filter(forbidden), args.join(' ')).toEqual([]);
    }
    // A run loads them (the hook would see them): the check above can fail.
    const run = cliModules(['explain', 'no.such-case']);
    expect(run.code).toBe(2);
    expect(run.modules.some(forbidden)).toBe(false);
  });

  it('a run loads the profiles the catalog spares list and explain (what the check above looks for exists)', async () => {
    const r = cliModules(['run', `https://127.0.0.1:${await closedPort()}/taxii/`, '--area', 'discovery', '--format', 'json', '--report-dir', path.join(cacheHome, 'reports')]);
    expect(r.modules.some((m) => m.includes('/dist/suites/registry.js'))).toBe(true);
    expect(r.modules.some((m) => m.includes('/node_modules/@sinclair/typebox/'))).toBe(true);
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
