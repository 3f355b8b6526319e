// Issue 13, item 5: "A response that is not a TAXII message at all (...) fails the MUST that
// governs the message, not only a SHOULD." For each profile, the mock answers in another media
// type (a fault), and the cases whose MUST checks govern the message fail: verdict `fail`,
// naming a MUST requirement, never only a warn. Real HTTPS over loopback against the mock.
import { describe, expect, it } from 'vitest';
import { PLUGINS } from '../../suites/registry.js';
import { runAgainst, show, startFor } from '../helpers/matrix-run.js';

/** Per profile: the fault that answers in another media type, and cases it must fail at MUST. */
const NOT_A_MESSAGE: Record<string, { fault: string; cases: string[]; said: RegExp }> = {
  'taxii2-predraft': { fault: 'wrong-media-type', cases: ['api-base.media-type', 'collections.list', 'collections.get', 'channels.list'], said: /got Content-Type application\/json/ },
  taxii1: {
    fault: 'taxii1-wrong-content-type',
    // errors.unauthorized and errors.bad-message-dtd grade the error itself at SHOULD (an HTTP-level refusal is an answer too), but an HTTP 200 must be a TAXII message.
    cases: ['discovery.service-records', 'headers.response-headers', 'errors.unauthorized', 'errors.bad-message-dtd'],
    said: /text\/plain/,
  },
  taxii21: { fault: 'taxii21-wrong-media-type', cases: ['discovery.get', 'api-root.get', 'objects.get', 'manifest.get', 'media-types.content-type'], said: /got Content-Type application\/json/ },
};

describe.concurrent('a response that is no TAXII message fails the MUST that governs the message', () => {
  for (const plugin of PLUGINS) {
    const want = NOT_A_MESSAGE[plugin.id];
    it(`${plugin.id}: every profile says which fault and cases show it`, () => expect(want).toBeDefined());
    if (!want) continue;
    it(`${plugin.id}: under ${want.fault}, ${want.cases.join(', ')} fail at MUST`, async () => {
      expect(plugin.faults.map((f) => f.name)).toContain(want.fault);
      const mock = await startFor(plugin, { faults: [want.fault] });
      try {
        const report = await runAgainst(mock, plugin.suite, want.cases);
        expect(report.cases.map((c) => c.id).sort()).toEqual([...want.cases].sort());
        for (const c of report.cases) {
          expect(c.verdict, show(c)).toBe('fail');
          expect(c.message, show(c)).toMatch(/\((MUST|MUST NOT)\): /);
          expect(c.message, show(c)).toMatch(want.said);
        }
      } finally {
        await mock.close();
      }
    }, 120_000);
  }
});
