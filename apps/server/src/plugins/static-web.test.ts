import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestApp } from '@anzheng/test-kit';
import { describe, expect, it } from 'vitest';

const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'anzheng-web-'));
fs.mkdirSync(path.join(dist, 'assets'));
fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>安证</title><div id="root"></div>');
fs.writeFileSync(path.join(dist, 'assets', 'index-AbC123.js'), 'console.log(1)');
fs.writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');

const { app } = await createTestApp({ webDistDir: dist });

describe('built web app', () => {
  it('serves index.html on / without long caching', async () => {
    const res = await app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>安证</title>');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('caches hashed assets for a year as immutable', async () => {
    const res = await app.inject({ url: '/assets/index-AbC123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('answers client-side routes with the SPA (deep links and reloads work)', async () => {
    for (const url of ['/console/users', '/portal/apply?step=2', '/v/4420242000001234']) {
      const res = await app.inject({ url, headers: { accept: 'text/html' } });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain('<div id="root">');
    }
  });

  it('never answers API paths with the SPA', async () => {
    const res = await app.inject({ url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
    const missingAsset = await app.inject({ url: '/assets/missing-123.js' });
    expect(missingAsset.statusCode).toBe(404);
  });
});
