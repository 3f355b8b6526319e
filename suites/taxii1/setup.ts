// Before any taxii1 case runs: the target is a TAXII 1.x Discovery service. Ask it for its
// services (Discovery Request, in the run's binding), then the Feed Management service for
// its feeds, then poll each feed once to learn what the cases can use: a feed with dated
// content, one the credentials may not use, one that answers PENDING, and the one Inbox
// content lands in. Setup only reads: it never subscribes or sends content.
import { randomInt } from 'node:crypto';
import type { Profile, SetupContext, SetupResult } from '../core/profile.js';
import type { HttpExchange, HttpResponse } from '../probes/http.js';
import { followParts, joinParts } from '../core/steps/parts.js';
import { TAXII1_PARTS } from './parts.js';
import { describeMessageUrl, readMessageUrl } from '../core/message-url.js';
import { preview } from '../core/bounds.js';
import { BINDINGS, type Binding } from './bindings/index.js';
import { CUSTOM_ERROR_TYPE_PREFIX } from './bindings/xml-common.js';
import { CLOSEST_ERROR_TYPE, statusText as errorText, type ErrorType, type SubscriptionAction, type FeedRecord, type PollResponse, type ServiceRecord, type ServiceType, type Taxii1Message } from './model.js';

/** Feeds polled at most during setup (a server may list thousands). */
const MAX_FEEDS_POLLED = 16;

/** Advertised addresses the cases POST to at most (a server may list thousands). */
const MAX_ADDRESSES_CHECKED = 32;

/**
 * Content an earlier run of this suite left in a feed (TAXII 1.x cannot take Inbox content
 * back): its packages declare the suite's namespace. Setup does not count it, so no run
 * depends on what another left.
 */
export const OWN_CONTENT_NAMESPACE = 'https://taxii-conform.invalid/ns';
const isOwnContent = (content: unknown): boolean => typeof content === 'string' && content.includes(OWN_CONTENT_NAMESPACE);

