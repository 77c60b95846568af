/**
 * Accessibility and responsive layout (issue "Workshop-ready"): an axe-core scan (WCAG 2.0/2.1 A and
 * AA) of the page with an explanation drawn and a lab open finds nothing serious or critical, at a
 * 1280×720 laptop screen and at a 768 px tablet width; nothing scrolls sideways; the space of the
 * explanation's map is reserved while it computes (no layout jump); and the main controls are reached
 * with Tab, in order, each with a name and a visible focus ring.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { GOLDFISH_URL, MODEL, RESULTS_DIR, collectPageErrors, expectNoPageErrors, waitForBackend, waitForPanelsDrawn, waitForTop1 } from './helpers';

const ATTRIBUTION_TIMEOUT = 200_000;
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** A few pixels of rounding (fractional line heights) are not a jump. */
const JUMP_TOLERANCE = 4;

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;
type Violation = AxeResults['violations'][number];

function describe(violations: Violation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 6)
        .map((n) => `    - ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`)
        .join('\n');
      const more = v.nodes.length > 6 ? `\n    … and ${v.nodes.length - 6} more` : '';
      return `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}${more}`;
    })
    .join('\n');
}

function countByImpact(violations: Violation[]): Record<string, number> {
  const counts: Record<string, number> = { critical: 0, serious: 0, moderate: 0, minor: 0 };
  for (const v of violations) counts[v.impact ?? 'minor'] += v.nodes.length;
  return counts;
}

/** The explanation's map area: its box in document coordinates. */
async function mapArea(page: Page) {
  const area = page.getByTestId('explain-maps');
  await expect(area).toBeVisible();
  const box = (await area.boundingBox())!;
  const scrollY = await page.evaluate(() => window.scrollY);
  return { top: box.y + scrollY, height: box.height, width: box.width };
}

async function expectNoHorizontalScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, 'the document scrolls sideways').toBeLessThanOrEqual(clientWidth);
}

/** Visible and inside the viewport's width (reachable without sideways scrolling). */
async function expectOnScreen(control: Locator, width: number) {
  await expect(control).toBeVisible();
  const box = (await control.boundingBox())!;
  expect(box.x, await control.evaluate((e) => e.outerHTML.slice(0, 80))).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(width);
}

for (const viewport of [
  { width: 1280, height: 720, name: '1280' },
  { width: 768, height: 1024, name: '768' },
]) {
  test(`${viewport.width}×${viewport.height}: no serious axe violations, no sideways scroll, no layout jump while the map computes`, async ({ page }) => {
    const errors = collectPageErrors(page);
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    await page.goto(`/?model=${MODEL}&image=1&method=saliency&backend=webgpu`);
    expect(await waitForBackend(page)).toBe('webgpu');
    await waitForTop1(page, '1');

    // While the saliency gradient runs (~15 s on SwiftShader), the map's space is already there.
    const progress = page.getByRole('progressbar', { name: 'Attribution progress' });
    await expect(progress).toBeVisible({ timeout: ATTRIBUTION_TIMEOUT });
    const computing = await mapArea(page);
    expect(await page.evaluate(() => document.documentElement.dataset.attribution)).toBeUndefined();
    await page.waitForFunction(() => document.documentElement.dataset.attribution === 'saliency', undefined, { timeout: ATTRIBUTION_TIMEOUT });
    await waitForPanelsDrawn(page, 'single');
    const drawn = await mapArea(page);
    console.log(`${viewport.name}: map area while computing ${JSON.stringify(computing)}, drawn ${JSON.stringify(drawn)}`);
    expect(Math.abs(drawn.height - computing.height), 'map area height changed when the map was drawn').toBeLessThanOrEqual(JUMP_TOLERANCE);
    expect(Math.abs(drawn.top - computing.top), 'map area moved when the map was drawn').toBeLessThanOrEqual(JUMP_TOLERANCE);

    // Open what is collapsed: the backend details and a lab (opening a lab does not run it).
    await page.getByTestId('backend-badge').locator('summary').click();
    await page.getByRole('tab', { name: 'Noise fragility' }).click();
    await expect(page.getByRole('tabpanel', { name: 'Noise fragility' })).toBeVisible();

    await expectNoHorizontalScroll(page);
    for (const control of [
      page.getByLabel('Model', { exact: true }),
      page.getByLabel('Upload image'),
      page.getByLabel('Search classes'),
      page.locator('.thumbs button').first(),
      page.getByLabel('Method', { exact: true }),
      page.getByLabel('Target class', { exact: true }),
      page.getByLabel(/^Sign/),
      page.getByRole('button', { name: 'Download attributions (.npy)' }),
      page.getByTestId('single-grid').locator('canvas').first(),
      page.getByRole('button', { name: /^Compare \d+ methods$/ }),
      page.getByRole('button', { name: 'Run noise fragility' }),
      page.getByRole('button', { name: /^Run FGSM/ }),
      page.getByRole('button', { name: 'Find a counterfactual' }),
    ]) {
      if ((await control.count()) === 0) throw new Error(`missing control: ${control}`);
      await control.scrollIntoViewIfNeeded();
      await expectOnScreen(control, viewport.width);
    }

    const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
    const advisory = await new AxeBuilder({ page }).withTags(['best-practice']).analyze();
    console.log(
      `${viewport.name}: axe WCAG violations by impact (nodes): ${JSON.stringify(countByImpact(results.violations))}; ` +
        `rules passed: ${results.passes.length}; incomplete (needs review): ${results.incomplete.map((r) => r.id).join(', ') || 'none'}`,
    );
    if (results.violations.length) console.log(describe(results.violations));
    for (const r of results.incomplete)
      console.log(`${viewport.name}: needs review, ${r.id}: ${r.nodes.map((n) => `${n.target.join(' ')} (${n.any.map((c) => c.message).join('; ')})`).join(' | ')}`);
    if (advisory.violations.length) console.log(`${viewport.name}: best-practice (advisory):\n${describe(advisory.violations)}`);
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious, `serious or critical axe violations at ${viewport.name}:\n${describe(serious)}`).toEqual([]);

    await page.screenshot({ path: `${RESULTS_DIR}/a11y-${viewport.name}.png`, fullPage: true });
    await expectNoPageErrors(errors);
  });
}

