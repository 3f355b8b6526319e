// The request step kind: one HTTP request built from templates, sent through the run's
// transport, its response judged by the HTTP assertions; captures from the body or headers;
// what it creates is undone at the end of the run.
import { Type, type Static } from '@sinclair/typebox';
import type { HttpRequest, HttpResponse } from '../../probes/http.js';
import type { Profile } from '../profile.js';
import { toEvidence } from '../../probes/http.js';
import { bodyNeedsFile } from '../evidence.js';
import { expand, expandDeep, jsonPointer } from '../template.js';
import { authorize, missingFor } from '../credentials.js';
import { clip } from '../bounds.js';
import { ref, stringEnum, stringMap, template } from '../schema-kit.js';
import { parseBody } from '../assertions/body.js';
import { followParts, joinParts } from './parts.js';
import type { CaseEnv } from '../case-executor.js';
import type { StepCommon } from '../types.js';
import { defineStepKind, ProbeFailed, Skip, type StepContext } from './kind.js';
import { effectOf } from '../profile.js';
import { weakerOf } from '../levels.js';
import { USER_AGENT } from '../tool.js';

/** Who a request authenticates as. `default` is the run's credentials (Basic, or the --token). */
export const AUTH_MODES = [
  'default',
  'none',
  'basic',
  'bearer',
  'wrong-password',
  'unknown-user',
  'bearer-bad-signature',
  'bearer-alg-none',
  'bearer-garbage',
] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

export const RequestSpecSchema = Type.Object(
  {
    method: Type.String({ pattern: '^[A-Z]+$', description: 'The HTTP method, upper case.' }),
    url: template('Absolute URL template, e.g. `{apiBase}channels/`.', { minLength: 1 }),
    headers: Type.Optional(stringMap({ description: "Headers (templates); an empty value sends no such header (e.g. removes the profile's Accept)." })),
    auth: Type.Optional(stringEnum(AUTH_MODES, { description: "Who the request authenticates as; `default` is the run's credentials (Basic, or the --token)." })),
    bearer: Type.Optional(template('Send this token (a template, e.g. `{shortToken}`) as Bearer instead of `auth`.')),
    json: Type.Optional(Type.Unknown({ description: 'JSON body (templates are expanded in every string inside).' })),
    message: Type.Optional(
      Type.Unknown({ description: "A message of the profile's data model, encoded for the wire by the profile (e.g. in the run's XML binding, with its headers). Templates are expanded inside it." }),
    ),
    raw: Type.Optional(template('Raw body text (templates expanded), sent as is.')),
    generate: Type.Optional(
      Type.Object(
        { kind: Type.String({ description: "A generator of the profile, e.g. `taxii-data`." }), bytes: Type.Integer({ minimum: 1, description: 'At least this many octets.' }) },
        { additionalProperties: false, description: "A generated body of a named kind from the profile's generators." },
      ),
    ),
    contentType: Type.Optional(Type.String({ description: "Content-Type for the body; defaults to the profile's media type when a body is sent." })),
  },
  { additionalProperties: false, title: 'Request', description: 'The HTTP request of one step.' },
);

/** The HTTP request of one step of a case. */
export type RequestSpec = Static<typeof RequestSpecSchema>;

const requestFields = {
  creates: Type.Optional(
    Type.Object(
      {
        description: template('What was made, for the list of leftovers, e.g. `channel {name}`.'),
        undo: Type.Optional(ref<RequestSpec>('request')),
        cannotUndo: Type.Optional(Type.String({ description: 'Why the protocol has no way to undo it (e.g. content sent to a TAXII 1.x Inbox): the report lists it as left behind, with this reason. Give this or `undo`.' })),
      },
      { additionalProperties: false, description: 'A resource this step creates, undone at the end of the run (even after a failure), or listed as left behind when it cannot be undone. Registered when the answer says the request took effect (the profile judges; by default HTTP 2xx).' },
    ),
  ),
  noResponse: Type.Optional(
    stringEnum(['passes', 'fails', 'skips'] as const, {
      description:
        'What no response at all (refused, reset, no address) means for the checks: `passes` for "must not answer" probes, `fails` where answering is what is checked, `skips` where a server may stay silent (the case is skipped, saying so). Absent: the probe could not run, the case is an error.',
    }),
  ),
};

