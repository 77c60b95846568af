/**
 * Shareable state: a guided lesson's "try this" sets the controls through the URL, "Copy link" gives a
 * link that reopens the same step, image, method and display with the same map, and an uploaded photo
 * is said to stay out of the link.
 */
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { MODEL, RESULTS_DIR, TEST_PHOTOS, collectPageErrors, expectNoPageErrors, panel, waitForBackend, waitForPanelsDrawn, waitForTop1 } from './helpers';

async function copyLink(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByTestId('copy-link-status')).toContainText('Link copied');
  return page.evaluate(() => navigator.clipboard.readText());
}

/** What a student sees that the link must reproduce. */
async function snapshot(page: Page) {
  const map = panel(page, 'single', 'saliency:blended_heat_map');
  return {
    top1: await page.evaluate(() => document.documentElement.dataset.top1),
    method: await page.evaluate(() => document.documentElement.dataset.attribution),
    lesson: await page.getByTestId('lesson').getAttribute('data-lesson'),
    end: await map.getByTestId('colorbar-end').innerText(),
    start: await map.getByTestId('colorbar-start').innerText(),
  };
}

test('a lesson step sets the controls; the copied link reopens the same state and the same map', async ({ page, context }) => {
  test.setTimeout(300_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const errors = collectPageErrors(page);
  // No backend in the URL: the link drops it, so both pages run the automatic choice (wasm on this CI's
  // SwiftShader) and their maps are comparable.
  await page.goto(`/?model=${MODEL}&image=1&lesson=predict`);
  const backend = await waitForBackend(page);
  await waitForTop1(page, '1');
  await expect(page.getByRole('heading', { name: /^Step 1 of \d+: Load a photo and predict$/ })).toBeVisible();
  await page.getByRole('button', { name: 'Next →' }).click();
  await expect(page.getByTestId('lesson')).toHaveAttribute('data-lesson', 'saliency');
  await page.getByRole('button', { name: 'Saliency map' }).click();
  await page.waitForFunction(() => document.documentElement.dataset.attribution === 'saliency', undefined, { timeout: 120_000 });
  const url = new URL(page.url());
  expect(url.searchParams.get('method')).toBe('saliency');
  expect(url.searchParams.get('lesson')).toBe('saliency');
  // Free exploration around the step: change the display, it goes into the link too.
  await page.getByLabel('Sign').selectOption('positive');
  await page.getByRole('checkbox', { name: 'Blended heat map' }).check();
  await page.getByRole('checkbox', { name: 'Heat map', exact: true }).uncheck();
  await waitForPanelsDrawn(page, 'single');
  const before = await snapshot(page);
  const link = await copyLink(page);
  const params = new URL(link).searchParams;
  expect(Object.fromEntries(params)).toMatchObject({ model: MODEL, image: '1', method: 'saliency', lesson: 'saliency', sign: 'positive', view: 'blended_heat_map' });

  const other = await context.newPage();
  const otherErrors = collectPageErrors(other);
  await other.goto(link);
  expect(await waitForBackend(other)).toBe(backend);
  await waitForTop1(other, '1');
  await other.waitForFunction(() => document.documentElement.dataset.attribution === 'saliency', undefined, { timeout: 120_000 });
  await waitForPanelsDrawn(other, 'single');
  expect(await snapshot(other)).toEqual(before);
  await expect(other.getByLabel('Sign')).toHaveValue('positive');
  await other.screenshot({ path: `${RESULTS_DIR}/share-reopened.png` });
  await expectNoPageErrors(errors);
  await expectNoPageErrors(otherErrors);
});

test('an uploaded photo is not in the link, and the link says so', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(`/?model=${MODEL}&image=1`);
  await waitForTop1(page, '1');
  await page.getByLabel('Upload image').setInputFiles(path.join(TEST_PHOTOS, 'chelsea.png'));
  await page.waitForFunction(() => document.documentElement.dataset.top1 !== '1', undefined, { timeout: 120_000 });
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByTestId('copy-link-status')).toContainText('Your uploaded photo is not in the link');
  const link = new URL(await page.evaluate(() => navigator.clipboard.readText()));
  expect(link.searchParams.get('image')).toBeNull();
  expect(link.searchParams.get('model')).toBe(MODEL);
});
