import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { CAT_CLASSES, GOLDFISH_URL, MODEL_TIMEOUT, RESULTS_DIR, TEST_PHOTOS, collectPageErrors, expectNoPageErrors, top5Indices, waitForBackend, waitForTop1, openGallery } from './helpers';


test('goldfish sample: top-1 is goldfish, on WebGPU', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto(`${GOLDFISH_URL}&backend=webgpu`);
  expect(await waitForTop1(page)).toBe('1');
  expect(await page.evaluate(() => document.documentElement.dataset.backend)).toBe('webgpu');

  const first = page.locator('table.top5 tbody tr[data-class-index]').first();
  await expect(first).toHaveAttribute('data-class-index', '1');
  await expect(first.locator('.class-name')).toHaveText('goldfish');

  const badge = page.getByTestId('backend-badge');
  await expect(badge.locator('summary')).toContainText('Running on WebGPU');
  await expect(page.getByRole('alert')).toHaveCount(0);

  await page.screenshot({ path: path.join(RESULTS_DIR, 'goldfish.png'), fullPage: true });
  await expectNoPageErrors(errors);
});

test('upload: a cat photo is classified as a cat and the URL drops image=', async ({ page }) => {
  const errors = collectPageErrors(page);
  // Start from a sample so that "the URL lost its image= param" is something that can fail.
  await page.goto(`${GOLDFISH_URL}&backend=webgpu`);
  expect(await waitForBackend(page)).toBe('webgpu');
  await waitForTop1(page, '1');
  await expect(page).toHaveURL(/[?&]image=1(&|$)/);

  await page.getByLabel('Upload image').setInputFiles(path.join(TEST_PHOTOS, 'chelsea.png'));

  // The URL is rewritten only when the upload's prediction arrives, so this also waits for it.
  await expect(page).not.toHaveURL(/[?&]image=/, { timeout: MODEL_TIMEOUT });
  await expect(page).toHaveURL(/[?&]model=mobilenet_v1_0\.75_224(&|$)/);
  // Goldfish's top-5 holds no cat, so a stale table cannot pass this.
  await expect
    .poll(async () => (await top5Indices(page)).filter((i) => CAT_CLASSES.includes(i)), { timeout: MODEL_TIMEOUT })
    .not.toEqual([]);
  expect(CAT_CLASSES).toContain(Number(await waitForTop1(page)));
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expectNoPageErrors(errors);
});

test('bad files: errors are shown, the previous result is kept, and the app keeps working', async ({ page }, testInfo) => {
  const errors = collectPageErrors(page);
  await page.goto(GOLDFISH_URL);
  expect(await waitForTop1(page)).toBe('1');
  const upload = page.getByLabel('Upload image');
  const alert = page.getByRole('alert');
  const goldfishRow = page.locator('table.top5 tbody tr[data-class-index="1"]');

  // A truncated JPEG (scikit-image's fixture): decoding fails in the worker.
  await upload.setInputFiles(path.join(TEST_PHOTOS, 'truncated.jpg'));
  await expect(alert).toContainText('could not be decoded', { timeout: MODEL_TIMEOUT });
  await expect(alert).toContainText('truncated.jpg');
  await expect(goldfishRow).toBeVisible();
  await expect(page.locator('table.top5 tbody tr[data-class-index]').first()).toHaveAttribute('data-class-index', '1');
  expect(await page.evaluate(() => document.documentElement.dataset.top1)).toBe('1');
  await expect(page).toHaveURL(/[?&]image=1(&|$)/);

  // The app still works: another sample replaces the result and clears the alert.
  await openGallery(page);
  await page.locator('button.thumb[data-class-index="0"]').click();
  expect(await waitForTop1(page, '0')).toBe('0');
  await expect(page.locator('table.top5 tbody tr[data-class-index]').first().locator('.class-name')).toHaveText('tench');
  await expect(alert).toHaveCount(0);
  await page.keyboard.press('Escape'); // closes the photo drawer

  // A 0-byte file.
  const empty = testInfo.outputPath('empty.jpg');
  await writeFile(empty, new Uint8Array(0));
  await upload.setInputFiles(empty);
  await expect(alert).toContainText('is empty', { timeout: MODEL_TIMEOUT });
  await expect(alert).toContainText('empty.jpg');
  await expect(page.locator('table.top5 tbody tr[data-class-index="0"]')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.dataset.top1)).toBe('0');

  // The message can be dismissed.
  await alert.getByRole('button', { name: 'Dismiss message' }).click();
  await expect(alert).toHaveCount(0);
  await expectNoPageErrors(errors);
});

test('non-image file: an alert names the file and the result is kept', async ({ page }, testInfo) => {
  const errors = collectPageErrors(page);
  await page.goto(GOLDFISH_URL);
  expect(await waitForTop1(page)).toBe('1');

  const notes = testInfo.outputPath('notes.txt');
  await writeFile(notes, 'This is a text file, not a photo.\n');
  await page.getByLabel('Upload image').setInputFiles(notes);

  const alert = page.getByRole('alert');
  await expect(alert).toBeVisible({ timeout: MODEL_TIMEOUT });
  await expect(alert).toContainText('notes.txt');
  await expect(page.locator('table.top5 tbody tr[data-class-index="1"]')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.dataset.top1)).toBe('1');
  await expectNoPageErrors(errors);
});
