// The published package as a vendor meets it: packed (npm pack, from a fresh build of its
// own, so a concurrent build of dist/ cannot leak in), installed from the tarball into an
// empty project, imported by name with its types, and the README's example ("Use it from
// your own tests") type-checked and run with vitest against the mock over real HTTPS.
//
// Offline: the project's lockfile pins the package's dependencies to the versions this
// repository's package-lock.json holds, so `npm ci --offline` takes them from the npm cache
// `npm ci` filled. vitest (the example's own dev tool, not the package's) is linked from
// this repository's node_modules.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  license: string;
  dependencies: Record<string, string>;
  bin: Record<string, string>;
  engines: Record<string, string>;
};
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
// No update check, no audit: nothing leaves the machine.
const npmEnv = { ...process.env, npm_config_update_notifier: 'false', npm_config_audit: 'false', npm_config_fund: 'false' };

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = npmEnv): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 240_000 });
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  expect(r.error, what).toBeUndefined();
  expect(r.status, `${what}\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

/** The README's example: the first ```ts block of "Use it from your own tests". */
function readmeExample(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Use it from your own tests'));
  const m = /```ts\n([\s\S]*?)```/.exec(section);
  if (!m) throw new Error('README.md: no ```ts block under "Use it from your own tests"');
  return m[1]!;
}

/** A lockfile for `project` that pins every dependency of the package as this repository's lockfile does. */
function lockfileFor(tarball: string): object {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; devOptional?: boolean }> };
  const dep = { [pkg.name]: `file:${tarball}` };
  const packages: Record<string, unknown> = {
    '': { name: 'consumer', dependencies: dep },
    [`node_modules/${pkg.name}`]: {
      version: pkg.version,
      resolved: `file:${tarball}`,
      integrity: `sha512-${createHash('sha512').update(readFileSync(join(project, tarball))).digest('base64')}`,
      license: pkg.license,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      engines: pkg.engines,
    },
  };
  for (const [path, entry] of Object.entries(lock.packages)) if (path !== '' && !entry.dev && !entry.devOptional) packages[path] = entry;
  return { name: 'consumer', lockfileVersion: 3, requires: true, packages };
}

const work = mkdtempSync(join(tmpdir(), 'taxii-conform-package-'));
const staging = join(work, 'package');
const project = join(work, 'project');
let files: string[] = [];

beforeAll(() => {
  // The package's files as npm sees them ("files" in package.json), then a build of its own.
  const listed = JSON.parse(ok(run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], root), 'npm pack --dry-run')) as Array<{ files: Array<{ path: string }> }>;
  for (const f of listed[0]!.files) {
    if (f.path.startsWith('dist/')) continue;
    mkdirSync(dirname(join(staging, f.path)), { recursive: true });
    cpSync(join(root, f.path), join(staging, f.path));
  }
  ok(run(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', join(staging, 'dist')], root), 'the build');
  mkdirSync(project);
  const packed = JSON.parse(ok(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', project], staging), 'npm pack')) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  files = packed[0]!.files.map((f) => f.path);
  const tarball = packed[0]!.filename;
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: { [pkg.name]: `file:${tarball}` } }, null, 1));
  writeFileSync(join(project, 'package-lock.json'), JSON.stringify(lockfileFor(tarball), null, 1));
  ok(run('npm', ['ci', '--offline', '--ignore-scripts'], project), 'npm ci --offline');
  symlinkSync(join(root, 'node_modules', 'vitest'), join(project, 'node_modules', 'vitest'));
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: ['node'] }, include: ['*.ts'] }),
  );
  writeFileSync(join(project, 'taxii.test.ts'), readmeExample());
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed package', () => {
  it('carries the built entry, its declarations and the data files, and no test code', () => {
    for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/bin/taxii-conform.js', 'suites/taxii2-predraft/requirements.json', 'schemas/taxii2-predraft']) {
      expect(files.some((p) => p === f || p.startsWith(`${f}/`)), f).toBe(true);
    }
    expect(files.filter((p) => p.startsWith('test/') || p.startsWith('dist/test/'))).toEqual([]);
    expect(existsSync(join(project, 'node_modules', pkg.name, 'dist', 'index.d.ts'))).toBe(true);
  });

  it('imports by name in a fresh project, with types: the README example type-checks, a wrong call does not', () => {
    ok(run(process.execPath, [tsc, '-p', project], project), 'tsc on the README example');
    writeFileSync(join(project, 'wrong.ts'), "import { runSuite } from 'taxii-conform';\nawait runSuite({ target: 'https://127.0.0.1:1/' });\n");
    try {
      const r = run(process.execPath, [tsc, '-p', project], project);
      expect(r.status).not.toBe(0);
      expect(r.stdout).toMatch(/wrong\.ts[\s\S]*'RunOptions': profile, creds/);
    } finally {
      rmSync(join(project, 'wrong.ts'));
    }
    // Two tsc runs: a minute or more on a loaded 2-core machine.
  }, 240_000);

  it('runs the README example with vitest against the mock, and it writes the reports', () => {
    const r = run(process.execPath, [vitest, 'run', '--root', project], project, { ...process.env, NO_COLOR: '1', CI: '1' });
    ok(r, 'vitest run of the README example');
    expect(r.stdout).toMatch(/1 passed/);
    expect(JSON.parse(readFileSync(join(project, 'taxii-conform-report', 'report.json'), 'utf8')).summary.gate).toBe('passed');
    expect(existsSync(join(project, 'taxii-conform-report', 'junit.xml'))).toBe(true);
  });
});
