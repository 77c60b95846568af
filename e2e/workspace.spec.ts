/**
 * The workspace at the screen sizes students bring (issue 17): the photo and its map, each at least
 * 320 px wide, on the first screen at 1440×900 and, with a lesson open beside them, at 1280×720; a
 * tablet and a phone keep both at least 320 px wide, in one scroll. Each size: no sideways scroll, no
 * serious axe violation, and a screenshot (the README's come from here: docs/screenshots/).
 * UI flow, so the automatic backend (wasm here).
 */
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { MODEL, REPO_ROOT, RESULTS_DIR, collectPageErrors, expectNoPageErrors, waitForChosenBackend, waitForPanelsDrawn, waitForTop1 } from './helpers';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const README_SHOTS = path.join(REPO_ROOT, 'docs', 'screenshots');

async function box(l: Locator) {
  await expect(l).toBeVisible();
  return (await l.boundingBox())!;
}

/** Wholly inside the first screen (the page not scrolled). */
async function expectOnFirstScreen(page: Page, l: Locator, what: string) {
  const b = await box(l);
  const { w, h, y } = await page.evaluate(() => ({ w: innerWidth, h: innerHeight, y: scrollY }));
  expect(y, 'the page is not scrolled').toBe(0);
  expect(b.x, `${what} left edge`).toBeGreaterThanOrEqual(0);
  expect(b.y, `${what} top edge`).toBeGreaterThanOrEqual(0);
  expect(b.x + b.width, `${what} right edge`).toBeLessThanOrEqual(w);
  expect(b.y + b.height, `${what} bottom edge`).toBeLessThanOrEqual(h);
}

const SIZES = [
  { width: 1440, height: 900, query: 'image=1&method=saliency', firstScreen: true, readme: 'workspace-1440x900.png' },
  { width: 1280, height: 720, query: 'lesson=saliency&method=saliency', firstScreen: true, readme: 'workspace-lesson-1280x720.png' },
  { width: 768, height: 1024, query: 'image=1&method=saliency', firstScreen: false },
  { width: 390, height: 844, query: 'image=1&method=saliency', firstScreen: false },
];

for (const size of SIZES) {
  test(`${size.width}×${size.height}: photo and map ≥ 320 px${size.firstScreen ? ' on the first screen' : ''}, no sideways scroll, axe clean`, async ({ page }) => {
    test.setTimeout(240_000);
    const errors = collectPageErrors(page);
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.goto(`/?model=${MODEL}&${size.query}`);
    await waitForChosenBackend(page);
    await waitForTop1(page, '1'); // a page without image= opens on the goldfish, predicted
    await page.waitForFunction(() => document.documentElement.dataset.attribution === 'saliency', undefined, { timeout: 180_000 });
    await waitForPanelsDrawn(page, 'single');
    await page.evaluate(() => window.scrollTo(0, 0));

    const input = page.getByRole('img', { name: 'Model input image' });
    const map = page.getByTestId('single-grid').locator('figure.panel[data-panel="saliency:heat_map"] .panel-canvas canvas');
    const [inputBox, mapBox] = [await box(input), await box(map)];
    console.log(`${size.width}×${size.height}: input ${Math.round(inputBox.width)} px at (${Math.round(inputBox.x)}, ${Math.round(inputBox.y)}), map ${Math.round(mapBox.width)} px at (${Math.round(mapBox.x)}, ${Math.round(mapBox.y)})`);
    expect(inputBox.width).toBeGreaterThanOrEqual(320);
    expect(mapBox.width).toBeGreaterThanOrEqual(320);
    if (size.firstScreen) {
      await expectOnFirstScreen(page, input, 'the model input');
      await expectOnFirstScreen(page, map, 'the heat map');
    }
    if (size.query.includes('lesson=')) {
      // The lesson is beside the pictures, its title on the same screen.
      const lesson = page.getByTestId('lesson');
      await expectOnFirstScreen(page, page.getByRole('heading', { name: /^Step 2 of \d+/ }), 'the lesson title');
      expect((await box(lesson)).x + (await box(lesson)).width).toBeLessThanOrEqual(inputBox.x);
    }
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
    expect(scrollWidth, 'the document scrolls sideways').toBeLessThanOrEqual(clientWidth);

    const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

    const name = `workspace-${size.width}x${size.height}.png`;
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(RESULTS_DIR, name) });
    if (size.readme) await page.screenshot({ path: path.join(README_SHOTS, size.readme) });
    await expectNoPageErrors(errors);
  });
}
