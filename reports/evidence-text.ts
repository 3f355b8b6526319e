// Evidence as text, shared by the console and JUnit reports: the line that replays an
// exchange, and labelled lines for TLS handshakes and DNS lookups (the offered suites folded
// to a few: the full list is in report.json and index.html).
import type { DnsEvidence, Evidence, SuiteRef, TlsEvidence } from '../suites/core/types.js';

/** The command that replays an exchange: curl, openssl s_client, dig or taxii-conform run. */
export function reproduceLine(ev: Evidence): string {
  return ev.kind === 'http' ? ev.curl : ev.reproduce;
}

/** "DES-CBC3-SHA 0x000A". */
export function suiteText(s: SuiteRef): string {
  return `${s.name} ${s.code}`;
}

/** The suites, the first `fold` of them when there are more (then "… (+N more, all in report.json)"). */
export function suitesText(suites: readonly SuiteRef[], fold = Infinity): string {
  if (suites.length <= fold) return suites.map(suiteText).join(', ');
  return `${suites.slice(0, fold).map(suiteText).join(', ')}, … (+${suites.length - fold} more: every one in report.json and index.html)`;
}

/** "TLSv1.2" or "TLSv1–TLSv1.2". */
export function versionsOf(ev: TlsEvidence): string {
  const v = ev.offered.versions;
  return v.length <= 1 ? (v[0] ?? '?') : `${v[0]}–${v[v.length - 1]}`;
}

/** What the server answered, one line. */
export function tlsAnswerText(ev: TlsEvidence): string {
  const a = ev.answer;
  if (a.certificate) return `${a.version ?? 'TLS'}; certificate ${a.certificate}`;
  if (a.outcome === 'accepted') {
    const suite = a.suite ? `${suiteText(a.suite)}${a.suite.iana && a.suite.iana !== a.suite.name ? ` (${a.suite.iana})` : ''}` : '?';
    return `ServerHello ${a.version ?? '?'} ${suite}${a.helloRetry ? ' (HelloRetryRequest)' : ''}`;
  }
  if (a.outcome === 'refused') return a.alert ? `alert ${a.alert}` : a.version ? `ServerHello ${a.version}, outside the offered versions` : 'closed without an alert';
  return a.detail;
}

/** The DNS answer, one line: the records with their addresses, or why there are none. */
export function dnsAnswerText(ev: DnsEvidence): string {
  if (ev.answers.length === 0) return ev.error ?? 'no record';
  return ev.answers.map((r) => `${r.priority} ${r.weight} ${r.port} ${r.target} (ttl ${r.ttl}) → ${r.addresses.length ? r.addresses.join(' ') : 'no address'}`).join('; ');
}

/** Labelled lines for a TLS or DNS exchange: what went out, what came back, how long, how to replay it. */
export function evidenceLines(ev: TlsEvidence | DnsEvidence, fold: number): [string, string][] {
  if (ev.kind === 'dns') {
    return [
      ['Question', `${ev.question.name} ${ev.question.type} to ${ev.server}`],
      ['Answer', `${dnsAnswerText(ev)}${ev.answers.length && ev.error ? ` (${ev.error})` : ''} — ${ev.durationMs} ms`],
      ['Reproduce', ev.reproduce],
    ];
  }
  const to = `${ev.client === 'raw' ? 'raw ClientHello' : 'node:tls'} to ${ev.target}${ev.servername ? ` (SNI ${ev.servername})` : ''}`;
  return [
    ['Offered', `${versionsOf(ev)}, ${ev.offered.suites.length} suite(s), ${to}: ${suitesText(ev.offered.suites, fold)}`],
    ['Answer', `${tlsAnswerText(ev)} — ${ev.durationMs} ms`],
    ['Reproduce', ev.reproduce],
  ];
}
