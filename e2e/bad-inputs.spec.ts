/**
 * Odd and bad uploads ("Reliability and privacy"): each gives a clear message or a correct result, the
 * previous image and prediction stay on an error, and the app keeps working afterwards.
 *
 * Inputs not in ../shared/test-photos are made at test time (sharp, or raw bytes) in a temporary folder.
 * Two tests, one page load each (a forward pass takes ~5 s on SwiftShader): the errors, then the photos
 * that are odd but valid, each checked through the "Model input" canvas.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { expect, test, type Page } from '@playwright/test';
import { croppedRgb } from '../src/testing/node-image';
import { CAT_CLASSES, GOLDFISH_URL, MODEL_TIMEOUT, TEST_PHOTOS, collectPageErrors, expectNoPageErrors, top5Indices, waitForBackend, waitForTop1, openGallery } from './helpers';

const MB = 1024 * 1024;

let dir = '';
test.beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'saliency-bad-inputs-'));
});
test.afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function write(name: string, data: Uint8Array | string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, data);
  return file;
}

/** A real small JPEG whose start-of-frame header says `width` x `height` (a size check must refuse it unread). */
async function jpegClaiming(width: number, height: number): Promise<Uint8Array> {
  const b = new Uint8Array(await sharp({ create: { width: 16, height: 8, channels: 3, background: '#888' } }).jpeg().toBuffer());
  for (let i = 2; i < b.length; i += 2 + ((b[i + 2] << 8) | b[i + 3])) {
    if (b[i + 1] === 0xc0) {
      b.set([height >> 8, height & 255, width >> 8, width & 255], i + 5);
      return b;
    }
  }
  throw new Error('no SOF0 marker');
}

type Rgb = [number, number, number];

/** The pixels of the "Model input" canvas (what the model receives, before normalisation). */
async function modelInput(page: Page) {
  const { size, data } = await page.locator('figure.input-view canvas').evaluate((c: HTMLCanvasElement) => ({
    size: c.width,
    data: Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data),
  }));
  const at = (x: number, y: number): Rgb => {
    const i = (y * size + x) * 4;
    return [data[i], data[i + 1], data[i + 2]];
  };
  return { size, data, at };
}

function expectColour(actual: Rgb, expected: Rgb, tolerance: number, where: string) {
  const diff = Math.max(...actual.map((v, i) => Math.abs(v - expected[i])));
  expect(diff, `${where}: got rgb(${actual}), expected rgb(${expected}) ± ${tolerance}`).toBeLessThanOrEqual(tolerance);
}

/** Uploads a file and waits until its own prediction is shown (the caption names it and its size). */
async function uploadPhoto(page: Page, file: string, original: string) {
  await page.getByLabel('Upload image').setInputFiles(file);
  await expect(page.locator('figure.input-view figcaption')).toContainText(`${path.basename(file)} — original ${original}`, {
    timeout: MODEL_TIMEOUT,
  });
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(await top5Indices(page)).toHaveLength(5);
}

