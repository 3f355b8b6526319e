// Requirement × URL coverage: a requirement that governs several URLs (authentication on
// every endpoint, Accept on every GET, Content-Type on every POST…) is checked on each. A
// profile says which URLs its spec defines and which requirements govern which of them; the
// cases say where they check what. A governed cell no case checks needs a written reason.
import type { LoadedCase, Step } from './types.js';

/** One row of the spec's URL table: a method and a URL shape, matched against a request step's URL template. */
export interface UrlKind {
  /**
   * A stable short id, `<method>-<resource>` in lower case (e.g. `get-channel`): what a fault's
   * scope names (`mock --fault ignore-accept@get-channel`) and the mock's router gives a request.
   */
  id: string;
  /** As the spec writes it, e.g. `GET [API-Base]/channels/<channel-name>/`. */
  name: string;
  method: string;
  /** A regular expression over the step's URL template (e.g. `^\{apiBase\}channels/[^/?]+/(\?.*)?$`). */
  url: string;
}

/** A requirement and the URL kinds it governs; `reasons`: why a governed cell has no case. */
export interface Governed {
  requirement: string;
  /** What the requirement demands there, in a few words (a column of the doc). */
  what: string;
  urls: readonly string[];
  reasons?: Readonly<Record<string, string>>;
}

export interface CoverageSpec {
  urlKinds: readonly UrlKind[];
  governs: readonly Governed[];
}

type Sent = { request: { method: string; url: string }; expect?: Step['expect'] };

/** Every request a case sends, with its checks: request steps and paged walks (their first request's URL), parallel groups opened. */
function requestSteps(steps: readonly Step[]): Sent[] {
  return steps.flatMap((s): Sent[] => {
    if ('parallel' in s && Array.isArray(s.parallel)) return requestSteps(s.parallel as Step[]);
    if ('request' in s) return [s as Sent];
    const pages = (s as { pages?: { request?: Sent['request'] } }).pages;
    return pages?.request ? [{ request: pages.request, expect: s.expect }] : [];
  });
}

/** The URL kind a request step is sent to, if it is one of the spec's. */
export function urlKindOf(spec: CoverageSpec, method: string, url: string): UrlKind | undefined {
  return spec.urlKinds.find((k) => k.method === method && new RegExp(k.url).test(url));
}

/** The URL kinds a requirement governs (their ids), in the URL table's order; none when it governs no several URLs. */
export function governedKinds(spec: CoverageSpec, requirement: string): UrlKind[] {
  const g = spec.governs.find((x) => x.requirement === requirement);
  return g ? spec.urlKinds.filter((k) => g.urls.includes(k.name)) : [];
}

/** requirement → URL kind → the cases that check the requirement on a request to that URL kind. */
export function coverageOf(cases: readonly LoadedCase[], spec: CoverageSpec): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  for (const c of cases) {
    for (const s of requestSteps(c.steps)) {
      const kind = urlKindOf(spec, s.request.method, s.request.url);
      if (!kind) continue;
      for (const check of s.expect ?? []) {
        const row = out.get(check.requirement) ?? new Map<string, string[]>();
        const ids = row.get(kind.name) ?? [];
        if (!ids.includes(c.id)) ids.push(c.id);
        row.set(kind.name, ids);
        out.set(check.requirement, row);
      }
    }
  }
  return out;
}

/** Governed cells no case checks and no reason explains: `requirement @ URL kind`. */
export function emptyCells(cases: readonly LoadedCase[], spec: CoverageSpec): string[] {
  const cov = coverageOf(cases, spec);
  return spec.governs.flatMap((g) => g.urls.filter((u) => !cov.get(g.requirement)?.get(u)?.length && !g.reasons?.[u]).map((u) => `${g.requirement} @ ${u}`));
}

/** The matrix as Markdown: a section per governed requirement, a row per URL kind it governs. */
export function coverageMarkdown(title: string, cases: readonly LoadedCase[], spec: CoverageSpec): string[] {
  const cov = coverageOf(cases, spec);
  const lines = [`## ${title}`, ''];
  for (const g of spec.governs) {
    lines.push(`### ${g.requirement}: ${g.what}`, '', '| URL | Cases | Why none |', '|---|---|---|');
    for (const u of g.urls) {
      const ids = cov.get(g.requirement)?.get(u) ?? [];
      lines.push(`| \`${u}\` | ${ids.map((i) => `\`${i}\``).join(', ') || '—'} | ${ids.length ? '' : g.reasons?.[u] ?? '**(empty: no reason)**'} |`);
    }
    lines.push('');
  }
  return lines;
}
