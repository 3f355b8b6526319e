// The published XSDs judge the XML on the wire, so that the codec the mock and the suite share
// is not its own judge: a recording HTTPS proxy on loopback stands between a whole taxii1 run
// and the mock (it rewrites the mock's advertised addresses to its own, so every exchange
// passes through it), and every message the mock sent and every message the suite sent is
// validated with xmllint against the TAXII 1.0 or 1.1 XML Message Binding schema of the
// binding it is written in. The 2012 draft has no published schema: its messages are counted,
// not judged. What the suite sends on purpose outside the binding (malformed XML, actions the
// binding lacks) is the one exception, and only where the mock refused it.
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCertificate } from '../../mock-server/cert.js';
import type { RunningMock } from '../../mock-server/index.js';
import { getPlugin } from '../../suites/registry.js';
import { BINDINGS, BINDING_IDS, sniffBinding, type BindingId } from '../../suites/taxii1/bindings/index.js';
import { runAgainst, startFor } from '../helpers/matrix-run.js';
import { XSD_OF, xsdFailures, xsdUnavailable } from '../helpers/taxii1-xsd.js';

interface Recorded {
  method: string;
  request: string;
  response: string;
}

/** An HTTPS proxy to the mock that records each exchange's bodies. */
async function recordingProxy(mock: RunningMock): Promise<{ url: (path: string) => string; exchanges: Recorded[]; close: () => Promise<void> }> {
  const exchanges: Recorded[] = [];
  const agent = new Agent({ connect: { rejectUnauthorized: false } });
  const { cert, key } = await generateCertificate();
  let self = '';
  const server = https.createServer({ cert, key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k))) as Record<string, string>;
      request(`https://127.0.0.1:${mock.port}${req.url}`, { method: req.method as 'POST', headers, ...(req.method === 'POST' ? { body } : {}), dispatcher: agent })
        .then(async (r) => {
          // The mock's own addresses become the proxy's, so the run's next exchanges come here too.
          const text = (await r.body.text()).split(`127.0.0.1:${mock.port}`).join(self);
          exchanges.push({ method: req.method ?? '', request: body, response: text });
          const out = Object.fromEntries(Object.entries(r.headers).filter(([k]) => !['content-length', 'connection', 'keep-alive', 'transfer-encoding'].includes(k))) as Record<string, string>;
          res.writeHead(r.statusCode, { ...out, 'content-length': String(Buffer.byteLength(text)) });
          res.end(text);
        })
        .catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  self = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (path) => `https://${self}${path}`,
    exchanges,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await agent.close();
    },
  };
}

const unavailable = xsdUnavailable();
const plugin = getPlugin('taxii1')!;

describe.skipIf(unavailable !== undefined)(`taxii1: the published XSDs judge every message on the wire${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startFor(plugin);
  });
  afterAll(async () => {
    await mock?.close();
  });

  /** A whole run in binding `id` through a recording proxy: every message either side sent, judged by the XSD of its binding; the documents. */
  async function judgeRun(target: RunningMock, id: BindingId): Promise<string[]> {
    const proxy = await recordingProxy(target);
    try {
      const report = await runAgainst({ ...target, url: proxy.url('/taxii1/discovery') }, plugin.suite.configure!({ binding: id }));
      expect(report.summary.gate).toBe('passed');
      expect(proxy.exchanges.length).toBeGreaterThan(50);
      const byBinding = new Map<BindingId, Array<{ name: string; xml: string }>>();
      const refused = new Set<string>();
      proxy.exchanges.forEach((x, i) => {
        // A GET (headers.post-only) gets HTTP 405 and no message.
        if (x.method !== 'POST') return;
        const answer = sniffBinding(x.response);
        expect(answer, `exchange ${i}: the mock's answer is a TAXII 1.x message: ${x.response.slice(0, 200)}`).toBeDefined();
        const parsed = answer!.parse(x.response);
        // The suite's deliberate Bad Message and Unrecognized Value probes are refused; nothing else is excused.
        if (parsed.ok && parsed.message.type === 'error' && ['BAD-MESSAGE', 'UNRECOGNIZED-VALUE'].includes(parsed.message['error-type'])) refused.add(`request ${i}`);
        const docs = [
          { name: `response ${i}`, xml: x.response, b: answer!.id },
          { name: `request ${i}`, xml: x.request, b: sniffBinding(x.request)?.id },
        ];
        for (const d of docs) if (d.b) byBinding.set(d.b, [...(byBinding.get(d.b) ?? []), { name: d.name, xml: d.xml }]);
      });
      for (const [bid, docs] of byBinding) {
        if (!XSD_OF[bid]) continue;
        const failures = xsdFailures(bid, docs);
        const unexcused = Object.entries(failures).filter(([name]) => !refused.has(name));
        expect(unexcused.map(([name, why]) => `${BINDINGS[bid].title} ${name}: ${why.join(' ')}`)).toEqual([]);
      }
      // The run's own binding is judged wherever it has a schema.
      if (XSD_OF[id]) expect(byBinding.get(id)?.length).toBeGreaterThan(50);
      return proxy.exchanges.flatMap((x) => [x.request, x.response]);
    } finally {
      await proxy.close();
    }
  }

  for (const id of BINDING_IDS) {
    it(`a whole ${id} run: what the mock sent and what the suite sent`, async () => {
      await judgeRun(mock, id);
    });
  }

  it('a whole xml-1.1 run against polls answered in parts (taxii1-multi-part): the multi-part Poll Responses and the Poll Fulfillment Requests too', async () => {
    const parts = await startFor(plugin, { variants: ['taxii1-multi-part'] });
    try {
      const docs = await judgeRun(parts, 'xml-1.1');
      expect(docs.some((d) => /<taxii_11:Poll_Fulfillment [^>]*result_part_number="2"/.test(d))).toBe(true);
      expect(docs.some((d) => /<taxii_11:Poll_Response [^>]*more="true" result_id="[^"]+" result_part_number="1"/.test(d))).toBe(true);
      expect(docs.some((d) => /<taxii_11:Poll_Response [^>]*more="false" result_id="[^"]+" result_part_number="3"/.test(d))).toBe(true);
    } finally {
      await parts.close();
    }
  });
});
