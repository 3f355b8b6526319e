// The TAXII 1.x profile: the 2012 talk's message data model (suites/taxii1/model.ts,
// schemas/taxii1/) over one of three XML message bindings, spoken over the HTTPS protocol
// binding. Cases are written on the data model (`message` request bodies); this profile
// encodes them in the run's binding with the binding's headers, decodes answers in whatever
// binding they came in (X-TAXII-Accept may ask for another), and checks each answer against
// the rules of the binding it is written in. `configure({binding})` gives the profile
// speaking another binding; the registered one speaks TAXII 1.1.
import { join } from 'node:path';
import type { Profile } from '../core/profile.js';
import type { LoadedCase, Requirement } from '../core/types.js';
import { loadCases, loadRequirements } from '../core/catalog.js';
import { packageRoot } from '../core/paths.js';
import { loadSchemaSet } from '../../schemas/validator.js';
import { BINDINGS, BINDING_IDS, DEFAULT_BINDING, isBindingId, sniffBinding, type Binding, type BindingId } from './bindings/index.js';
import { checkResponseHeaders, requestHeaders } from './headers.js';
import { describeAnswer, statusText, type SubscriptionAction, type Taxii1Message } from './model.js';
import { otherBinding, setupTaxii1 } from './setup.js';
import { contentDifference } from './content-compare.js';
import { TAXII1_PARTS } from './parts.js';

export const TAXII1_AREAS = ['discovery', 'feed-management', 'poll', 'inbox', 'errors', 'messages', 'headers', 'negotiation'] as const;

const dir = (): string => join(packageRoot(), 'suites', 'taxii1');

let requirements: Requirement[] | undefined;
let cases: LoadedCase[] | undefined;

const loadRequirementsOnce = (): Requirement[] => (requirements ??= loadRequirements(join(dir(), 'requirements.json')));
const loadCasesOnce = (): LoadedCase[] => (cases ??= loadCases(join(dir(), 'cases'), loadRequirementsOnce(), TAXII1_AREAS));

/** Why a variable that names a subscription action is missing under this binding. */
function actionReason(b: Binding, action: SubscriptionAction): string {
  return `the ${b.title} has no ${action} action (it defines ${b.actions.join(', ')}): this exchange does not exist in the binding`;
}

