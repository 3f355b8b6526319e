// API Roots on another origin (the taxii21-roots-other-origin variant: another port of the
// mock): the suite sends credentials there only when the run allows that origin
// (--allow-origin, docs/safety.md). Allowed, the whole suite passes (the variant matrix);
// not allowed, no case fails: the cases needing credentials there skip, and the report says
// where credentials were withheld and how to allow them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningMock } from '../../mock-server/index.js';
import { runSuite } from '../../suites/core/runner.js';
import { getPlugin } from '../../suites/registry.js';
import { show, startFor } from '../helpers/matrix-run.js';

describe('taxii21: API Roots on another origin, without --allow-origin', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startFor(getPlugin('taxii21')!, { variants: ['taxii21-roots-other-origin'] });
  });
  afterAll(async () => {
    await mock?.close();
  });

  it('fails no case, and says the credentials were withheld from the other origin', async () => {
    const plugin = getPlugin('taxii21')!;
    const { report } = await runSuite({
      profile: plugin.suite,
      target: mock.url,
      probeHttpPort: mock.port,
      creds: { user: mock.credentials.user, password: mock.credentials.password },
      insecure: true,
      areas: ['discovery', 'api-root', 'collections', 'auth', 'objects'],
      gate: 'must',
      concurrency: 8,
      timeoutMs: 15_000,
      readOnly: true,
    });
    expect(mock.otherOrigin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(report.cases.filter((c) => ['fail', 'warn', 'error'].includes(c.verdict)).map(show)).toEqual([]);
    expect(report.cases.filter((c) => c.verdict === 'skip').length).toBeGreaterThan(0);
    expect(report.notes?.join('\n')).toContain(`--allow-origin ${mock.otherOrigin}`);
  });
});
