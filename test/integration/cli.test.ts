// The command line as a user meets it: the built binary, spawned. Every bad input gets one
// line and the contract's exit code, never a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'dist/bin/taxii-conform.js');

beforeAll(() => {
  // The tests run the compiled CLI: build it (npm install does too, via prepare).
  spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', root], { stdio: 'ignore' });
  if (!fs.existsSync(bin)) throw new Error(`${bin} was not built`);
}, 120_000);

function cli(args: string[], opts: { env?: NodeJS.ProcessEnv } = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, NO_COLOR: '1', ...opts.env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** One short line on stderr, no stack frames. */
function oneLine(stderr: string): void {
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr.trim().split('\n')[0]).toMatch(/^taxii-conform: /);
}

describe('taxii-conform CLI', () => {
  it('has --help for the tool and each command', () => {
    const top = cli(['--help']);
    expect(top.code).toBe(0);
    for (const c of ['run', 'mock', 'list', 'explain', 'discover']) expect(top.stdout).toContain(c);
    expect(top.stdout).toContain('Exit codes');
    const run = cli(['run', '--help']);
    for (const o of ['--user', '--insecure', '--area', '--gate', '--baseline', '--srv', '--read-only', '--client-cert', '--client-key', '--client-key-passphrase']) expect(run.stdout).toContain(o);
    // A profile's own run options, declared by the profile.
    // (however yargs wraps it: the option column is as wide as the longest name)
    expect(run.stdout.replace(/\s+/g, ' ')).toMatch(/--binding taxii1 profile: the XML binding to speak \(xml-1\.1, xml-1\.0, xml-1\.0-draft\)/);
    expect(run.stdout).toContain('_taxii._tcp.<domain>');
  });

  it.each([
    [[], /Name a command/],
    [['bogus'], /Unknown argument/],
    [['run'], /name the server/],
    [['run', 'not a url'], /not a URL/],
    [['run', 'ftp://h/'], /https:\/\//],
    [['run', 'https://127.0.0.1:1/', '--area', 'nope'], /unknown area "nope"/],
    [['run', 'https://127.0.0.1:1/', '--case', 'x.y'], /unknown case id "x.y"/],
    [['run', 'https://127.0.0.1:1/', '--ca', '/nonexistent.pem'], /cannot read --ca/],
    [['run', 'https://127.0.0.1:1/', '--ca', '/etc/hostname'], /no PEM certificate/],
    [['run', 'https://127.0.0.1:1/', '--client-cert', '/etc/hostname'], /--client-cert needs --client-key/],
    [['run', 'https://127.0.0.1:1/', '--client-key', '/etc/hostname'], /--client-key needs --client-cert/],
    [['run', 'https://127.0.0.1:1/', '--client-cert', '/nonexistent.pem', '--client-key', '/etc/hostname'], /cannot read --client-cert \/nonexistent.pem: ENOENT/],
    [['run', 'https://127.0.0.1:1/', '--client-cert', '/etc/hostname', '--client-key', '/etc/hostname'], /--client-cert \/etc\/hostname holds no PEM certificate/],
    [['run', 'https://127.0.0.1:1/', '--baseline', '/nonexistent.json'], /cannot read baseline/],
    [['run', 'https://127.0.0.1:1/', '--concurrency', '0'], /--concurrency must be/],
    [['run', 'https://127.0.0.1:1/', '--timeout', 'soon'], /--timeout must be .*soon/],
    [['run', 'https://127.0.0.1:1/', '--gate', 'maybe'], /Invalid values/],
    [['run', 'https://127.0.0.1:1/', '--format', 'pdf'], /unknown report format/],
    [['run', 'https://127.0.0.1:1/', '--format', 'json', '--report-dir', '/etc/hostname/reports'], /cannot write the reports to \/etc\/hostname\/reports: .*ENOTDIR/],
    [['run', 'https://127.0.0.1:1/', '--profile', 'taxii9'], /unknown profile/],
    [['run', '--srv', 'bad..domain'], /invalid domain name/],
    [['run', '--srv', 'example.test', '--dns-server', 'x:y:z'], /--dns-server/],
    [['mock', '--fault', 'nope'], /unknown fault "nope"/],
    [['mock', '--fault', 'ignore-accept@get-nowhere'], /"ignore-accept" has no URL kind "get-nowhere".*its URL kinds: get-discovery, /],
    [['mock', '--fault', 'no-405@get-channel'], /"no-405" cannot be scoped to one URL kind.*faults that can: /],
    [['mock', '--port', '70000'], /--port must be/],
    [['explain', 'no.such'], /unknown case id/],
    [['mock', '--config', '/nonexistent.json'], /--config \/nonexistent.json: ENOENT/],
    [['discover', 'bad..domain'], /invalid domain name/],
    [['discover', 'example.test', '--profile', 'taxii1'], /the taxii1 profile defines no DNS SRV record/],
    [['run', 'https://127.0.0.1:1/', '--binding', 'xml-1.0'], /--binding applies to the taxii1 profile, not to taxii2-predraft/],
    [['run', '--srv', 'example.test', '--profile', 'taxii1'], /--srv: the taxii1 profile defines no DNS SRV record/],
    [['mock', '--profile', 'taxii9'], /unknown profile "taxii9" \(known: taxii2-predraft, taxii1, taxii21\)/],
    [['mock', '--variant', 'nope'], /unknown variant "nope" \(see --list-variants\)/],
    [['mock', '--profile', 'taxii1', '--variant', 'long-poll-wait-4s'], /the variant "long-poll-wait-4s" is the taxii2-predraft profile's, which is not mounted \(mounted: taxii1\)/],
    [['mock', '--profile', 'taxii1', '--fault', 'no-405'], /the fault "no-405" is the taxii2-predraft profile's, which is not mounted \(mounted: taxii1\)/],
    // A value option with no value or an empty one never falls back to a default or to nothing.
    [['run', 'https://127.0.0.1:1/', '--user'], /^taxii-conform: --user needs a value$/m],
    [['run', 'https://127.0.0.1:1/', '--user', '--insecure'], /--user needs a value/],
    [['run', 'https://127.0.0.1:1/', '--timeout'], /--timeout needs a value/],
    [['run', 'https://127.0.0.1:1/', '--timeout='], /--timeout needs a value/],
    [['run', 'https://127.0.0.1:1/', '--format', ''], /--format needs a value/],
    [['run', 'https://127.0.0.1:1/', '--format', ','], /--format needs a value/],
    [['run', 'https://127.0.0.1:1/', '--area', ''], /--area needs a value/],
    [['run', 'https://127.0.0.1:1/', '--report-dir', ''], /--report-dir needs a value/],
    [['mock', '--fault'], /--fault needs a value/],
    [['mock', '--port'], /--port needs a value/],
    [['mock', '--port', ''], /--port needs a value/],
    [['discover', 'example.test', '--timeout'], /--timeout needs a value/],
    [['list', '--area'], /--area needs a value/],
    // A single-value option given twice is a clear error, not a crash or "got 10,20".
    [['run', 'https://127.0.0.1:1/', '--timeout', '10', '--timeout', '20'], /--timeout is given 2 times \(10, 20\): give it once/],
    [['run', 'https://127.0.0.1:1/', '--user', 'a', '--user', 'b'], /--user is given 2 times/],
    [['run', 'https://127.0.0.1:1/', '--gate', 'must', '--gate', 'should'], /--gate is given 2 times|Invalid values/],
    [['mock', '--port', '1', '--port', '2'], /--port is given 2 times/],
    [['run', 'https://127.0.0.1:1/', '--format', 'json', '--format', 'pdf'], /unknown report format "pdf"/],
    // A mistyped command gets a suggestion.
    [['rn', 'https://127.0.0.1:1/'], /unknown command "rn": did you mean run\?/],
    [['mok'], /did you mean mock\?/],
    // Paths the run writes are checked before anything is sent.
    [['run', 'https://127.0.0.1:1/', '--write-baseline', '/nonexistent-dir/known.json'], /--write-baseline: cannot write \/nonexistent-dir\/known\.json: ENOENT/],
    [['run', 'https://127.0.0.1:1/', '--write-baseline', '/tmp'], /--write-baseline: cannot write \/tmp: not a file/],
    [['list', '--case', 'x.y'], /unknown case id "x.y"/],
  ])('%j is a usage error (exit 2)', (args, message) => {
    const r = cli(args as string[]);
    expect(r.code, r.stderr).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(message as RegExp);
  });

  it('repeated list options add up: --format json --format junit writes both', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-cli-'));
    const r = cli(['run', 'https://127.0.0.1:1/taxii/', '--insecure', '--format', 'json', '--format', 'junit', '--report-dir', dir, '--area', 'discovery', '--area', 'api-base']);
    expect(r.code, r.stderr).toBe(3);
    expect(fs.readdirSync(dir).sort()).toEqual(['junit.xml', 'report.json']);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')) as { run: { selection: { areas: string[] }; options: { format: string[] } } };
    expect(report.run.selection.areas).toEqual(['discovery', 'api-base']);
    expect(report.run.options.format).toEqual(['json', 'junit']);
  });

  it('refuses a report directory or a baseline path it cannot write before sending anything', async () => {
    // A listener that counts connections: the run must not reach it.
    let connections = 0;
    const server = net.createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(server.address() as net.AddressInfo).port}/taxii/`;
    try {
      for (const args of [
        ['--report-dir', '/etc/hostname/reports'],
        ['--format', 'console', '--write-baseline', '/etc/hostname/known.json'],
      ]) {
        const r = cli(['run', url, '--insecure', ...args]);
        expect(r.code, r.stderr).toBe(2);
        oneLine(r.stderr);
        expect(r.stderr).toMatch(/cannot write .*ENOTDIR/);
      }
      expect(connections).toBe(0);
    } finally {
      server.close();
    }
  });

  it('--help shows numeric options as numbers, and run --help the exit codes and three examples', () => {
    const run = cli(['run', '--help']).stdout;
    expect(run).toMatch(/--timeout[\s\S]*?\[number\] \[default: 15000\]/);
    expect(run).toMatch(/--concurrency[\s\S]*?\[number\] \[default: 4\]/);
    expect(run).toContain('Exit codes: 0 gate passed, 1 gate failed');
    expect(run).toContain('3 target unreachable');
    const examples = run.slice(run.indexOf('Examples:'));
    expect(examples.match(/^ {2}taxii-conform run /gm)).toHaveLength(3);
    expect(cli(['mock', '--help']).stdout).toMatch(/--port[\s\S]*?\[number\] \[default: 8443\]/);
    expect(cli(['discover', '--help']).stdout).toMatch(/--timeout[\s\S]*?\[number\] \[default: 5000\]/);
  });

  it('list --area/--case previews what a run would select', () => {
    const r = cli(['list', '--area', 'tls', '--area', 'srv', '--case', 'tls.tls13,srv.record-exists']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('tls.tls13');
    expect(r.stdout).toContain('srv.record-exists');
    expect(r.stdout).not.toContain('tls.baseline-suite');
    expect(r.stdout).toMatch(/^2 of \d+ cases selected \(a preview/m);
    const json = JSON.parse(cli(['list', '--area', 'auth', '--format', 'json']).stdout) as { cases: { area: string }[] };
    expect(json.cases.length).toBeGreaterThan(0);
    expect(new Set(json.cases.map((c) => c.area))).toEqual(new Set(['auth']));
  });

  it("the README's CLI reference names every option of every command, and no other", () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## CLI reference'), readme.indexOf('\n## ', readme.indexOf('## CLI reference') + 1));
    const block = /```\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    // The block's lines, grouped by the command they follow ("taxii-conform <command>").
    const documented = new Map<string, Set<string>>();
    let current = '';
    for (const line of block.split('\n')) {
      const cmd = /^taxii-conform (\w+)/.exec(line)?.[1];
      if (cmd) current = cmd;
      const opts = documented.get(current) ?? new Set<string>();
      for (const m of line.matchAll(/--([a-z][a-z0-9-]*)/g)) opts.add(m[1]!.replace(/^no-/, ''));
      documented.set(current, opts);
    }
    const commands = ['run', 'mock', 'list', 'explain', 'discover'];
    expect([...documented.keys()].filter((k) => k !== '').sort()).toEqual([...commands].sort());
    for (const c of commands) {
      const help = cli([c, '--help']).stdout;
      // The options of --help: the lines of its Options section that start with one.
      const options = help.slice(help.indexOf('Options:'), help.includes('Examples:') ? help.indexOf('Examples:') : undefined);
      const offered = new Set([...options.matchAll(/^ {2}--([a-z][a-z0-9-]*)/gm)].map((m) => m[1]!).filter((o) => o !== 'help' && o !== 'version'));
      expect([...documented.get(c)!].sort(), `README lists for ${c}`).toEqual([...offered].sort());
    }
  });

  it('an unreachable target exits 3', () => {
    const r = cli(['run', 'https://127.0.0.1:1/taxii/', '--insecure', '--format', 'json', '--report-dir', fs.mkdtempSync(path.join(os.tmpdir(), 'tc-cli-'))]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/target unreachable: .*connection refused/);
  });

  it('mock --port on a port in use is a usage error', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = cli(['mock', '--port', String(port)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/in use/);
    } finally {
      blocker.close();
    }
  });

  it('mock --config: a bad field is one line and exit 2', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-cli-config-'));
    const cases: [unknown, RegExp][] = [
      [{ port: 'x' }, /"port" must be a number/],
      [{ bogus: 1 }, /unknown option "bogus"/],
      [{ fault: 'jwt-alg-none' }, /"fault" must be an array of strings/],
      [[1, 2], /expected a JSON object/],
      [{ fault: ['nope'] }, /unknown fault "nope"/],
      [{ profile: 'taxii1' }, /"profile" must be an array of strings/],
      [{ profile: ['taxii9'] }, /unknown profile "taxii9"/],
      [{ 'max-connections': 'many' }, /"max-connections" must be a number/],
      [{ 'idle-timeout-ms': 0 }, /--idle-timeout-ms must be an integer from 1/],
      [{ 'headers-timeout-ms': 99_999_999 }, /headersTimeoutMs must be a whole number from 1 to 3600000/],
      [{ 'max-subscriptions-per-caller': 'ten' }, /"max-subscriptions-per-caller" must be a number/],
      [{ 'max-subscriptions-per-channel': 0 }, /--max-subscriptions-per-channel must be an integer from 1/],
      [{ 'page-size': 0 }, /--page-size must be an integer from 1 to 10000 \(got 0\)/],
      [{ 'page-size': 'five' }, /"page-size" must be a number/],
      [{ 'status-pending-ms': 600_001 }, /--status-pending-ms must be an integer from 0 to 600000/],
    ];
    for (const [content, message] of cases) {
      const f = path.join(dir, 'c.json');
      fs.writeFileSync(f, JSON.stringify(content));
      const r = cli(['mock', '--config', f]);
      expect(r.code, r.stderr).toBe(2);
      oneLine(r.stderr);
      expect(r.stderr).toMatch(message);
    }
  });

  it('mock --list-faults prints one JSON object a line', () => {
    const r = cli(['mock', '--list-faults']);
    expect(r.code).toBe(0);
    const faults = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { name: string; profile: string; description: string; breaks: string[] });
    expect(faults.length).toBeGreaterThan(40);
    // `scopes`: the URL kinds a fault can be switched on for alone (--fault NAME@KIND), where it takes one.
    for (const f of faults) expect(Object.keys(f)).toEqual(['name', 'profile', 'description', 'breaks', ...('scopes' in f ? ['scopes'] : [])]);
    expect((faults.find((f) => f.name === 'ignore-accept') as { scopes?: string[] }).scopes).toContain('get-collection');
    expect(faults.find((f) => f.name === 'no-405')).not.toHaveProperty('scopes');
    expect(new Set(faults.map((f) => f.profile))).toEqual(new Set(['taxii2-predraft', 'taxii1', 'taxii21']));
    expect(faults.find((f) => f.name === 'no-405')?.profile).toBe('taxii2-predraft');
    expect(faults.find((f) => f.name === 'tls-weak-suites')?.profile).toBe('taxii2-predraft');
    // A host fault is listed once for each profile claiming it.
    expect(faults.filter((f) => f.name === 'plain-http').map((f) => f.profile)).toEqual(['taxii2-predraft', 'taxii21']);
    expect(faults.find((f) => f.name === 'taxii1-get-allowed')?.profile).toBe('taxii1');
  });

  it('mock --list-variants prints one JSON object a line, each with the freedom it takes', () => {
    const r = cli(['mock', '--list-variants']);
    expect(r.code).toBe(0);
    const variants = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { name: string; profile: string; freedom: string });
    expect(variants.length).toBeGreaterThan(0);
    for (const v of variants) expect(Object.keys(v)).toEqual(['name', 'profile', 'description', 'freedom', 'conflicts']);
    expect(variants.find((v) => v.name === 'long-poll-wait-4s')?.profile).toBe('taxii2-predraft');
  });

  it('list and explain describe the catalog', () => {
    const list = JSON.parse(cli(['list', '--format', 'json']).stdout) as { cases: { id: string }[]; requirements: { id: string }[] };
    expect(list.cases.length).toBeGreaterThanOrEqual(60);
    expect(list.requirements.length).toBeGreaterThan(100);
    const ex = cli(['explain', 'status-codes.406-not-acceptable']);
    expect(ex.code).toBe(0);
    expect(ex.stdout).toContain('T2-STATUS-406');
    expect(ex.stdout).toContain('HTTP: each request and response (redacted, bounded) and the curl line that replays it.');
  });

  it('explain describes the evidence and the replay line of each kind of step', () => {
    const baseline = cli(['explain', 'tls.baseline-suite']).stdout;
    expect(baseline).toContain('TLS: each handshake: the versions and every suite offered (name and code point)');
    expect(baseline).toContain("openssl s_client -connect <host>:<port> -servername <host> -tls1_2 -cipher 'ECDHE-RSA-AES256-SHA384:@SECLEVEL=0' </dev/null");
    expect(baseline).not.toMatch(/curl/);
    const des3 = cli(['explain', 'tls.refuses-3des']).stdout;
    expect(des3).toContain('a raw ClientHello offering class 3des, TLSv1.2 with 11 suites');
    expect(des3).toMatch(/cannot offer these suites: only taxii-conform's raw ClientHello can/);
    expect(des3).toContain('taxii-conform run <url> --profile taxii2-predraft --case tls.refuses-3des');
    const cert = cli(['explain', 'tls.certificate-name']).stdout;
    expect(cert).toContain('-showcerts');
    // A check weaker than the sentence it quotes shows its reason beside it.
    expect(cert).toMatch(/SHOULD +certificate .*\[T2-HTTPS-02\]\n +\(T2-HTTPS-02 is MUST; SHOULD because: The sentence asks for HTTPS; /);
    const srv = cli(['explain', 'srv.record-exists']).stdout;
    expect(srv).toContain('DNS: the SRV question, the records and their addresses, and the dig line that asks again.');
    expect(srv).toContain('dig @<dns-server> -p <port> SRV _taxii._tcp.{srvDomain}');
    expect(srv).toContain('taxii-conform run <url> --srv <domain> --dns-server <host:port> --profile taxii2-predraft --case srv.record-exists');
  });

  /** Starts `taxii-conform mock …` and resolves with what it printed once it is ready. */
  async function startCliMock(args: string[]): Promise<{ child: ReturnType<typeof spawn>; out: () => string }> {
    const child = spawn(process.execPath, [bin, 'mock', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`mock did not start: ${out}`)), 20_000);
      child.stdout!.on('data', () => {
        if (out.includes('Ctrl-C stops it')) {
          clearTimeout(t);
          resolve();
        }
      });
    });
    return { child, out: () => out };
  }

  async function stop(child: ReturnType<typeof spawn>): Promise<number | null> {
    child.kill('SIGTERM');
    return new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  }

  it('mock prints every mounted profile\'s entry URL, the certificate\'s path and the credentials, and stops cleanly on SIGTERM', async () => {
    const { child, out } = await startCliMock(['--port', '0', '--user', 'u', '--password', 'p']);
    expect(out()).toMatch(/taxii2-predraft: +https:\/\/127\.0\.0\.1:\d+\/taxii\/\n/);
    expect(out()).toMatch(/taxii1: +https:\/\/127\.0\.0\.1:\d+\/taxii1\/discovery\n/);
    const cert = /certificate: +(\S+)/.exec(out())?.[1];
    expect(fs.readFileSync(cert!, 'utf8')).toContain('-----BEGIN CERTIFICATE-----');
    expect(out()).toMatch(/user: +u\n/);
    expect(await stop(child)).toBe(0);
    expect(out()).toContain('stopped');
  });

  it('mock --profile mounts only that profile; a certificate made for the run is written for clients, and removed when it stops', async () => {
    const { child, out } = await startCliMock(['--port', '0', '--profile', 'taxii1', '--dns-port', '0']);
    expect(out()).toMatch(/taxii1: +https:\/\/127\.0\.0\.1:\d+\/taxii1\/discovery\n/);
    expect(out()).not.toContain('taxii2-predraft');
    const cert = /certificate: +(\S+) \(written for this run/.exec(out())?.[1];
    expect(fs.readFileSync(cert!, 'utf8')).toContain('-----BEGIN CERTIFICATE-----');
    expect(await stop(child)).toBe(0);
    expect(fs.existsSync(cert!)).toBe(false);
  });
});