test('bad files: a message naming the file and what to do; the goldfish stays and the app keeps working', async ({ page }, testInfo) => {
  const errors = collectPageErrors(page);
  await page.goto(`${GOLDFISH_URL}&backend=webgpu`);
  expect(await waitForBackend(page)).toBe('webgpu');
  expect(await waitForTop1(page)).toBe('1');
  const goldfishPixels = (await modelInput(page)).data;
  const caption = page.locator('figure.input-view figcaption');
  await expect(caption).toContainText('goldfish');
  const alert = page.getByRole('alert');
  const upload = page.getByLabel('Upload image');

  const cases: { file: string; message: RegExp }[] = [
    { file: await write('notes.txt', 'This is a text file, not a photo.\n'), message: /notes\.txt is not an image \(type text\/plain\)\. Choose a JPEG, PNG, WebP or GIF photo\./ },
    { file: await write('notes.jpg', 'Renamed text file.\n'), message: /notes\.jpg is not an image: it contains text\. Choose a JPEG, PNG, WebP or GIF photo\./ },
    { file: await write('empty.jpg', new Uint8Array(0)), message: /empty\.jpg is empty \(0 bytes\)\. Choose a photo/ },
    {
      file: path.join(TEST_PHOTOS, 'truncated.jpg'),
      message: /truncated\.jpg could not be decoded: it is a JPEG file, but damaged or incomplete .* Save or download the photo again/,
    },
    {
      file: await write('drawing.svg', '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200"><circle cx="150" cy="100" r="80" fill="red"/></svg>'),
      message: /drawing\.svg is an SVG drawing \(vector graphics\), which Saliency Lab cannot read\. .* as PNG, and upload that\./,
    },
    // 50 MB that is no image at all, under the file-size limit: read, then refused by the decoder.
    { file: await write('noise-50mb.jpg', randomBytes(50 * MB)), message: /noise-50mb\.jpg could not be decoded: it is not an image this browser can read\. Choose a JPEG, PNG/ },
    // Over the 100 MB limit: refused before anything is read.
    { file: await write('scan-101mb.png', new Uint8Array(101 * MB)), message: /scan-101mb\.png is too large to open \(101\.0 MB; Saliency Lab reads files up to 100 MB\)\. .*save a smaller copy/ },
    // 120 megapixels (a genuine JPEG header): refused from the header, before a 480 MB decode.
    {
      file: await write('pano-12000x10000.jpg', await jpegClaiming(12000, 10000)),
      message: /pano-12000x10000\.jpg is too large to open \(12000 × 10000 pixels, 120 megapixels; Saliency Lab reads images up to 100 megapixels\)/,
    },
  ];
  for (const { file, message } of cases) {
    const name = path.basename(file);
    await test.step(name, async () => {
      await upload.setInputFiles(file);
      await expect(alert).toContainText(name, { timeout: MODEL_TIMEOUT });
      await expect(alert).toContainText(message);
      if (name === 'drawing.svg') await page.screenshot({ path: testInfo.outputPath('error-svg.png'), fullPage: true });
      // The previous state is kept: goldfish prediction, image, caption and URL.
      expect(await page.evaluate(() => document.documentElement.dataset.top1)).toBe('1');
      await expect(page.locator('table.top5 tbody tr[data-class-index]').first().locator('.class-name')).toHaveText('goldfish');
      await expect(caption).toContainText('goldfish');
      await expect(page).toHaveURL(/[?&]image=1(&|$)/);
      expect((await modelInput(page)).data).toEqual(goldfishPixels);
      await alert.getByRole('button', { name: 'Dismiss message' }).click();
      await expect(alert).toHaveCount(0);
    });
  }

  // The app keeps working: a real photo is classified.
  await page.getByLabel('Upload image').setInputFiles(path.join(TEST_PHOTOS, 'chelsea.png'));
  await expect(caption).toContainText('chelsea.png — original 451×300', { timeout: MODEL_TIMEOUT });
  expect(CAT_CLASSES).toContain(Number(await waitForTop1(page)));
  await expect(alert).toHaveCount(0);
  const { data } = await modelInput(page);
  const reference = await croppedRgb(path.join(TEST_PHOTOS, 'chelsea.png'));
  let diff = 0;
  for (let p = 0; p < reference.length / 3; p++) for (let c = 0; c < 3; c++) diff += Math.abs(data[p * 4 + c] - reference[p * 3 + c]);
  // The browser's resampling differs from sharp's a little (4.8 levels measured); a wrong crop would not.
  testInfo.annotations.push({ type: 'chelsea.png: mean |Δ| per channel vs sharp', description: (diff / reference.length).toFixed(2) });
  expect(diff / reference.length).toBeLessThan(10);
  await expectNoPageErrors(errors);
});

