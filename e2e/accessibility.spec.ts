/**
 * Accessibility and responsive layout (issue "Workshop-ready"): an axe-core scan (WCAG 2.0/2.1 A and
 * AA) of the page with an explanation drawn and a lab open finds nothing serious or critical, at a
 * 1280×720 laptop screen and at a 768 px tablet width; nothing scrolls sideways; the space of the
 * explanation's map is reserved while it computes (no layout jump); and the main controls are reached
 * with Tab, in order, each with a name and a visible focus ring.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { GOLDFISH_URL, MODEL, RESULTS_DIR, collectPageErrors, expectNoPageErrors, openGallery, openTab, waitForBackend, waitForPanelsDrawn, waitForTop1 } from './helpers';

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

    // Every tab's main control is reachable without sideways scrolling; the sample-photo drawer too.
    await page.getByTestId('backend-badge').locator('summary').click();
    await expectNoHorizontalScroll(page);
    const controls: Array<[string | null, Locator]> = [
      [null, page.getByLabel('Model', { exact: true })],
      [null, page.getByLabel('Upload image')],
      [null, page.getByLabel('Method', { exact: true })],
      [null, page.getByLabel('Target class', { exact: true })],
      [null, page.getByLabel(/^Sign/)],
      [null, page.getByRole('button', { name: 'Download attributions (.npy)' })],
      [null, page.getByTestId('single-grid').locator('canvas').first()],
      ['Compare', page.getByRole('button', { name: /^Compare \d+ methods$/ })],
      ['IG path', page.getByRole('button', { name: 'Run path' })],
      ['Adversarial', page.getByRole('button', { name: /^Run FGSM/ })],
      ['Counterfactuals', page.getByRole('button', { name: 'Find a counterfactual' })],
      ['Pitfalls labs', page.getByRole('button', { name: 'Run noise fragility' })],
    ];
    for (const [tab, control] of controls) {
      if (tab) await openTab(page, tab);
      if (tab === 'Pitfalls labs') await page.getByRole('tab', { name: 'Noise fragility' }).click();
      if ((await control.count()) === 0) throw new Error(`missing control: ${control}`);
      await control.scrollIntoViewIfNeeded();
      await expectOnScreen(control, viewport.width);
    }
    await expectNoHorizontalScroll(page);
    // The scan below sees the labs tab with the noise lab open; the Explain tab is scanned by the workspace test.
    await openGallery(page);
    await expectOnScreen(page.getByLabel('Search classes'), viewport.width);
    await expectOnScreen(page.locator('.thumbs button').first(), viewport.width);

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

test('keyboard: Tab reaches model, photos, upload, the tabs, Explain and method in order, each named and with a visible focus ring', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(GOLDFISH_URL);
  await waitForBackend(page);
  await waitForTop1(page, '1');
  const explain = page.getByRole('button', { name: 'Explain this prediction' });
  await expect(explain).toBeEnabled();

  const wanted = {
    model: page.getByLabel('Model', { exact: true }),
    photos: page.getByRole('button', { name: 'Sample photos' }),
    upload: page.getByLabel('Upload image'),
    tab: page.getByRole('tab', { name: 'Explain', exact: true }),
    explain,
    method: page.getByLabel('Method', { exact: true }),
  };
  for (const [key, l] of Object.entries(wanted)) await l.evaluate((e, k) => (e.dataset.a11yKey = k), key);

  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const order: string[] = [];
  const stops: string[] = [];
  for (let i = 0; i < 60 && !order.includes('method'); i++) {
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
        what: `${e.tagName.toLowerCase()}${e.getAttribute('type') ? `[type=${e.getAttribute('type')}]` : ''}${e.getAttribute('role') ? `[role=${e.getAttribute('role')}]` : ''}`,
        focusVisible: e.matches(':focus-visible'),
        ring: outline || shadow,
      };
    });
    stops.push(info.what);
    expect(info.focusVisible, `Tab stop ${i + 1} (${info.what}) matches :focus-visible`).toBe(true);
    expect(info.ring, `Tab stop ${i + 1} (${info.what}) has a visible focus ring`).toBe(true);
    await expect(focused, `Tab stop ${i + 1} (${info.what}) has an accessible name`).toHaveAccessibleName(/\S/);
    if (info.key && !order.includes(info.key)) order.push(info.key);
  }
  console.log(`keyboard: ${stops.length} Tab stops to the method: ${stops.join(', ')}`);
  expect(order).toEqual(['model', 'photos', 'upload', 'tab', 'explain', 'method']);
  expect(stops.length, 'Tab stops from the top to the method').toBeLessThanOrEqual(20);

  // The tabs are one Tab stop; the arrow keys move between them (and open them).
  await wanted.tab.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Compare', exact: true })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Compare', exact: true })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowLeft');
  await expect(wanted.tab).toHaveAttribute('aria-selected', 'true');

  // The photo drawer: its search takes the focus; the page of photos is one Tab stop (the current
  // photo), the arrow keys move inside it, Escape closes the drawer.
  await wanted.photos.press('Enter');
  await expect(page.getByLabel('Search classes')).toBeFocused();
  await page.keyboard.press('Tab');
  const current = page.locator(':focus');
  await expect(current).toHaveAttribute('data-class-index', '1');
  await expect(current).toHaveAttribute('aria-current', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(page.locator(':focus')).toHaveAttribute('data-class-index', '2');
  await page.keyboard.press('ArrowLeft');
  await expect(page.locator(':focus')).toHaveAttribute('data-class-index', '1');
  await page.keyboard.press('Escape');
  await expect(page.locator('.thumbs')).toHaveCount(0);

  // Enter on the focused button starts the explanation.
  await explain.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('progressbar', { name: 'Attribution progress' })).toBeVisible({ timeout: 60_000 });
  await expectNoPageErrors(errors);
});
