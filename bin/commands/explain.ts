// `taxii-conform explain <case-id>`: what a case checks, with the spec's words, and how to
// reproduce it by hand.
import type { Argv, CommandModule } from 'yargs';
import { UsageError } from '../cli-errors.js';
import { profileOption, resolveProfile, valueOptions } from '../options.js';
import type { Assertion, Step } from '../../suites/core/types.js';
import { flatSteps } from '../../suites/core/catalog.js';
import { offerClass } from '../../suites/probes/tls-offers.js';
import { describeSuites } from '../../suites/probes/tls-suites.js';
import { sClientOfferArgs } from '../../suites/core/tls-evidence.js';

interface ExplainArgs {
  id: string;
  profile: string;
}

function describeAssertion(a: Assertion): string {
  if (a.status !== undefined) return `status ${Array.isArray(a.status) ? a.status.join(' or ') : a.status}`;
  if (a.statusNot !== undefined) return `status not ${a.statusNot.join(' or ')}`;
  if (a.statusClass !== undefined) return `status ${a.statusClass}`;
  if (a.header) return `header ${a.header.name}${a.header.present === false ? ' absent' : a.header.equals ? ` = ${a.header.equals}` : a.header.matches ? ` ~ /${a.header.matches}/` : ' present'}`;
  if (a.mediaType) return `Content-Type ${a.mediaType}`;
  if (a.schema) return `body is a valid ${a.schema} message`;
  if (a.json) return `JSON ${a.json.pointer} ${JSON.stringify({ ...a.json, pointer: undefined })}`;
  if (a.maxDurationMs !== undefined) return `answer within ${a.maxDurationMs} ms`;
  if (a.minDurationMs !== undefined) return `answer no sooner than ${a.minDurationMs} ms`;
  if (a.bodyMaxBytes !== undefined) return `body at most ${a.bodyMaxBytes} octets`;
  if (a.bodyMinBytes !== undefined) return `body more than ${a.bodyMinBytes} octets`;
  if (a.notTaxiiMessage) return 'no TAXII message in the body';
  if (a.wireRules) return "the message follows the binding's rules (namespace, names, ids, headers)";
  if (a.srvRecords) return `at least ${a.srvRecords.min} SRV record(s)`;
  if (a.srvUsable) return 'usable SRV records (host and port, not ".")';
  if (a.srvTargetsResolve) return 'every SRV target has an address';
  if (a.handshake) return `handshake ${a.handshake}`;
  if (a.certificate) return `certificate ${Object.keys(a.certificate).join(', ')}`;
  return '?';
}

/** What a TLS step offers, in words. */
function tlsStepText(t: NonNullable<Step['tls']>): string {
  if (t.certificate) return 'TLS certificate read (node:tls, TLS 1.0–1.3, every suite this OpenSSL has)';
  if (t.enumerate) return 'TLS suite listing: per version (SSL 3.0 to TLS 1.3), raw ClientHellos with every suite of the table, the one the server picks removed each time';
  const k = offerClass(t.offerClass ?? '');
  return k ? `TLS handshake: a raw ClientHello offering class ${k.id}, ${describeSuites(k.offer.minVersion, k.offer.maxVersion, k.suites)}` : `TLS handshake offering class ${t.offerClass}`;
}

/** The commands that replay the steps by hand, where a tool can. */
function reproduceLines(steps: Step[]): string[] {
  const lines: string[] = [];
  for (const s of steps) {
    if (s.dns) lines.push(`dig @<dns-server> -p <port> SRV _taxii._tcp.${s.dns.srv}`);
    if (s.tls?.certificate) lines.push('openssl s_client -connect <host>:<port> -servername <host> -showcerts </dev/null');
    const k = s.tls?.offerClass !== undefined ? offerClass(s.tls.offerClass) : undefined;
    if (k) {
      const args = sClientOfferArgs(k.offer.minVersion, k.offer.maxVersion, k.suites);
      lines.push(
        args
          ? `openssl s_client -connect <host>:<port> -servername <host> ${args.join(' ')} </dev/null`
          : `(this machine's OpenSSL ${process.versions.openssl} cannot offer these suites: only taxii-conform's raw ClientHello can; re-run the case:)`,
      );
    }
  }
  if (steps.some((s) => s.request || s.parallel)) lines.push('(HTTP: the curl lines in the evidence; run the case alone:)');
  return lines;
}

