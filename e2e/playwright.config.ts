import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

// Playwright re-reads this file in every worker; the values are chosen once, in the main
// process, and reach the workers through the environment they inherit.
// E2E_BASE_URL points the suite at a server that is already running (no webServer then).
const external = process.env.E2E_BASE_URL;
if (!external && !process.env.ANZHENG_E2E_PORT) process.env.ANZHENG_E2E_PORT = String(await freePort());
if (!external && !process.env.ANZHENG_E2E_DATA_DIR) {
  process.env.ANZHENG_E2E_DATA_DIR = fs.mkdtempSync(`${os.tmpdir()}/anzheng-e2e-`);
}
const port = process.env.ANZHENG_E2E_PORT ?? '';
const dataDir = process.env.ANZHENG_E2E_DATA_DIR ?? '';
const baseURL = external ?? `http://127.0.0.1:${port}`;

if (!external && !fs.existsSync(path.join(root, 'apps/web/dist/index.html'))) {
  throw new Error('apps/web/dist is missing: run `npm run build` before the end-to-end tests.');
}

export default defineConfig({
  testDir: 'specs',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 90_000,
  // Shared 2-core machines: a first health answer can take seconds while the server warms up.
  expect: { timeout: 30_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  globalTeardown: './global-teardown.ts',
  use: {
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    },
  },
  webServer: external
    ? undefined
    : {
        // Demo accounts (demo-admin, demo-regulator-gd, …) for the console journeys.
        command: 'node apps/cli/bin/anzheng.js serve --seed-demo-if-empty',
        cwd: root,
        env: { PORT: port, HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
        url: `${baseURL}/api/health`,
        reuseExistingServer: false,
        // A fresh data directory is seeded with the whole demo (registry, ~300 certificates
        // through the issuance path, the exam bank) before the server listens.
        timeout: 600_000,
        stdout: 'pipe',
        stderr: 'pipe',
      },
});
