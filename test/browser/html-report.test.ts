// The HTML report in a real browser: Debian's chromium driven by playwright-core opens the
// index.html of a real run against the mock as a file:// URL (two faults on: `ignore-accept`
// makes the SHOULD case status-codes.406-not-acceptable warn, `strict-content-type` makes
// the MUST case status-codes.no-415-for-taxii-json fail), with JavaScript on and off. Also checks that text from a server is escaped and that
// the page's Content-Security-Policy would stop a script a missed escape let through.
// Skips, saying so, when /usr/bin/chromium is missing (`apt-get install chromium`).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportAgainstMock } from '../helpers/mock-run.js';
import { HTML_REPORT_FILE, renderHtml } from '../../reports/html.js';
import { writeReports } from '../../reports/index.js';
import type { RunReport } from '../../suites/core/types.js';
import { taxii2Predraft } from '../../suites/taxii2-predraft/profile.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const FAILING = 'status-codes.no-415-for-taxii-json';
const WARNING = 'status-codes.406-not-acceptable';
const PASSING = 'discovery.get';
const XSS = `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">`;
const OUTPUT_DIR = fileURLToPath(new URL('../../test-output/', import.meta.url));
const SCREENSHOT = join(OUTPUT_DIR, 'html-report.png');

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A page that records every console error and uncaught page error. */
async function open(context: BrowserContext, file: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(pathToFileURL(file).href);
  return { page, problems };
}

const caseRow = (page: Page, id: string) => page.locator(`details.case[id="case-${id}"]`);