test('keyboard: Tab reaches model, photos, method and Explain in order, each named and with a visible focus ring', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(GOLDFISH_URL);
  await waitForBackend(page);
  await waitForTop1(page, '1');
  const explain = page.getByRole('button', { name: 'Explain this prediction' });
  await expect(explain).toBeEnabled();

  const wanted = {
    model: page.getByLabel('Model', { exact: true }),
    upload: page.getByLabel('Upload image'),
    search: page.getByLabel('Search classes'),
    method: page.getByLabel('Method', { exact: true }),
    explain,
  };
  for (const [key, l] of Object.entries(wanted)) await l.evaluate((e, k) => (e.dataset.a11yKey = k), key);
  // The page of photos is one Tab stop (the current photo); the arrow keys move inside it.
  await page.locator('.thumbs button').evaluateAll((all) => all.forEach((b) => (b.dataset.a11yKey = 'photo')));

  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const order: string[] = [];
  const stops: string[] = [];
  for (let i = 0; i < 60 && !order.includes('explain'); i++) {
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    const info = await focused.evaluate((e: HTMLElement) => {
      // The file input is visually hidden inside its label, which draws the ring (:focus-within).
      const ringOn = e.matches('input[type=file]') ? (e.closest('label') as HTMLElement) : e;
      const s = getComputedStyle(ringOn);
      const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
      const shadow = s.boxShadow !== 'none';
      return {
        key: e.dataset.a11yKey ?? null,
        what: `${e.tagName.toLowerCase()}${e.getAttribute('type') ? `[type=${e.getAttribute('type')}]` : ''}${e.dataset.classIndex ? `#${e.dataset.classIndex}` : ''}`,
        focusVisible: e.matches(':focus-visible'),
        ring: outline || shadow,
      };
    });
    stops.push(info.what);
    expect(info.focusVisible, `Tab stop ${i + 1} (${info.what}) matches :focus-visible`).toBe(true);
    expect(info.ring, `Tab stop ${i + 1} (${info.what}) has a visible focus ring`).toBe(true);
    await expect(focused, `Tab stop ${i + 1} (${info.what}) has an accessible name`).toHaveAccessibleName(/\S/);
    if (info.key && !order.includes(info.key)) order.push(info.key);
    if (info.key === 'photo') {
      // The current photo (the goldfish) is the stop; the arrow keys move to its neighbours.
      await expect(focused).toHaveAttribute('data-class-index', '1');
      await expect(focused).toHaveAttribute('aria-current', 'true');
      await page.keyboard.press('ArrowRight');
      await expect(page.locator(':focus')).toHaveAttribute('data-class-index', '2');
      await page.keyboard.press('ArrowLeft');
      await expect(page.locator(':focus')).toHaveAttribute('data-class-index', '1');
    }
  }
  console.log(`keyboard: ${stops.length} Tab stops to Explain: ${stops.join(', ')}`);
  expect(order).toEqual(['model', 'upload', 'search', 'photo', 'method', 'explain']);
  expect(stops.length, 'Tab stops from the top to Explain').toBeLessThanOrEqual(25);
  // Enter on the focused button starts the explanation.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('progressbar', { name: 'Attribution progress' })).toBeVisible({ timeout: 60_000 });
  await expectNoPageErrors(errors);
});