function variableReasons(b: Binding): Record<string, string> {
  return {
    discovery: 'the target is not a TAXII 1.x Discovery service (no Discovery Response)',
    feedManagement: 'the Discovery Response lists no Feed (Collection) Management service speaking this binding over HTTPS',
    poll: 'the Discovery Response lists no Poll service speaking this binding over HTTPS',
    inbox: 'the Discovery Response lists no Inbox service speaking this binding over HTTPS',
    feed: 'no feed of the target the credentials may poll holds two or more content blocks with timestamp labels',
    feedContentBinding: 'no feed of the target the credentials may poll holds content',
    feedFirstLabel: 'no feed of the target the credentials may poll holds two or more content blocks with timestamp labels',
    feedLastLabel: 'no feed of the target the credentials may poll holds two or more content blocks with timestamp labels',
    restrictedPoll: 'the Discovery Response lists no Poll service speaking this binding over HTTPS, and the restricted feed advertises none of its own',
    restrictedFeed: 'the target reports no feed the credentials may not use (available="false" in the Feed Information Response, or DENIED on a poll)',
    pendingFeed: 'no feed of the target answers a poll with PENDING (a server cannot be made to: only one that has such a feed is checked)',
    inboxFeed: 'no feed of the target looks like where Inbox content lands (an available feed that is empty or holds the newest content)',
    actionPause: actionReason(b, 'PAUSE'),
    actionResume: actionReason(b, 'RESUME'),
    actionModify: actionReason(b, 'MODIFY'),
    statusActive: `the ${b.title}'s subscription records carry no status (ACTIVE, PAUSED): only TAXII 1.1's do`,
    statusUnsubscribed: `the ${b.title}'s subscription records carry no status (ACTIVE, PAUSED, UNSUBSCRIBED): only TAXII 1.1's do`,
    servicesHeader: `the ${b.title}'s HTTP binding has no X-TAXII-Services header (only the published TAXII 1.0 and 1.1 bindings have it)`,
    draftDiscovery: `checks the 2012 draft binding itself (its message-id format and element names): run with --binding xml-1.0-draft`,
    serviceAddresses: 'the Discovery Response advertises no service address',
    inboxOnly: 'the Inbox shares its address with another service (a Discovery Request there may be one it takes)',
    statusPaused: `the ${b.title}'s subscription records carry no status (ACTIVE, PAUSED): only TAXII 1.1's do`,
    destinationFeed: `the ${b.title} has no destination feed in a STIX (Inbox) message: only TAXII 1.1's Destination_Collection_Name`,
    authService: 'the target is not a TAXII 1.x Discovery service (no Discovery Response): no service to ask without credentials',
    authRequestType: 'the target is not a TAXII 1.x Discovery service (no Discovery Response): no service to ask without credentials',
    otherMessageBinding: `the Discovery Response advertises no other binding this run may ask for in X-TAXII-Accept (${otherBinding(b).title}; never TAXII 1.1 from a run in another binding, which a server ignoring X-TAXII-Accept sends anyway)`,
    multiPartPoll: b.multiPart
      ? 'the Discovery Response lists no Poll service speaking this binding over HTTPS'
      : `the ${b.title} answers every poll whole: multi-part results (more, result_id, the Poll Fulfillment Request) are TAXII 1.1's`,
    otherBindingAction: `the ${b.title} defines every subscription action of the data model (${b.actions.join(', ')}): no data-model action is foreign to it`,
  };
}

const asText = (body: Buffer): string => body.toString('utf8');

/** The messages that only read: sending them under --read-only changes nothing. */
const READ_REQUESTS = ['discovery-request', 'feed-information-request', 'poll-request', 'poll-fulfillment'] as const;
const READ_ROOTS: ReadonlySet<string> = new Set(Object.values(BINDINGS).flatMap((b) => READ_REQUESTS.flatMap((t) => b.roots[t] ?? [])));

