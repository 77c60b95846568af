import { defineConfig } from '@playwright/test';
import { BASE_URL, CHROMIUM_PATH, PORT, WEBGPU_ARGS } from './e2e/helpers';

/**
 * End-to-end tests against the production build. `npm test` builds dist/ first; run
 * `npx vite build` yourself before a bare `npx playwright test`.
 *
 * Chromium is Debian's (/usr/bin/chromium): no browser is ever downloaded. Its WebGPU adapter here
 * is SwiftShader (CPU-emulated), so the model is slow: one worker, long timeouts, no retries, and no
 * timing assertions.
 */
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 240_000,
  // Model-bound waits in the specs pass MODEL_TIMEOUT (120 s) explicitly.
  expect: { timeout: 60_000 },
  reporter: 'list',
  use: {
    baseURL: BASE_URL,
    screenshot: 'only-on-failure',
    trace: 'off',
    video: 'off',
    actionTimeout: 30_000,
    navigationTimeout: 60_000,
  },
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort`,
    url: BASE_URL,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        viewport: { width: 1280, height: 900 },
        launchOptions: { executablePath: CHROMIUM_PATH, args: WEBGPU_ARGS },
      },
    },
  ],
});