describe.skipIf(!hasChromium)(
  `HTML report in Debian chromium${hasChromium ? '' : ` — SKIPPED: ${CHROMIUM} is missing (apt-get install chromium)`}`,
  () => {
    let dir = '';
    let report: RunReport;
    let browser: Browser;

    beforeAll(async () => {
      report = await reportAgainstMock({ faults: ['ignore-accept', 'strict-content-type'] });
      dir = await mkdtemp(join(tmpdir(), 'taxii-conform-html-'));
      await writeReports(report, { dir, formats: ['json', 'junit', 'html'], catalog: taxii2Predraft.requirements() });
      browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
    });

    afterAll(async () => {
      await browser?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('the run has the failing case the test relies on', () => {
      expect(report.cases.find((c) => c.id === FAILING)?.verdict).toBe('fail');
      expect(report.cases.find((c) => c.id === WARNING)?.verdict).toBe('warn');
      expect(report.cases.find((c) => c.id === PASSING)?.verdict).toBe('pass');
      expect(report.summary.gate).toBe('failed');
    });

    it('loads with no console or page error, shows every case id, and filters and searches', async () => {
      const context = await browser.newContext({ colorScheme: 'light', viewport: { width: 1280, height: 1600 } });
      try {
        const { page, problems } = await open(context, join(dir, HTML_REPORT_FILE));
        await expect.poll(() => page.locator('#f-status').textContent()).toBe(`All ${report.cases.length} cases shown`);

        // Every case id is on the page and visible.
        await expect.poll(() => page.locator('details.case').count()).toBe(report.cases.length);
        const ids = await page.locator('details.case .cid').allTextContents();
        expect(ids.sort()).toEqual(report.cases.map((c) => c.id).sort());
        for (const c of report.cases) expect(await caseRow(page, c.id).locator('summary').isVisible(), c.id).toBe(true);
        await expect.poll(() => page.locator('.banner h1').textContent()).toBe('Gate failed');

        // Verdict filter: fail shows the failing case and hides passing ones.
        await page.selectOption('#f-verdict', 'fail');
        const failing = report.cases.filter((c) => c.verdict === 'fail').length;
        expect(await page.locator('details.case:visible').count()).toBe(failing);
        expect(await caseRow(page, FAILING).isVisible()).toBe(true);
        expect(await caseRow(page, PASSING).isVisible()).toBe(false);
        expect(await caseRow(page, WARNING).isVisible()).toBe(false);
        expect(await page.locator('#f-status').textContent()).toBe(`${failing} of ${report.cases.length} cases shown`);
        // Areas with nothing left to show disappear.
        expect(await page.locator('section.area[data-area="discovery"]').isVisible()).toBe(false);

        // "not passing" adds the warning.
        await page.selectOption('#f-verdict', 'not-pass');
        expect(await caseRow(page, WARNING).isVisible()).toBe(true);
        expect(await caseRow(page, FAILING).isVisible()).toBe(true);
        expect(await caseRow(page, PASSING).isVisible()).toBe(false);

        // Level and area filters.
        await page.click('#f-reset');
        await page.selectOption('#f-area', 'auth');
        const auth = report.cases.filter((c) => c.area === 'auth').length;
        expect(await page.locator('details.case:visible').count()).toBe(auth);
        await page.selectOption('#f-level', 'SHOULD');
        const authShould = report.cases.filter((c) => c.area === 'auth' && c.level === 'SHOULD').length;
        expect(await page.locator('details.case:visible').count()).toBe(authShould);

        // Search narrows the rows; nonsense shows the "no case matches" line.
        await page.click('#f-reset');
        await page.fill('#f-text', 'no-415');
        const found = await page.locator('details.case:visible .cid').allTextContents();
        expect(found).toContain(FAILING);
        expect(found.length).toBeLessThan(report.cases.length);
        for (const id of found) expect(id).toContain('no-415');
        // Several words: every one must match (here a requirement id and an area).
        await page.fill('#f-text', 'T2-STATUS-406 status-codes');
        expect(await page.locator('details.case:visible .cid').allTextContents()).toContain(WARNING);
        expect(await caseRow(page, PASSING).isVisible()).toBe(false);
        await page.fill('#f-text', 'no-such-case-anywhere');
        expect(await page.locator('details.case:visible').count()).toBe(0);
        expect(await page.locator('#f-none').isVisible()).toBe(true);

        // The banner's "failed" count sets the verdict filter.
        await page.click('#f-reset');
        await page.click('.banner a.chip.v-fail');
        expect(await page.locator('#f-verdict').inputValue()).toBe('fail');
        expect(await page.locator('details.case:visible').count()).toBe(failing);
        // Every count in the banner shows exactly the cases it counts (info: the observations).
        for (const chip of await page.locator('.banner a.chip').all()) {
          const n = Number(await chip.locator('b').textContent());
          await chip.click();
          expect(await page.locator('details.case:visible').count(), await chip.textContent() ?? '').toBe(n);
        }
        expect(await page.locator('.banner a.chip[data-count="info"] b').textContent()).toBe(String(report.summary.info));
        expect(report.summary.info).toBeGreaterThan(0);
        await page.click('#f-reset');

        // Expanding the failing case shows its requirement quote, evidence and curl line.
        const row = caseRow(page, FAILING);
        await row.locator('summary').click();
        expect(await row.getAttribute('open')).not.toBeNull();
        const failed = report.cases.find((c) => c.id === FAILING)!;
        const reqId = failed.checks.find((k) => !k.ok)?.requirement ?? failed.requirements[0]!;
        const req = report.requirements.find((r) => r.id === reqId)!;
        const quote = row.locator('blockquote.quote', { hasText: reqId });
        expect(await quote.isVisible()).toBe(true);
        expect(await quote.locator('.qtext').textContent()).toBe(req.text);
        expect(await row.locator('table.checks tr.bad').first().isVisible()).toBe(true);
        expect(await row.locator('.exchange').first().isVisible()).toBe(true);
        const ev = failed.evidence[0]!;
        expect(await row.locator('.exchange pre.line').first().textContent()).toBe(`${ev.request.method} ${ev.request.url}`);
        const curl = row.locator('.curl pre').first();
        expect(await curl.isVisible()).toBe(true);
        expect(await curl.textContent()).toBe(ev.curl);
        expect(ev.curl).toMatch(/^curl /);

        // The copy button copies the curl line (or, without clipboard access, selects it).
        const copy = row.locator('button.copy').first();
        expect(await copy.isVisible()).toBe(true);
        await context.grantPermissions(['clipboard-read', 'clipboard-write']).catch(() => undefined);
        await copy.click();
        await expect.poll(() => copy.textContent()).not.toBe('Copy');
        const copied = await page.evaluate(async () => navigator.clipboard.readText().catch(() => null));
        const selected = await page.evaluate(() => window.getSelection()?.toString() ?? '');
        expect(copied === ev.curl || selected === ev.curl).toBe(true);

        // The screenshot: the failing case open, under the banner, in the light theme.
        await mkdir(OUTPUT_DIR, { recursive: true });
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: SCREENSHOT });

        // A link to a case hidden by the filters clears them and opens it.
        await page.evaluate((id) => {
          location.hash = `case-${id}`;
        }, PASSING);
        await expect.poll(() => caseRow(page, PASSING).getAttribute('open')).not.toBeNull();
        expect(await caseRow(page, PASSING).isVisible()).toBe(true);

        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it('reads with JavaScript off: every case id present, cases open on a click', async () => {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 1000 } });
      try {
        const { page, problems } = await open(context, join(dir, HTML_REPORT_FILE));
        expect(await page.locator('details.case').count()).toBe(report.cases.length);
        const ids = await page.locator('details.case .cid').allTextContents();
        expect(ids.sort()).toEqual(report.cases.map((c) => c.id).sort());
        for (const c of report.cases) expect(await caseRow(page, c.id).locator('summary').isVisible(), c.id).toBe(true);
        // The filter bar needs JavaScript: hidden, and a line says so.
        expect(await page.locator('#filters').isVisible()).toBe(false);
        expect(await page.locator('.nojs').isVisible()).toBe(true);
        expect(await page.locator('button.copy:visible').count()).toBe(0);

        const row = caseRow(page, FAILING);
        expect(await row.locator('.exchange').first().isVisible()).toBe(false);
        await row.locator('summary').click();
        expect(await row.locator('.exchange').first().isVisible()).toBe(true);
        expect(await row.locator('.curl pre').first().isVisible()).toBe(true);
        expect(await row.locator('blockquote.quote').first().isVisible()).toBe(true);

        // Printed, the cases that did not pass are open with their evidence, a passing case is
        // its one summary line, and the filters are gone.
        await row.locator('summary').click();
        await page.emulateMedia({ media: 'print' });
        expect(await row.locator('.exchange').first().isVisible()).toBe(true);
        expect(await caseRow(page, PASSING).locator('summary').isVisible()).toBe(true);
        expect(await caseRow(page, PASSING).locator('.case-body').isVisible()).toBe(false);
        expect(await page.locator('.nojs').isVisible()).toBe(false);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it('shows a hostile body as text and runs none of it', async () => {
      const hostile = structuredClone(report);
      const target = hostile.cases.find((c) => c.id === FAILING)!;
      const ev = target.evidence[0]!;
      ev.response = { status: 200, headers: { 'x-evil': XSS }, body: XSS, bodyBytes: XSS.length, truncated: false };
      ev.request.headers['x-sent'] = XSS;
      ev.curl = `curl '${XSS}'`;
      target.message = XSS;
      target.title = XSS;
      target.checks[0]!.actual = XSS;
      hostile.target = XSS;
      hostile.notes = [XSS];
      hostile.leftovers = [XSS];
      hostile.tool = { name: XSS, version: XSS };
      hostile.requirements[0]!.text = XSS;
      const xssDir = join(dir, 'xss');
      await writeReports(hostile, { dir: xssDir, formats: ['html'] });

      const context = await browser.newContext();
      try {
        const { page, problems } = await open(context, join(xssDir, HTML_REPORT_FILE));
        const row = caseRow(page, FAILING);
        await row.locator('summary').click();
        expect(await row.locator('pre.body').first().textContent()).toBe(XSS);
        expect(await row.locator('.case-message').textContent()).toBe(XSS);
        expect(await page.locator('.banner .sub code').textContent()).toBe(XSS);
        expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
        expect(await page.evaluate(() => document.images.length)).toBe(0);
        expect(await page.evaluate(() => document.scripts.length)).toBe(1);
        expect(await page.title()).toContain(XSS);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it('the Content-Security-Policy blocks a script a missed escape would let in', async () => {
      const html = renderHtml(report, {});
      expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-/);
      const injected = html.replace('</body>', `${XSS}<div id="styled" style="color: rgb(1, 2, 3)">x</div></body>`);
      const file = join(dir, 'injected.html');
      await writeFile(file, injected);
      expect(await readFile(file, 'utf8')).toContain('window.__pwned=1');

      const context = await browser.newContext();
      try {
        const { page, problems } = await open(context, file);
        // The shipped script still ran (the filter bar is shown), the injected ones did not.
        expect(await page.locator('#filters').isVisible()).toBe(true);
        expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
        expect(await page.evaluate(() => getComputedStyle(document.getElementById('styled')!).color)).not.toBe('rgb(1, 2, 3)');
        expect(problems.some((p) => /Content Security Policy/i.test(p))).toBe(true);
      } finally {
        await context.close();
      }
    });
  },
);
