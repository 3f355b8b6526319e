// The poll step kind: the same GET again until a JSON pointer of its answer holds a final
// value (a TAXII 2.1 status until `complete`), bounded in polls and in the case's time; the
// last answer is judged by the HTTP assertions. Every poll is kept as evidence.
import { Type } from '@sinclair/typebox';
import { ref } from '../schema-kit.js';
import { jsonPointer } from '../template.js';
import { parseBody } from '../assertions/body.js';
import type { RequestSpec } from './request.js';
import { capture, sendKept } from './request.js';
import { defineStepKind } from './kind.js';

export const PollSpecSchema = Type.Object(
  {
    request: ref<RequestSpec>('request'),
    until: Type.Object(
      {
        pointer: Type.String({ description: 'A JSON pointer into the answer, e.g. `/status`.' }),
        in: Type.Array(Type.Unknown(), { minItems: 1, description: 'The final values: polling stops once the value is one of them.' }),
      },
      { additionalProperties: false, description: 'When the answer is final.' },
    ),
    maxPolls: Type.Integer({ minimum: 1, maximum: 60, description: 'Polls at most (the first included); the last answer is judged even when not final.' }),
    intervalMs: Type.Integer({ minimum: 0, maximum: 10000, description: 'Wait between polls (ms).' }),
  },
  { additionalProperties: false, title: 'Poll', description: 'A request sent again until its answer is final (bounded).' },
);

/** ms to wait, or less when the case's time is up first. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export const pollStep = defineStepKind({
  key: 'poll',
  subject: 'http',
  parallel: false,
  schema: PollSpecSchema,
  fields: {},
  async run(spec, step, ctx) {
    let polls = 0;
    for (;;) {
      const { res, durationMs } = await sendKept(spec.request, ctx);
      polls++;
      const parsed = parseBody(res, ctx.assertionEnv);
      const value = parsed.ok ? jsonPointer(parsed.value, spec.until.pointer) : undefined;
      const final = res.status >= 300 || spec.until.in.some((v) => JSON.stringify(v) === JSON.stringify(value));
      if (final || polls >= spec.maxPolls || ctx.signal.aborted) {
        ctx.note(`${polls} poll(s): ${spec.until.pointer} = ${JSON.stringify(value) ?? 'absent'}${final ? '' : ` (not final after ${spec.maxPolls})`}`);
        ctx.judge(step, 'http', { res, durationMs });
        const missing = capture(step, res, parsed.ok ? parsed.value : undefined, ctx.vars);
        if (missing) ctx.note(`capture: ${missing}`);
        return missing === undefined;
      }
      await pause(spec.intervalMs, ctx.signal);
    }
  },
  explain: {
    describe: (p) => [`${p.request.method} ${p.request.url} until ${p.until.pointer} is ${p.until.in.map((v) => JSON.stringify(v)).join(' or ')} (at most ${p.maxPolls} polls, ${p.intervalMs} ms apart)`],
    evidence: () => 'HTTP: every poll (redacted, bounded) and the curl line that replays it.',
    reproduce: () => '(HTTP: the curl lines in the evidence; run the case alone:)',
  },
});
