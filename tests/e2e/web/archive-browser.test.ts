import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import axe from 'axe-core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../../src/store/sqlite-store.ts';
import { seedArchive, type SeededArchive } from '../../adapters/web/archive-fixture.ts';
import { browserSkipReason, launchBrowser, SCREENSHOT_DIR } from './browser.ts';
import type { DigestProcess } from '../run/run-process.ts';
import { startServe } from './serve-process.ts';

const skip = browserSkipReason();
if (skip !== undefined) console.warn(`web archive browser tests: SKIPPED — ${skip}`);

let cwd: string;
let serve: DigestProcess;
let base: string;
let seeded: SeededArchive;

beforeAll(async () => {
  if (skip !== undefined) return;
  cwd = mkdtempSync(path.join(tmpdir(), 'digest-browser-'));
  const store = await createSqliteStore({ path: path.join(cwd, 'digest.db') });
  seeded = await seedArchive(store);
  await store.close();
  ({ process: serve, base } = await startServe(cwd, { web: { siteName: 'Acme Research Digests' } }));
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
}, 60_000);

afterAll(async () => {
  await serve?.stop();
  if (cwd !== undefined) rmSync(cwd, { recursive: true, force: true });
});

/** Everything a page may complain about: console errors, uncaught exceptions, dialogs, failed loads. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return problems;
}

/** axe-core, injected over the DevTools protocol (the page's CSP allows no script of its own): serious and critical violations. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source);
  const results = await page.evaluate(async () => {
    const run = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[] }> } }).axe.run;
    const { violations } = await run({ exclude: [] }, { resultTypes: ['violations'] });
    return violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
  });
  return results.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.targets.join(', ')}`);
}

const pwned = (page: Page) => page.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned);

describe.skipIf(skip !== undefined)('the web archive in a real browser (Debian Chromium, against digest serve)', () => {
  for (const [width, height] of [[390, 844], [1280, 900]] as const) {
    it(`at ${width} px: index → edition → piece anchor → back, with no console error, no serious axe violation, no horizontal scroll`, async () => {
      const browser = await launchBrowser({ width, height });
      try {
        const page = await browser.context.newPage();
        const problems = watch(page);
        const index = `${base}/c/${seeded.token}/`;
        await page.goto(index);
        expect(await page.locator('h1').textContent()).toBe('Digests');
        expect(await seriousViolations(page)).toEqual([]);
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `index-${width}.png`), fullPage: true });

        // The newest edition carries the hostile-feed fixture: it must render, and nothing in it may run.
        await page.getByRole('link', { name: 'AI Research Digest — 24 March 2026' }).first().click();
        await page.waitForURL(`${index}2026-03-24-2/`);
        expect(await page.locator('h1').textContent()).toBe('AI Research Digest — 24 March 2026');
        expect(await page.locator('section.piece').count()).toBe(3);
        expect(await pwned(page)).toBeUndefined();
        expect(await page.locator('[id="2"] h2').textContent()).toContain('<script>window.__pwned=1</script>');
        expect(await seriousViolations(page)).toEqual([]);
        expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `edition-${width}.png`), fullPage: true });

        // The table of contents jumps to a piece's anchor, and the heading is in view.
        await page.locator('.toc a[href="#3"]').click();
        await page.waitForURL(/#3$/);
        const top = await page.locator('[id="3"]').evaluate((element) => element.getBoundingClientRect().top);
        expect(top).toBeGreaterThanOrEqual(-1);
        expect(top).toBeLessThan(height / 2);
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `piece-anchor-${width}.png`) });

        await page.getByRole('link', { name: '← Back to digests' }).click();
        await page.waitForURL(index);
        expect(await page.locator('.editions li').count()).toBe(20);

        // A deep link straight to an anchor lands on it too.
        await page.goto(`${index}2026-03-02/#4`);
        const deepTop = await page.locator('[id="4"]').evaluate((element) => element.getBoundingClientRect().top);
        expect(deepTop).toBeGreaterThanOrEqual(-1);
        expect(deepTop).toBeLessThan(height / 2);
        await page.getByRole('link', { name: '← All digests' }).click();
        await page.waitForURL(index);

        // Search is a plain form: it works without any script on the page.
        await page.getByRole('link', { name: 'Search', exact: true }).click();
        await page.getByLabel('Search digests', { exact: true }).fill('ensemble');
        await page.getByRole('button', { name: 'Search', exact: true }).click();
        await page.waitForURL(/search\/\?q=ensemble$/);
        expect(await page.locator('.hits li').count()).toBeGreaterThan(0);
        expect(await seriousViolations(page)).toEqual([]);
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `search-${width}.png`) });
        await page.locator('.hits a').first().click();
        await page.waitForURL(/\/2026-03-\d\d(-2)?\/#\d$/);

        expect(problems).toEqual([]);
      } finally {
        await browser.close();
      }
    }, 120_000);
  }

  it('is dark under prefers-color-scheme: dark, and prints without its navigation', async () => {
    const browser = await launchBrowser({ width: 1280, height: 900, colorScheme: 'dark' });
    try {
      const page = await browser.context.newPage();
      const problems = watch(page);
      await page.goto(`${base}/c/${seeded.token}/2026-03-02/`);
      const background = await page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
      const channels = background.match(/\d+/g)!.slice(0, 3).map(Number);
      expect(Math.max(...channels), background).toBeLessThan(60);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'edition-1280-dark.png') });

      await page.emulateMedia({ media: 'print', colorScheme: 'light' });
      expect(await page.locator('.site-nav').evaluate((element) => (globalThis as unknown as { getComputedStyle(e: unknown): { display: string } }).getComputedStyle(element).display)).toBe('none');
      expect(await page.locator('.toc').evaluate((element) => (globalThis as unknown as { getComputedStyle(e: unknown): { display: string } }).getComputedStyle(element).display)).toBe('none');
      expect(await page.evaluate<string>('getComputedStyle(document.body).backgroundColor')).toBe('rgb(255, 255, 255)');
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('a wrong or rotated capability URL is a plain styled 404 that names no channel', async () => {
    const browser = await launchBrowser({ width: 390, height: 844 });
    try {
      const page = await browser.context.newPage();
      const problems = watch(page);
      const response = await page.goto(`${base}/c/${seeded.token.slice(0, -2)}zz/2026-03-02/`);
      expect(response?.status()).toBe(404);
      expect(await page.locator('h1').textContent()).toBe('Page not found');
      // The stylesheet loaded (from the site root) even at this depth.
      expect(await page.evaluate<string>('getComputedStyle(document.body).margin')).toBe('0px');
      const text = await page.locator('body').textContent();
      for (const secret of ['C0RESEARCH', 'T0ACME', seeded.token]) expect(text).not.toContain(secret);
      // The only complaint is the 404 itself.
      expect(problems.filter((p) => !/404/.test(p))).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