/** The root element's local name, past an XML declaration, comments and a DOCTYPE. */
const ROOT = /^\s*(?:<\?[\s\S]*?\?>\s*|<!--[\s\S]*?-->\s*|<!DOCTYPE[^[>]*(?:\[[\s\S]*?\])?\s*>\s*)*<(?:[\w.-]+:)?([\w.-]+)/;

/**
 * A POST whose body is a read request of any binding, judged by its root element alone: a
 * malformed Discovery Request (the Bad Message cases) is still not a write, and a server
 * cannot take it for one. Inbox and subscription messages are writes.
 */
export function isReadRequest(req: { method: string; body?: string | Buffer }): boolean {
  if (req.method.toUpperCase() !== 'POST' || req.body === undefined) return false;
  const root = ROOT.exec(typeof req.body === 'string' ? req.body : req.body.toString('utf8'))?.[1];
  return root !== undefined && READ_ROOTS.has(root);
}

/** `run --binding`: the one run option of this profile. */
const RUN_OPTIONS = [{ name: 'binding', describe: 'the XML binding to speak', choices: BINDING_IDS }] as const;

/** The profile speaking binding `id`. */
export function taxii1Profile(id: BindingId = DEFAULT_BINDING): Profile {
  const binding = BINDINGS[id];
  const profile: Profile = {
    id: 'taxii1',
    title: `TAXII 1.0 (draft) messages over the ${binding.title}`,
    mediaType: 'application/xml',
    areas: TAXII1_AREAS,
    standaloneAreas: [],
    // No `srv`: TAXII 1.x defines no DNS SRV record. No `tlsPolicy`: it has no TLS cases.
    runOptions: RUN_OPTIONS,
    requirements: loadRequirementsOnce,
    cases: loadCasesOnce,
    validate: (name, data) => {
      const set = loadSchemaSet('taxii1');
      if (!set.has(name)) return { valid: false, errors: [`no schema named ${name}`] };
      return set.validate(name, data);
    },
    variableReasons: variableReasons(binding),
    setup: (ctx) => setupTaxii1(ctx, binding, profile),
    writeFree: isReadRequest,
    generate: (kind) => {
      throw new Error(`the taxii1 profile has no generator named ${kind}`);
    },
    encode: (message) => {
      if (!message || typeof message !== 'object' || Array.isArray(message)) {
        throw new Error('a taxii1 message is a JSON object of the data model (type, message-id, ...)');
      }
      const m = { ...(message as Record<string, unknown>) };
      // A fresh id in the binding's format unless the case names one.
      if (m['message-id'] === undefined) m['message-id'] = binding.newMessageId();
      const lower: Record<string, string> = {};
      for (const [k, v] of Object.entries(requestHeaders(binding))) lower[k.toLowerCase()] = v;
      return { body: binding.serialize(m as unknown as Taxii1Message), headers: lower };
    },
    decode: (body) => {
      const text = asText(body);
      // The answer may be in another binding than the run's (X-TAXII-Accept): read it in its own.
      const b = sniffBinding(text) ?? binding;
      const r = b.parse(text);
      return r.ok ? { ok: true, value: r.message } : { ok: false, why: `not a ${b.title} message (Bad Message): ${r.error}` };
    },
    wireProblems: (body, headers) => {
      const text = asText(body);
      const sniffed = sniffBinding(text);
      // Rules of the binding the body is written in; its headers must name that same binding.
      const b = sniffed ?? binding;
      const problems = b.checkRules(text);
      if (!sniffed && problems.length === 0) problems.push(`the body is not a message of any TAXII 1.x XML binding`);
      problems.push(...checkResponseHeaders(headers, b));
      return problems;
    },
    // Content polled back is compared as XML (a server may write the infoset out again).
    contentDifference,
    describeAnswer,
    // TAXII 1.1 multi-part poll results are read whole (each part asked for with a Poll Fulfillment Request).
    parts: TAXII1_PARTS,
    // A server may serve anonymous callers: without credentials a case asks anyway, and an
    // Unauthorized answer (a status message, or HTTP 401 as the HTTP binding reads it) skips it.
    anonymous: {
      refused: (res) => {
        if (res.status === 401 || res.status === 403) return true;
        const d = profile.decode!(res.body, res.headers);
        return d.ok && (d.value as Taxii1Message).type === 'error' && (d.value as { 'error-type'?: string })['error-type'] === 'UNAUTHORIZED';
      },
    },
    // TAXII 1.x errors come with HTTP 200: what a request did is the answer's status type.
    tookEffect: (res) => {
      if (res.status !== 200) return `HTTP ${res.status}`;
      const d = profile.decode!(res.body, res.headers);
      if (!d.ok) return d.why;
      const m = d.value as Taxii1Message;
      if (m.type !== 'error' || m['error-type'] === 'SUCCESS') return true;
      // An UNSUBSCRIBE of a subscription that is no more: nothing is left to undo.
      return m['error-type'] === 'NOT-FOUND' ? 'gone' : `status message ${statusText(m)}`;
    },
    configure: (options) => {
      for (const k of Object.keys(options)) {
        if (k !== 'binding') throw new Error(`the taxii1 profile has no option "${k}" (it takes: binding)`);
      }
      const want = options.binding ?? DEFAULT_BINDING;
      if (!isBindingId(want)) throw new Error(`unknown binding "${want}" (valid: ${BINDING_IDS.join(', ')})`);
      return want === id ? profile : taxii1Profile(want);
    },
  };
  return profile;
}

/** The registered taxii1 profile (TAXII 1.1 XML unless configured otherwise). */
export const taxii1: Profile = taxii1Profile(DEFAULT_BINDING);