/**
 * Builds the concrete request of a step; throws MissingVariable or Skip. The run's
 * credentials go only where env.scope allows: elsewhere a request in the default mode is
 * built without them (`withheld` is told why), and one whose credential is the point of the
 * step (basic, bearer, a wrong password, a forged token) skips the case.
 */
export async function buildRequest(
  spec: RequestSpec,
  vars: ReadonlyMap<string, string>,
  env: CaseEnv,
  withheld: (why: string) => void = () => undefined,
  /** A data-model message sent instead of the spec's, as is (no templates: it holds a server's values, e.g. the next part's result id). */
  literalMessage?: unknown,
): Promise<HttpRequest> {
  const url = expand(spec.url, vars);
  // Headers: the profile's defaults, then those of an encoded message (the binding's), then the case's own.
  const headers: Record<string, string> = { accept: env.profile.mediaType, 'user-agent': USER_AGENT };
  let body: string | undefined;
  if (spec.message !== undefined || literalMessage !== undefined) {
    const expanded = literalMessage ?? expandDeep(spec.message, vars);
    const enc = env.profile.encode ? env.profile.encode(expanded) : { body: JSON.stringify(expanded), headers: {} };
    body = enc.body;
    for (const [k, v] of Object.entries(enc.headers)) headers[k.toLowerCase()] = v;
  } else if (spec.json !== undefined) body = JSON.stringify(expandDeep(spec.json, vars));
  else if (spec.raw !== undefined) body = expand(spec.raw, vars);
  else if (spec.generate) body = env.profile.generate(spec.generate.kind, spec.generate.bytes, vars);
  for (const [k, v] of Object.entries(spec.headers ?? {})) {
    const key = k.toLowerCase();
    // An empty value (as written, or once expanded) means: send no such header.
    const value = v === '' ? '' : expand(v, vars);
    if (value === '') delete headers[key];
    else headers[key] = value;
  }
  if (body !== undefined && !('content-type' in headers)) headers['content-type'] = spec.contentType ?? env.profile.mediaType;
  const mode = spec.auth ?? 'default';
  const bearer = spec.bearer === undefined ? undefined : expand(spec.bearer, vars);
  // A token the target handed out during the case (e.g. a short-lived one) is a secret too.
  env.scrubber.add(bearer);
  // A request with the run's default credentials when the run has none is sent without
  // them: a server's public parts get verdicts; a refusal skips the case (see `run`).
  const anonymous = bearer === undefined && mode === 'default' && missingFor(mode, env.creds, env.issuedToken) !== undefined;
  if (bearer === undefined && !anonymous) {
    const missing = missingFor(mode, env.creds, env.issuedToken);
    if (missing) throw new Skip(missing);
  }
  const ctx = { creds: env.creds, runId: env.runId, scope: env.scope, ...(env.issuedToken ? { issuedToken: env.issuedToken } : {}), ...(vars.has('apiBase') ? { audience: vars.get('apiBase') } : {}) };
  const a = await authorize(mode, url, ctx, bearer);
  if (a.withheld !== undefined) {
    if (bearer !== undefined || mode !== 'default') throw new Skip(a.withheld);
    withheld(a.withheld);
  }
  if (a.value) headers.authorization = a.value;
  const curlAuth = a.curl;
  const req = { method: spec.method, url, headers, ...(body !== undefined ? { body } : {}), ...(curlAuth ? { curlAuth } : {}), ...(a.clientCert ? { clientCert: a.clientCert } : {}) };
  if (anonymous) sentWithoutCredentials.add(req);
  return req;
}

/** Requests that would carry the run's credentials, sent without because the run has none. */
const sentWithoutCredentials = new WeakSet<object>();

