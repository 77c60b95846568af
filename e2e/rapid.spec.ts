/**
 * Rapid clicking: ten quick changes of photo and method end with the latest photo, its prediction
 * and the latest method's map of that photo, and nothing older arrives afterwards.
 */
import { expect, test, type Page } from '@playwright/test';
import { MODEL, collectPageErrors, expectNoPageErrors, panel, waitForChosenBackend, waitForPanelsDrawn, waitForTop1, openGallery } from './helpers';

const pixels = (page: Page, selector: string) =>
  page.locator(selector).evaluate((c: HTMLCanvasElement) => Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.filter((_, i) => i % 97 === 0)));

test('ten quick changes of photo and method: the last one wins, nothing stale', async ({ page }) => {
  test.setTimeout(420_000);
  const errors = collectPageErrors(page);
  await page.goto(`/?model=${MODEL}&image=1&method=saliency`);
  await waitForChosenBackend(page);
  await page.waitForFunction(() => document.documentElement.dataset.attribution === 'saliency', undefined, { timeout: 240_000 });

  await openGallery(page);
  const thumb = (i: number) => page.locator(`button.thumb[data-class-index="${i}"]`);
  const method = page.getByLabel('Method', { exact: true });
  const steps: Array<() => Promise<unknown>> = [
    () => thumb(2).click(),
    () => method.selectOption('ixg'),
    () => thumb(3).click(),
    () => thumb(4).click(),
    () => method.selectOption('gradcam'),
    () => thumb(5).click(),
    () => method.selectOption('saliency'),
    () => thumb(6).click(),
    () => thumb(7).click(),
    () => method.selectOption('ixg'),
  ];
  for (const step of steps) await step(); // no waiting in between

  await page.waitForFunction(() => document.documentElement.dataset.attribution === 'ixg', undefined, { timeout: 300_000 });
  expect(new URL(page.url()).searchParams.get('image')).toBe('7');
  await expect(thumb(7)).toHaveAttribute('aria-current', 'true');
  const top1 = await waitForTop1(page);
  await waitForPanelsDrawn(page, 'single');
  // The map explains the last photo (its readout gives the RGB of the result's own input pixels) and
  // its predicted class.
  const shown = await pixels(page, 'canvas[aria-label="Model input image"]');
  await page.keyboard.press('Escape'); // the photo drawer covers part of the map
  const map = panel(page, 'single', 'ixg:heat_map');
  const box = (await map.locator('.panel-canvas canvas').boundingBox())!;
  for (const [x, y] of [[20, 30], [112, 112], [200, 180]]) {
    await page.mouse.move(box.x + (box.width * (x + 0.5)) / 224, box.y + (box.height * (y + 0.5)) / 224);
    const readout = await map.getByTestId('readout').textContent();
    const stage = await page.locator('canvas[aria-label="Model input image"]').evaluate((c: HTMLCanvasElement, [px, py]) => Array.from(c.getContext('2d')!.getImageData(px, py, 1, 1).data.slice(0, 3)), [x, y]);
    expect(readout).toContain(`(${x}, ${y})`);
    expect(readout).toContain(`RGB ${stage.join(', ')}`);
  }
  await page.mouse.move(0, 0);
  await expect(page.locator('.result-title')).toContainText(`Input × Gradient for`);
  await expect(page.locator('.result-title')).toContainText(`#${top1}`);
  await expect(panel(page, 'single', 'ixg:heat_map')).toHaveAttribute('data-state', 'drawn');

  // Nothing older lands later.
  await page.waitForTimeout(5_000);
  expect(await page.evaluate(() => [document.documentElement.dataset.top1, document.documentElement.dataset.attribution])).toEqual([top1, 'ixg']);
  expect(await pixels(page, 'canvas[aria-label="Model input image"]')).toEqual(shown);
  await expectNoPageErrors(errors);
});