export const explainCommand: CommandModule<object, ExplainArgs> = {
  command: 'explain <id>',
  describe: 'Explain a case: the requirements it checks (quoted), its requests, how to reproduce it',
  builder: (y: Argv) =>
    valueOptions(y.positional('id', { type: 'string', describe: 'Case id (see `taxii-conform list`)' }).option('profile', profileOption), ['id']) as unknown as Argv<ExplainArgs>,
  handler: (args) => {
    const p = resolveProfile(args.profile);
    const c = p.cases().find((x) => x.id === args.id);
    if (!c) {
      const near = p.cases().filter((x) => x.id.includes(args.id.split('.').pop() ?? args.id)).slice(0, 5).map((x) => x.id);
      throw new UsageError(`unknown case id "${args.id}"${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`);
    }
    const reqs = new Map(p.requirements().map((r) => [r.id, r]));
    const out = [`${c.id} — ${c.title}`, `area ${c.area}, level ${c.level}, spec section "${c.section}"`];
    if (c.description) out.push('', c.description);
    out.push('', 'Requirements:');
    for (const id of c.requirements) {
      const r = reqs.get(id);
      if (r) out.push(`  ${r.id} (${r.level}, ${r.section}):`, `    "${r.text}"`);
    }
    if (c.needs?.length) out.push('', `Needs: ${c.needs.join(', ')}`);
    if (c.info) out.push('', 'An observation: reported, never failed.');
    out.push('', 'Steps:');
    flatSteps(c.steps).forEach((s, i) => {
      if (s.parallel) {
        out.push(`  ${i + 1}. at the same time:`);
        return;
      }
      const each = s.forEach ? `  (for each {item} of {${s.forEach}})` : '';
      const r = s.request;
      if (r) {
        out.push(`  ${i + 1}. ${r.method} ${r.url}${r.auth && r.auth !== 'default' ? `  (auth: ${r.auth})` : ''}${s.delayMs ? `  after ${s.delayMs} ms` : ''}${each}`);
        for (const [k, v] of Object.entries(r.headers ?? {})) out.push(`       ${k}: ${v === '' ? '(not sent)' : v}`);
        if (r.json !== undefined) out.push(`       body: ${JSON.stringify(r.json)}`);
        if (r.message !== undefined) out.push(`       message (encoded by the profile's binding): ${JSON.stringify(r.message)}`);
        if (r.raw !== undefined) out.push(`       body: ${r.raw}`);
        if (r.generate) out.push(`       body: generated ${r.generate.kind} of ${r.generate.bytes} octets`);
      } else if (s.dns) {
        out.push(`  ${i + 1}. DNS SRV lookup of _taxii._tcp.${s.dns.srv}${each}`);
      } else if (s.tls) {
        out.push(`  ${i + 1}. ${tlsStepText(s.tls)} to ${s.tls.url ?? '{target}'}${each}`);
      }
      for (const pre of s.require ?? []) out.push(`       skip unless ${describeAssertion(pre)} (${pre.reason})`);
      for (const ch of s.expect ?? []) out.push(`       ${ch.level.padEnd(8)} ${describeAssertion(ch)}   [${ch.requirement}]`);
    });
    const steps = flatSteps(c.steps);
    out.push('', 'Evidence (report.json, index.html; the console with --verbose):');
    if (steps.some((s) => s.request || s.parallel)) out.push('  HTTP: each request and response (redacted, bounded) and the curl line that replays it.');
    if (steps.some((s) => s.tls && !s.tls.certificate)) {
      out.push('  TLS: each handshake: the versions and every suite offered (name and code point), the ServerHello or alert, the time, and a replay line.');
    }
    if (steps.some((s) => s.tls?.certificate)) out.push('  TLS: the certificate read, and the openssl s_client -showcerts line that shows it.');
    if (steps.some((s) => s.dns)) out.push('  DNS: the SRV question, the records and their addresses, and the dig line that asks again.');
    out.push('', 'Reproduce:');
    for (const line of reproduceLines(steps)) out.push(`  ${line}`);
    const srv = c.needs?.includes('srv') ? ' --srv <domain> --dns-server <host:port>' : '';
    out.push(`  taxii-conform run <url>${srv} --profile ${p.id} --case ${c.id} --verbose`);
    process.stdout.write(`${out.join('\n')}\n`);
  },
};