/** An answer refusing a request for its missing credentials: the profile's reading, else HTTP 401 or 403. */
function refusedForCredentials(profile: Profile, res: HttpResponse): boolean {
  return profile.anonymous ? profile.anonymous.refused(res) : res.status === 401 || res.status === 403;
}

/**
 * Sends one request of a step that makes several (polls, pages): built from the spec (at
 * `url` when given), kept as evidence. Refused unsent (--read-only) skips the case; no
 * response is a probe that could not run.
 */
export async function sendKept(spec: RequestSpec, ctx: StepContext, url?: string, literalMessage?: unknown): Promise<{ res: HttpResponse; url: string; durationMs: number }> {
  const req = await buildRequest(spec, ctx.vars, ctx.env, (why) => ctx.note(why, true), literalMessage);
  if (url !== undefined) req.url = url;
  req.signal = ctx.signal;
  const x = await ctx.env.transport.send(req);
  if (x.refused) throw new Skip(x.refused);
  const bodyFile = ctx.env.requestBodies && bodyNeedsFile(x.request.body) ? await ctx.env.requestBodies.save(ctx.case.id, ctx.exchangeNumber(), x.request.body!, x.request.headers) : undefined;
  ctx.keep(toEvidence(x, ctx.env.insecure, ctx.env.scrubber, bodyFile));
  if (!x.response) throw new ProbeFailed(`${x.error ?? (ctx.timedOut() ? `timed out after ${ctx.env.timeoutMs} ms` : 'no response')} (${spec.method} ${req.url})`);
  return { res: x.response, url: req.url, durationMs: x.durationMs };
}

/** Sets the step's captures (a JSON pointer into the body, or `header:Name`); what is missing, if anything. */
export function capture(step: StepCommon, res: HttpResponse, parsed: unknown, vars: Map<string, string>): string | undefined {
  for (const [name, from] of Object.entries(step.capture ?? {})) {
    const v = from.startsWith('header:') ? res.headers[from.slice(7).toLowerCase()] : jsonPointer(parsed, from);
    if (v === undefined || v === null) return `${from} was not in the response`;
    try {
      vars.set(name, typeof v === 'string' ? v : JSON.stringify(v));
    } catch {
      return `${from} could not be read (nested too deep)`;
    }
  }
  return undefined;
}

/**
 * An answer in parts (the profile's parts hook: TAXII 1.1 multi-part poll results) is read
 * whole: its later parts are asked for, each kept as evidence, within the walk's bounds; body
 * checks read the parts joined, rules of the wire each part. Nothing when the answer is whole.
 */
async function followedParts(spec: RequestSpec, ctx: StepContext, res: HttpResponse): Promise<{ parts?: HttpResponse[]; whole?: unknown }> {
  const hook = ctx.env.profile.parts;
  if (!hook) return {};
  const first = parseBody(res, ctx.assertionEnv);
  if (!first.ok || !('request' in hook.next(first.value, 1, first.value))) return {};
  const followed = await followParts(hook, res, first.value, undefined, async (m) => (await sendKept(spec, ctx, undefined, m)).res, (r) => parseBody(r, ctx.assertionEnv));
  ctx.note(`the answer came in parts: ${followed.parts.length} read, ${followed.stopped}`);
  // The parts read (an answer that ended the walk, e.g. a status message, is evidence, not a part).
  return { parts: followed.responses.slice(1, followed.parts.length), whole: joinParts(hook, followed.parts) };
}

