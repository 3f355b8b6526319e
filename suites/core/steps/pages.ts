// The pages step kind: walks a paged list (TAXII 2.1 §3.4–3.5) from its first page until
// `more` is not true, following the server's `next` token (sent with the original query) or,
// without one, `added_after` set to the page's `X-TAXII-Date-Added-Last` header; or an answer
// in parts (`follow: "parts"`, TAXII 1.1 multi-part poll results) part after part as the
// profile's parts hook asks for them (followParts, which request steps use too). Bounded in
// pages and in octets; every page is kept as evidence (within the report's bounds). The walk
// is judged by the `walk` assertion; `collect` keeps the walk's items (their keys) in a
// variable, for a later walk to compare with.
import { Type, type Static } from '@sinclair/typebox';
import { ref, stringEnum } from '../schema-kit.js';
import { jsonPointer } from '../template.js';
import { parseBody } from '../assertions/body.js';
import type { HttpResponse } from '../../probes/http.js';
import { WALK_BOUNDS, followParts, partItems, withoutItems } from './parts.js';
import type { RequestSpec } from './request.js';
import { capture, sendKept } from './request.js';
import { defineStepKind, ProbeFailed } from './kind.js';


export const PagesSpecSchema = Type.Object(
  {
    request: ref<RequestSpec>('request'),
    follow: stringEnum(['next', 'added-after', 'parts'] as const, {
      description:
        "`next`: the original URL with `next=<the page's next>` (a page without one goes on by `added_after`, A-09); `added-after`: with `added_after=<the page's X-TAXII-Date-Added-Last>`; `parts`: an answer in parts, each next part asked for as the profile's parts hook says (TAXII 1.1: a Poll Fulfillment Request), items where the hook says.",
    }),
    items: Type.Optional(Type.String({ description: 'JSON pointer of the items of a page (default `/objects`).' })),
    key: Type.Optional(Type.Array(Type.String(), { minItems: 1, description: 'Pointers inside an item that identify it (default `/id` and `/version`, else `/modified`).' })),
    maxPages: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: `Pages at most (default ${50}).` })),
    maxBytes: Type.Optional(Type.Integer({ minimum: 1024, maximum: 256 * 1024 * 1024, description: 'Octets of page bodies at most (default 16 MiB).' })),
    emptyStatuses: Type.Optional(
      Type.Array(Type.Integer({ minimum: 100, maximum: 599 }), {
        minItems: 1,
        description: 'Statuses a follow-up page may answer for "nothing left" (e.g. 404 of Get an Object whose filters now exclude everything, A-17): the walk ends there, complete.',
      }),
    ),
    collect: Type.Optional(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9]*$', description: 'A variable that receives the walk\'s item keys (a JSON array), for a later `walk.sameItemsAs`.' })),
  },
  { additionalProperties: false, title: 'Pages', description: 'A paged list walked to its end (bounded).' },
);
export type PagesSpec = Static<typeof PagesSpecSchema>;

/** One page of a walk. */
export interface Page {
  url: string;
  status: number;
  items: unknown[];
  more: unknown;
  next: unknown;
  /** A part (`follow: "parts"`): the decoded part without its items, for the walk's conditions on each part (`numbered`, `same`). */
  head?: unknown;
  /** X-TAXII-Date-Added-First / -Last. */
  first?: string;
  last?: string;
}

/** A walk: its pages, every item in order, and why it stopped. */
export interface Walk {
  pages: Page[];
  items: unknown[];
  /** The key of each item (its key pointers' values joined), in order. */
  keys: string[];
  /** True when the last page said `more` was not true (the walk reached the end). */
  complete: boolean;
  stopped: string;
  /** The last response (for the HTTP evidence). */
  res?: HttpResponse;
}

/** An item's identity: the key pointers' values, `|`-joined (a missing version falls back to `modified`). */
export function itemKey(item: unknown, key: readonly string[] | undefined): string {
  if (key) return key.map((k) => JSON.stringify(jsonPointer(item, k) ?? null)).join('|');
  const version = jsonPointer(item, '/version') ?? jsonPointer(item, '/modified') ?? jsonPointer(item, '/created') ?? null;
  return `${JSON.stringify(jsonPointer(item, '/id') ?? null)}|${JSON.stringify(version)}`;
}