/** Microseconds since 1970 of a TAXII timestamp label, or undefined. */
function labelMicros(label: string | undefined): number | undefined {
  if (label === undefined) return undefined;
  const m = /^(-?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}:\d{2})$/.exec(label.trim());
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}${m[3]}`);
  return Number.isNaN(ms) ? undefined : ms * 1000 + Number((m[2] ?? '').padEnd(6, '0'));
}

/** The binding a binding-dependent case uses for "another binding" (negotiation). */
export function otherBinding(b: Binding): Binding {
  // Never TAXII 1.1 for a run in another binding: a server that always answers in 1.1 (ignoring
  // X-TAXII-Accept) must not pass the negotiation case by accident.
  return b.id === 'xml-1.1' ? BINDINGS['xml-1.0'] : b.id === 'xml-1.0' ? BINDINGS['xml-1.0-draft'] : BINDINGS['xml-1.0'];
}

/** The run variables a binding gives every case, whatever the target. */
export function bindingVars(b: Binding): Map<string, string> {
  const vars = new Map<string, string>([
    ['binding', b.id],
    ['messageBinding', b.contentType],
    ['protocolBinding', b.protocol],
    ['httpProtocol', b.httpProtocol],
    ['servicesVersion', b.servicesVersion],
    ['otherMessageBinding', otherBinding(b).contentType],
    ['namespace', b.namespace],
    // For raw (malformed) bodies written by hand: the Discovery Request's root and id attribute.
    ['discoveryRequestRoot', b.roots['discovery-request']],
    ['messageIdAttribute', b.id === 'xml-1.0-draft' ? 'message-id' : 'message_id'],
  ]);
  // The draft HTTP binding has no X-TAXII-Services.
  if (b.sendsServicesHeader) vars.set('servicesHeader', b.servicesVersion);
  const has = (a: SubscriptionAction): boolean => b.actions.includes(a);
  if (has('PAUSE')) vars.set('actionPause', 'PAUSE');
  if (has('RESUME')) vars.set('actionResume', 'RESUME');
  if (has('MODIFY')) vars.set('actionModify', 'MODIFY');
  // A data-model action this binding does not define (an Unrecognized Value here).
  const foreign = (['PAUSE', 'RESUME', 'MODIFY'] as const).find((a) => !has(a));
  if (foreign) vars.set('otherBindingAction', foreign);
  // Only TAXII 1.1's subscription records carry a status; only 1.1 names destination feeds.
  if (b.id === 'xml-1.1') {
    vars.set('statusActive', 'ACTIVE');
    vars.set('statusPaused', 'PAUSED');
    vars.set('statusUnsubscribed', 'UNSUBSCRIBED');
  }
  // The status types that answer a condition: the binding's own type for it, else its closest
  // or the generic FAILURE (TAXII 1.0 and 1.1 have no Unsupported Service, no Unrecognized Value).
  const typesFor = (t: ErrorType): string => {
    if (!b.errorTypeToWire(t).startsWith(CUSTOM_ERROR_TYPE_PREFIX)) return `^${t}$`;
    return `^(${[...new Set([CLOSEST_ERROR_TYPE[t] ?? 'FAILURE', 'FAILURE'])].join('|')})$`;
  };
  vars.set('unsupportedServiceTypes', typesFor('UNSUPPORTED-SERVICE'));
  vars.set('unrecognizedValueTypes', typesFor('UNRECOGNIZED-VALUE'));
  // A message id every binding can echo (1.0: digits; 1.1: a URI; the draft: 32 hex digits), for a
  // request answered in another binding (X-TAXII-Accept): the published 1.0 XSD refuses any
  // other in_response_to.
  vars.set('portableMessageId', `${randomInt(1, 10)}${Array.from({ length: 31 }, () => randomInt(10)).join('')}`);
  // Message ids in the binding's format, for the cases that check in-response-to.
  for (const n of ['A', 'B', 'C', 'D', 'E', 'F']) vars.set(`messageId${n}`, b.newMessageId());
  return vars;
}

interface Answer {
  x: HttpExchange;
  message?: Taxii1Message;
  why?: string;
}


export async function setupTaxii1(ctx: SetupContext, binding: Binding, profile: Profile): Promise<SetupResult> {
  const vars = bindingVars(binding);
  const notes: string[] = [`speaking the ${binding.title} (X-TAXII-Content-Type ${binding.contentType}) over the HTTPS protocol binding`];
  const problems: string[] = [];
  // Why a variable has no value in this run, where setup knows better than the profile's general reason.
  const missing = new Map<string, string>();
  const target = ctx.target;

  const exchange = async (url: string, message: Record<string, unknown>, auth?: 'none'): Promise<Answer> => {
    const enc = profile.encode!(message);
    const x = await ctx.send({ method: 'POST', url, headers: enc.headers, body: enc.body, ...(auth ? { auth } : {}) });
    if (!x.response) return { x, why: x.error ?? 'no response' };
    if (x.response.truncated) return { x, why: 'the answer is too large' };
    const d = profile.decode!(x.response.body, x.response.headers);
    return d.ok ? { x, message: d.value as Taxii1Message } : { x, why: d.why };
  };

  if (/^http:/i.test(target)) {
    problems.push(`${target} is plain HTTP: the taxii1 profile speaks the HTTPS protocol binding (X-TAXII-Protocol ${binding.protocol}), so the target will refuse its requests`);
  }

  // The target is the Discovery service by definition: its cases run (and fail) even when it
  // does not answer with a Discovery Response.
  vars.set('discovery', target);
  // Cases about the 2012 draft binding itself (its message-id format, element names).
  if (binding.id === 'xml-1.0-draft') vars.set('draftDiscovery', target);

  // 1. Discovery.
  const disc = await exchange(target, { type: 'discovery-request' });
  if (!disc.x.response) return { vars, notes, problems, missing, unreachable: `${target}: ${disc.x.error}` };
  const dm = disc.message;
  if (dm?.type !== 'discovery-response') {
    const status = disc.x.response.status;
    if (dm?.type === 'error' && dm['error-type'] === 'UNAUTHORIZED') {
      problems.push(
        ctx.hasCredentials
          ? `${target} refused the run's credentials (${errorText(dm)}); cases that need access will fail or skip`
          : `${target} requires authentication (${errorText(dm)}): give --user/--password`,
      );
    } else if (dm?.type === 'error') {
      problems.push(`${target} answered a Discovery Request with an error message, not a Discovery Response: ${errorText(dm)}`);
    } else {
      problems.push(`${target} answered a Discovery Request (HTTP ${status}) with no Discovery Response: ${disc.why ?? `a ${dm?.type} message`}`);
    }
    return { vars, notes, problems, missing };
  }
  // 2. The services: those of the binding's services version over HTTPS that take this binding.
  const services = Array.isArray(dm.services) ? dm.services : [];
  const usable = (s: ServiceRecord): boolean =>
    typeof s.address === 'string' &&
    (s['message-bindings'] ?? []).includes(binding.contentType) &&
    (s['protocol-binding'] === binding.protocol || s['protocol-binding'] === 'urn:taxii.mitre.org:protocol:https:1.0');
  const pick = (type: ServiceType, name: string): void => {
    const all = services.filter((s) => s['service-type'] === type);
    // By what each advertises: one speaking the binding, available to the caller, and for the
    // Inbox one that names the content it takes (the content-restriction case needs a
    // restriction; an Inbox taking anything, listed first, has none to check).
    const fits = (x: ServiceRecord): number => (usable(x) ? 4 : 0) + (x.available !== false ? 2 : 0) + (type === 'INBOX' && (x['content-bindings'] ?? []).length > 0 ? 1 : 0);
    const s = [...all].filter((x) => typeof x.address === 'string').sort((x, y) => fits(y) - fits(x))[0];
    if (!s) return;
    // A relative address is resolved against the Discovery URL (RFC 3986); one that is no
    // http(s) URL is judged by discovery.service-records and its service's cases skip, naming it.
    const r = readMessageUrl(s.address, target);
    if (r.kind === 'malformed' || r.origin === undefined) {
      const why = r.kind === 'malformed' ? r.why : `${describeMessageUrl(r)} is a ${r.scheme}: URL, not http(s)`;
      missing.set(name, `the ${type} service's address in the Discovery Response: ${why} (discovery.service-records fails on it)`);
      notes.push(`the ${type} service is not tested: ${missing.get(name)}`);
      return;
    }
    if (r.relative) notes.push(`the ${type} service's address ${describeMessageUrl(r)}: resolved against the Discovery URL (RFC 3986)`);
    const url = r.url;
    if (/^http:/i.test(url) && /^https:/i.test(target)) notes.push(`the ${type} service is advertised at a plain-HTTP address (${url}): its cases use it as advertised`);
    else if (!usable(s)) notes.push(`the ${type} service at ${url} is not advertised for ${binding.contentType} over HTTPS: testing it anyway`);
    vars.set(name, url);
  };
  pick('FEED-MANAGEMENT', 'feedManagement');
  pick('POLL', 'poll');
  pick('INBOX', 'inbox');
  // Every advertised address (whatever its protocol): each must answer a TAXII message.
  // Each as the URL it resolves to; those that are no http(s) URL are discovery.service-records' to judge.
  const addresses = [...new Set(services.flatMap((x) => {
    const r = readMessageUrl(x.address, target);
    return r.kind === 'url' && r.origin !== undefined ? [r.url] : [];
  }))];
  if (addresses.length > MAX_ADDRESSES_CHECKED) notes.push(`the Discovery Response lists ${addresses.length} service addresses: the first ${MAX_ADDRESSES_CHECKED} are checked`);
  if (addresses.length > 0) vars.set('serviceAddresses', JSON.stringify(addresses.slice(0, MAX_ADDRESSES_CHECKED)));
  // The Inbox, when no other service shares its address (a Discovery Request there is to a service that does not take it).
  const inboxUrl = vars.get('inbox');
  if (inboxUrl && ![target, vars.get('feedManagement'), vars.get('poll')].includes(inboxUrl)) vars.set('inboxOnly', inboxUrl);
  // X-TAXII-Accept asks only for a binding the server advertises: none need speak the unpublished draft.
  const advertised = new Set(services.flatMap((s) => (Array.isArray(s['message-bindings']) ? s['message-bindings'] : [])));
  const other = vars.get('otherMessageBinding');
  if (other !== undefined && !advertised.has(other)) {
    vars.delete('otherMessageBinding');
    notes.push(`the Discovery Response advertises no service taking ${other}: the case asking for it (X-TAXII-Accept) is skipped`);
  }
  for (const [name, type] of [['feedManagement', 'Feed (Collection) Management'], ['poll', 'Poll'], ['inbox', 'Inbox']] as const) {
    if (!vars.has(name)) notes.push(`the Discovery Response lists no ${type} service: its cases are skipped`);
  }

  // Where the Unauthorized case asks: a service that demands authentication. A server may
  // serve anonymous callers (a public Discovery service is common); the first service that
  // refuses a caller without credentials is the one to probe, else the Discovery service.
  vars.set('authService', target);
  vars.set('authRequestType', 'discovery-request');
  const anonymous = await exchange(target, { type: 'discovery-request' }, 'none');
  if (anonymous.message?.type === 'discovery-response') {
    const fmUrl = vars.get('feedManagement');
    const refused = fmUrl ? await exchange(fmUrl, { type: 'feed-information-request' }, 'none') : undefined;
    if (refused?.message?.type === 'error' && refused.message['error-type'] === 'UNAUTHORIZED') {
      vars.set('authService', fmUrl!);
      vars.set('authRequestType', 'feed-information-request');
      notes.push(`the Discovery service answers callers without credentials; the Unauthorized case asks the Feed (Collection) Management service, which demands them`);
    } else {
      notes.push(`the Discovery service${fmUrl ? ' and the Feed (Collection) Management service answer' : ' answers'} callers without credentials: the Unauthorized case asks the Discovery service`);
    }
  }

  // 3. The feeds.
  const fm = vars.get('feedManagement');
  if (!fm) return { vars, notes, problems, missing };
  const info = await exchange(fm, { type: 'feed-information-request' });
  if (info.message?.type !== 'feed-information-response') {
    // An error status is the server's choice (e.g. UNAUTHORIZED for an anonymous run); anything else is a server fault.
    (info.message?.type === 'error' ? notes : problems).push(`the Feed Management service answered a Feed Information Request with ${info.message?.type === 'error' ? `an error (${errorText(info.message)})` : (info.why ?? `a ${info.message?.type} message`)}: feed cases are skipped`);
    return { vars, notes, problems, missing };
  }
  const feeds = (Array.isArray(info.message.feeds) ? info.message.feeds : []).filter((f): f is FeedRecord => typeof f?.['feed-name'] === 'string');
  const restricted = feeds.find((f) => f.available === false);
  if (restricted) {
    vars.set('restrictedFeed', restricted['feed-name']);
    // Asked where the feed is polled: its own advertised polling service, else the Poll service.
    const own = (restricted['polling-services'] ?? []).map((c) => readMessageUrl(c.address, fm)).find((r) => r.kind === 'url' && r.origin !== undefined);
    if (own?.kind === 'url') vars.set('restrictedPoll', own.url);
  }

  // 4. One poll of each feed the credentials may use: what each holds, or how it answers.
  const poll = vars.get('poll');
  if (!poll) return { vars, notes, problems, missing };
  if (!vars.has('restrictedPoll')) vars.set('restrictedPoll', poll);
  // Multi-part poll results (more, result_id, the Poll Fulfillment Request) are TAXII 1.1's.
  if (binding.multiPart) vars.set('multiPartPoll', poll);
  interface Polled {
    name: string;
    blocks: number;
    labels: number[];
    labelText: Map<number, string>;
    contentBinding?: string;
    /** TAXII 1.1: a Data Set has no timestamp order (a poll's range is irrelevant to it). */
    dataSet: boolean;
  }
  const polled: Polled[] = [];
  /** A poll's answer read whole: its later parts (TAXII 1.1 multi-part results) asked for, within the walk's bounds. */
  const wholePoll = async (first: PollResponse, res: HttpResponse): Promise<Taxii1Message> => {
    if (!('request' in TAXII1_PARTS.next(first, 1, first))) return first;
    const none: HttpResponse = { status: 0, headers: {}, body: Buffer.alloc(0), bodyBytes: 0, truncated: false };
    const answers = new Map<HttpResponse, Answer>();
    const followed = await followParts(
      TAXII1_PARTS,
      res,
      first,
      undefined,
      async (m) => {
        const b = await exchange(poll, m as Record<string, unknown>);
        const r = b.x.response ?? none;
        answers.set(r, b);
        return r;
      },
      (r) => {
        const b = answers.get(r);
        return b?.message ? { ok: true, value: b.message } : { ok: false, why: b?.why ?? 'no response' };
      },
    );
    if (!followed.complete) notes.push(`the poll of the feed ${preview(first['feed-name'])} came in parts and was read in part (${followed.stopped})`);
    return joinParts(TAXII1_PARTS, followed.parts) as Taxii1Message;
  };
  for (const f of feeds.filter((x) => x.available !== false).slice(0, MAX_FEEDS_POLLED)) {
    const name = f['feed-name'];
    const a = await exchange(poll, { type: 'poll-request', 'feed-name': name, 'content-bindings': [] });
    const m = a.message?.type === 'poll-response' && a.x.response ? await wholePoll(a.message, a.x.response) : a.message;
    if (m?.type === 'error') {
      if (m['error-type'] === 'DENIED' && !vars.has('restrictedFeed')) vars.set('restrictedFeed', name);
      if (m['error-type'] === 'PENDING' && !vars.has('pendingFeed')) vars.set('pendingFeed', name);
      continue;
    }
    if (m?.type !== 'poll-response') {
      // A server error is a finding, not "no feed holds content".
      problems.push(`the Poll service answered a Poll Request for the feed ${preview(name)} with ${a.x.response ? `HTTP ${a.x.response.status} and ${a.why ? `no TAXII message (${a.why})` : `a ${m?.type} message`}` : `no response (${a.x.error ?? 'none'})`}`);
      continue;
    }
    const blocks = (Array.isArray((m as PollResponse)['content-blocks']) ? (m as PollResponse)['content-blocks'] : []).filter((b) => !isOwnContent(b?.content));
    const labelText = new Map<number, string>();
    for (const b of blocks) {
      const us = labelMicros(b?.['timestamp-label']);
      if (us !== undefined) labelText.set(us, b['timestamp-label']!);
    }
    const cb = blocks.find((b) => typeof b?.['content-binding']?.['binding-id'] === 'string')?.['content-binding']['binding-id'];
    polled.push({ name, blocks: blocks.length, labels: [...labelText.keys()].sort((x, y) => x - y), labelText, dataSet: f['collection-type'] === 'DATA_SET', ...(cb ? { contentBinding: cb } : {}) });
  }
  // Where Inbox content lands: an empty feed, else the one holding the newest content.
  const empty = polled.find((p) => p.blocks === 0);
  const newest = [...polled].filter((p) => p.labels.length > 0).sort((x, y) => y.labels[y.labels.length - 1]! - x.labels[x.labels.length - 1]!)[0];
  const inboxFeed = empty ?? newest;
  if (inboxFeed) vars.set('inboxFeed', inboxFeed.name);
  // The feed with dated content: two distinct labels at least (for timestamp ranges), and a
  // Data Feed: a Data Set's content has labels too, but a range means nothing to it.
  const dated = polled.filter((p) => p.labels.length >= 2 && !p.dataSet);
  const feed = dated.find((p) => p !== inboxFeed) ?? dated[0];
  if (feed) {
    vars.set('feed', feed.name);
    vars.set('feedFirstLabel', feed.labelText.get(feed.labels[0]!)!);
    vars.set('feedLastLabel', feed.labelText.get(feed.labels[feed.labels.length - 1]!)!);
    if (feed.contentBinding) vars.set('feedContentBinding', feed.contentBinding);
  } else {
    const any = polled.find((p) => p.contentBinding);
    if (any?.contentBinding) vars.set('feedContentBinding', any.contentBinding);
  }
  if (binding.id === 'xml-1.1' && inboxFeed) vars.set('destinationFeed', inboxFeed.name);
  notes.push(
    `feeds: content ${vars.get('feed') ?? '(none)'}, Inbox lands in ${vars.get('inboxFeed') ?? '(unknown)'}, ` +
      `restricted ${vars.get('restrictedFeed') ?? '(none)'}, pending ${vars.get('pendingFeed') ?? '(none)'}`,
  );
  return { vars, notes, problems, missing };
}