export const requestStep = defineStepKind({
  key: 'request',
  subject: 'http',
  parallel: true,
  schema: RequestSpecSchema,
  fields: requestFields,
  async run(spec, step, ctx) {
    const { env, vars, signal } = ctx;
    const c = ctx.case;
    const req = await buildRequest(spec, vars, env, (why) => ctx.note(why, true));
    req.signal = signal;
    const sentAt = performance.now();
    const x = await env.transport.send(req);
    // Refused unsent by the transport (--read-only): the case cannot run, nothing was sent.
    if (x.refused) throw new Skip(x.refused);
    const timing = await ctx.exchanged(step, {
      sentAt,
      ...(x.headersAt !== undefined ? { answeredAt: x.headersAt } : {}),
      ...(x.response ? { status: x.response.status } : {}),
    });
    // A body too long for the curl line is written beside the report, and the line reads it.
    const bodyFile = env.requestBodies && bodyNeedsFile(x.request.body) ? await env.requestBodies.save(c.id, ctx.exchangeNumber(), x.request.body!, x.request.headers) : undefined;
    ctx.keep(toEvidence(x, env.insecure, env.scrubber, bodyFile));
    if (!x.response && step.noResponse === 'skips' && !signal.aborted) throw new Skip(`no answer to ${spec.method} ${req.url} (${x.error ?? 'no response'}): a server may stay silent here`);
    if (!x.response && step.noResponse && !signal.aborted) {
      const ok = step.noResponse === 'passes';
      for (const ch of step.expect ?? []) {
        ctx.record({ requirement: ch.requirement, level: ch.level, ok, expected: ok ? 'no TAXII message' : `an answer from ${req.url}`, actual: `no response (${x.error})`, ...weakerOf(ch) });
      }
      return ok;
    }
    if (!x.response) {
      throw new ProbeFailed(`${x.error ?? (ctx.timedOut() ? `timed out after ${env.timeoutMs} ms` : 'no response')} (${spec.method} ${req.url})`);
    }
    const res = x.response;
    if (sentWithoutCredentials.has(req) && refusedForCredentials(env.profile, res)) {
      throw new Skip(`needs credentials: ${spec.method} ${req.url} refused the request without them (status ${res.status}; --user/--password, --token or --client-cert)`);
    }
    // What this step created is undone at the end; after the captures, so the undo can name what it captured.
    const track = async (): Promise<void> => {
      if (!step.creates || effectOf(env.profile, res) !== true) return;
      const description = clip(expand(step.creates.description, vars));
      if (step.creates.undo === undefined) {
        env.track({ caseId: c.id, description, cannotUndo: step.creates.cannotUndo ?? 'the case gives no way to undo it' });
        return;
      }
      env.track({ caseId: c.id, description, undo: await buildRequest(step.creates.undo, vars, env) });
    };
    if (!step.capture) await track();
    ctx.judge(step, 'http', { res, durationMs: x.durationMs, timing, ...(await followedParts(spec, ctx, res)) });
    if (step.capture) {
      const parsed = parseBody(res, ctx.assertionEnv);
      const missing = capture(step, res, parsed.ok ? parsed.value : undefined, vars);
      if (missing) {
        // Later steps depend on it: stop here, with what was checked so far.
        if (ctx.allHeld()) {
          // Graded as the expectation it stands for: its requirement, its level, its reason if weaker.
          const first = (step.expect?.[0] ?? c.steps.flatMap((s) => s.expect ?? [])[0])!;
          ctx.record({
            requirement: first.requirement,
            level: first.level,
            ...weakerOf(first),
            ok: false,
            expected: `a response carrying ${Object.values(step.capture).join(', ')}`,
            actual: missing,
          });
        }
        return false;
      }
      await track();
    }
    return true;
  },
  explain: {
    describe(r) {
      const lines = [`${r.method} ${r.url}${r.auth && r.auth !== 'default' ? `  (auth: ${r.auth})` : ''}`];
      for (const [k, v] of Object.entries(r.headers ?? {})) lines.push(`${k}: ${v === '' ? '(not sent)' : v}`);
      if (r.json !== undefined) lines.push(`body: ${JSON.stringify(r.json)}`);
      if (r.message !== undefined) lines.push(`message (encoded by the profile's binding): ${JSON.stringify(r.message)}`);
      if (r.raw !== undefined) lines.push(`body: ${r.raw}`);
      if (r.generate) lines.push(`body: generated ${r.generate.kind} of ${r.generate.bytes} octets`);
      return lines;
    },
    evidence: () => 'HTTP: each request and response (redacted, bounded) and the curl line that replays it.',
    reproduce: () => '(HTTP: the curl lines in the evidence; run the case alone:)',
  },
});