/** `url` with query parameter `name` set to `value` (any earlier one removed), the rest as it was. */
export function withParam(url: string, name: string, value: string): string {
  const u = new URL(url);
  u.searchParams.delete(name);
  const sep = u.search ? '&' : '?';
  return `${u.origin}${u.pathname}${u.search}${sep}${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
}

export const pagesStep = defineStepKind({
  key: 'pages',
  subject: 'pages',
  parallel: false,
  schema: PagesSpecSchema,
  fields: {},
  async run(spec, step, ctx) {
    const maxPages = spec.maxPages ?? WALK_BOUNDS.maxPages;
    const maxBytes = spec.maxBytes ?? WALK_BOUNDS.maxBytes;
    const walk: Walk = { pages: [], items: [], keys: [], complete: false, stopped: '' };
    let url: string | undefined;
    let bytes = 0;
    if (spec.follow === 'parts') {
      const hook = ctx.env.profile.parts;
      if (!hook) throw new ProbeFailed(`the ${ctx.env.profile.id} profile has no answers in parts (follow "parts")`);
      const first = await sendKept(spec.request, ctx);
      const parsed = parseBody(first.res, ctx.assertionEnv);
      const followed = await followParts(hook, first.res, parsed.ok ? parsed.value : undefined, parsed.ok ? undefined : parsed.why, async (m) => (await sendKept(spec.request, ctx, undefined, m)).res, (res) => parseBody(res, ctx.assertionEnv), { maxPages, maxBytes });
      followed.parts.forEach((part, i) => {
        const items = partItems(hook, part);
        walk.pages.push({ url: first.url, status: followed.responses[i]!.status, items, more: i < followed.parts.length - 1 || !followed.complete, next: undefined, head: withoutItems(hook, part) });
        walk.items.push(...items);
        walk.keys.push(...items.map((x) => itemKey(x, spec.key)));
      });
      walk.complete = followed.complete;
      walk.stopped = followed.stopped;
      walk.res = followed.responses[followed.responses.length - 1];
    } else for (;;) {
      const { res, url: here } = await sendKept(spec.request, ctx, url);
      walk.res = res;
      bytes += res.body.length;
      const parsed = res.body.length === 0 ? undefined : parseBody(res, ctx.assertionEnv);
      const body = parsed?.ok ? parsed.value : undefined;
      const items = jsonPointer(body, spec.items ?? '/objects');
      const page: Page = {
        url: here,
        status: res.status,
        items: Array.isArray(items) ? items : [],
        more: jsonPointer(body, '/more'),
        next: jsonPointer(body, '/next'),
        ...(res.headers['x-taxii-date-added-first'] ? { first: res.headers['x-taxii-date-added-first'] } : {}),
        ...(res.headers['x-taxii-date-added-last'] ? { last: res.headers['x-taxii-date-added-last'] } : {}),
      };
      walk.pages.push(page);
      walk.items.push(...page.items);
      walk.keys.push(...page.items.map((i) => itemKey(i, spec.key)));
      if (walk.pages.length > 1 && spec.emptyStatuses?.includes(res.status)) {
        walk.pages.pop();
        walk.complete = true;
        walk.stopped = `page ${walk.pages.length + 1} answered ${res.status}: nothing left`;
        break;
      }
      if (res.status !== 200) {
        walk.stopped = `page ${walk.pages.length} answered ${res.status}${parsed && !parsed.ok ? ` (${parsed.why})` : ''}`;
        break;
      }
      if (parsed && !parsed.ok) {
        walk.stopped = `page ${walk.pages.length}: ${parsed.why}`;
        break;
      }
      if (page.more !== true) {
        walk.complete = true;
        walk.stopped = `page ${walk.pages.length} says more ${page.more === undefined ? 'absent' : JSON.stringify(page.more)}`;
        break;
      }
      if (walk.pages.length >= maxPages) {
        walk.stopped = `${maxPages} pages walked and more is still true (the bound)`;
        break;
      }
      if (bytes >= maxBytes) {
        walk.stopped = `${bytes} octets read and more is still true (the bound: ${maxBytes})`;
        break;
      }
      // The original query: `next` goes with it (A-09); `added_after` replaces the previous one.
      const base = walk.pages[0]!.url;
      if (spec.follow === 'next' && typeof page.next === 'string' && page.next !== '') {
        url = withParam(base, 'next', page.next);
      } else {
        // No next (a manifest or versions list need not give one, A-11): added_after goes on (A-09).
        if (!page.last) {
          walk.stopped = `page ${walk.pages.length} says more true without X-TAXII-Date-Added-Last`;
          break;
        }
        url = withParam(url ?? base, 'added_after', page.last);
      }
    }
    ctx.note(`${walk.pages.length} ${spec.follow === 'parts' ? 'part' : 'page'}(s), ${walk.items.length} item(s): ${walk.stopped}`);
    if (spec.collect) ctx.vars.set(spec.collect, JSON.stringify(walk.keys));
    ctx.judge(step, 'pages', walk);
    // Captures read the last page (e.g. its X-TAXII-Date-Added-Last).
    if (!step.capture || !walk.res) return true;
    const parsed = parseBody(walk.res, ctx.assertionEnv);
    const missing = capture(step, walk.res, parsed.ok ? parsed.value : undefined, ctx.vars);
    if (missing) ctx.note(`the last page: ${missing}`);
    return missing === undefined;
  },
  explain: {
    describe: (p) => [
      `${p.request.method} ${p.request.url}, then ${p.follow === 'next' ? 'the same with next=<next>' : p.follow === 'parts' ? "a request for each next part, as the profile asks for one (TAXII 1.1: a Poll Fulfillment Request)" : 'the same with added_after=<X-TAXII-Date-Added-Last>'} while more is true (at most ${p.maxPages ?? WALK_BOUNDS.maxPages} pages, ${p.maxBytes ?? WALK_BOUNDS.maxBytes} octets)`,
    ],
    evidence: () => 'HTTP: every page (redacted, bounded) and the curl line that replays it.',
    reproduce: () => '(HTTP: the curl lines in the evidence; run the case alone:)',
  },
});