test('odd photos: grayscale, 1×1, 8000×8000, CMYK, alpha, EXIF-rotated, animated GIF are classified as a viewer shows them', async ({
  page,
}, testInfo) => {
  const errors = collectPageErrors(page);
  await page.goto(GOLDFISH_URL);
  expect(await waitForTop1(page)).toBe('1');

  await test.step('grayscale PNG (camera.png): expanded to gray RGB', async () => {
    await uploadPhoto(page, path.join(TEST_PHOTOS, 'camera.png'), '512×512');
    const { data } = await modelInput(page);
    let gray = 0;
    const levels = new Set<number>();
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] === data[i + 1] && data[i] === data[i + 2]) gray++;
      levels.add(data[i]);
    }
    expect(gray).toBe(data.length / 4);
    expect(levels.size).toBeGreaterThan(100); // the photo, not a blank canvas
  });

  await test.step('1×1 PNG: one colour everywhere', async () => {
    const colour: Rgb = [10, 200, 30];
    const file = await write('one-pixel.png', await sharp(Buffer.from(colour), { raw: { width: 1, height: 1, channels: 3 } }).png().toBuffer());
    await uploadPhoto(page, file, '1×1');
    const { at } = await modelInput(page);
    for (const [x, y] of [[0, 0], [223, 0], [112, 112], [0, 223], [223, 223]]) expectColour(at(x, y), colour, 1, `(${x}, ${y})`);
  });

  await test.step('8000×8000 JPEG: resized and centre-cropped like any photo', async () => {
    // A 4×4 grid of colours, 2000 px cells. The crop is the central 7000 px (500..7500), so the model input
    // shows the cells' parts 48, 64, 64, 48 px wide; their centres are at 24, 80, 144, 200.
    const colours: Rgb[] = Array.from({ length: 16 }, (_, i) => [(i & 1) * 200 + 30, ((i >> 1) & 1) * 200 + 30, (i >> 2) * 60 + 20]);
    const grid = Buffer.from(colours.flat());
    const big = await sharp(grid, { raw: { width: 4, height: 4, channels: 3 } }).resize(8000, 8000, { kernel: 'nearest' }).jpeg({ quality: 90 }).toBuffer();
    await uploadPhoto(page, await write('grid-8000x8000.jpg', big), '8000×8000');
    const { at } = await modelInput(page);
    const centres = [24, 80, 144, 200];
    for (let row = 0; row < 4; row++) {
      for (let col = 0; col < 4; col++) expectColour(at(centres[col], centres[row]), colours[row * 4 + col], 8, `cell ${row},${col}`);
    }
  });

  await test.step('CMYK JPEG (with its ICC profile, as print files have): the colours of the photo, classified as a cat', async () => {
    const cmyk = await sharp(path.join(TEST_PHOTOS, 'chelsea.png')).toColourspace('cmyk').withIccProfile('cmyk').jpeg({ quality: 95 }).toBuffer();
    const meta = await sharp(cmyk).metadata();
    expect([meta.space, meta.channels, meta.hasProfile]).toEqual(['cmyk', 4, true]);
    const file = await write('chelsea-cmyk.jpg', cmyk);
    await uploadPhoto(page, file, '451×300');
    expect(CAT_CLASSES).toContain(Number(await waitForTop1(page)));
    const { data } = await modelInput(page);
    const meanDiff = (reference: Uint8Array) => {
      let diff = 0;
      for (let p = 0; p < reference.length / 3; p++) for (let c = 0; c < 3; c++) diff += Math.abs(data[p * 4 + c] - reference[p * 3 + c]);
      return diff / reference.length;
    };
    // Against sharp's colour-managed reading of the same file and against the RGB original. What must hold
    // is the polarity (Adobe CMYK JPEGs store inverted inks: misread, the photo is a negative, ~85 levels
    // off), colours close to the photo's, and the prediction.
    const diffs = { managed: meanDiff(await croppedRgb(file)), rgb: meanDiff(await croppedRgb(path.join(TEST_PHOTOS, 'chelsea.png'))) };
    testInfo.annotations.push({ type: 'CMYK: mean |Δ| per channel', description: JSON.stringify(diffs) });
    expect(diffs.managed).toBeLessThan(20);
    expect(diffs.rgb).toBeLessThan(20);
  });

  await test.step('PNG with alpha: composited over white', async () => {
    // A blue disc on a transparent background whose hidden colour is black (dropping alpha would show it).
    const w = 400;
    const h = 300;
    const rgba = Buffer.alloc(w * h * 4);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if ((x - 200) ** 2 + (y - 150) ** 2 < 80 ** 2) rgba.set([20, 40, 220, 255], (y * w + x) * 4);
    const png = await sharp(rgba, { raw: { width: w, height: h, channels: 4 } }).png().toBuffer();
    expect((await sharp(png).metadata()).hasAlpha).toBe(true);
    await uploadPhoto(page, await write('disc-alpha.png', png), '400×300');
    const { at } = await modelInput(page);
    for (const [x, y] of [[0, 0], [223, 0], [0, 223], [223, 223]]) expectColour(at(x, y), [255, 255, 255], 0, `corner (${x}, ${y})`);
    expectColour(at(112, 112), [20, 40, 220], 2, 'centre');
    await page.screenshot({ path: testInfo.outputPath('alpha-result.png'), fullPage: true });
  });

  await test.step('EXIF orientation 6: rotated upright as a viewer shows it', async () => {
    // Stored 300×200: left half red, right half blue. Orientation 6 = rotate 90° clockwise to display, so
    // a viewer shows 200×300 with red on top and blue below.
    const raw = Buffer.alloc(300 * 200 * 3);
    for (let y = 0; y < 200; y++) for (let x = 0; x < 300; x++) raw.set(x < 150 ? [230, 20, 20] : [20, 20, 230], (y * 300 + x) * 3);
    const jpeg = await sharp(raw, { raw: { width: 300, height: 200, channels: 3 } }).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
    const meta = await sharp(jpeg).metadata();
    expect([meta.width, meta.height, meta.orientation]).toEqual([300, 200, 6]);
    await uploadPhoto(page, await write('exif-6.jpg', jpeg), '200×300');
    const { at } = await modelInput(page);
    const red: Rgb = [230, 20, 20];
    const blue: Rgb = [20, 20, 230];
    for (const x of [10, 112, 213]) {
      expectColour(at(x, 40), red, 12, `top (${x}, 40)`);
      expectColour(at(x, 184), blue, 12, `bottom (${x}, 184)`);
    }
  });

  await test.step('animated GIF: the first frame is classified', async () => {
    const [fw, fh] = [64, 48];
    const frames: Rgb[] = [[255, 0, 0], [0, 0, 255], [0, 255, 0]];
    const raw = Buffer.alloc(fw * fh * frames.length * 3);
    frames.forEach((c, f) => {
      for (let i = 0; i < fw * fh; i++) raw.set(c, (f * fw * fh + i) * 3);
    });
    const gif = await sharp(raw, { raw: { width: fw, height: fh * frames.length, channels: 3, pageHeight: fh } }).gif({ delay: [300, 300, 300], loop: 0 }).toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(3);
    await uploadPhoto(page, await write('animated.gif', gif), '64×48');
    const { at } = await modelInput(page);
    for (const [x, y] of [[0, 0], [112, 112], [223, 223]]) expectColour(at(x, y), frames[0], 2, `(${x}, ${y})`);
  });

  // Still working: a sample photo replaces the upload.
  await openGallery(page);
  await page.locator('button.thumb[data-class-index="0"]').click();
  expect(await waitForTop1(page, '0')).toBe('0');
  await expect(page.locator('table.top5 tbody tr[data-class-index]').first().locator('.class-name')).toHaveText('tench');
  await expectNoPageErrors(errors);
});
