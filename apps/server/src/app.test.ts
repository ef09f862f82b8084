import { StrictObject } from '@anzheng/contracts';
import { openDatabase } from '@anzheng/db';
import {
  createTestApp,
  createTestDatabase,
  expectError,
  requestJson,
  testCipher,
  testConfig,
} from '@anzheng/test-kit';
import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { errorResponses } from './plugins/openapi.ts';

const { app, database } = await createTestApp();

describe('GET /api/health', () => {
  it('reports ok with the database kind, version and uptime, and a request id header', async () => {
    const res = await requestJson<Record<string, unknown>>(app, 'GET', '/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      database: database.kind,
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      uptimeSeconds: expect.any(Number),
    });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps a well-formed incoming x-request-id and replaces a malformed one', async () => {
    const kept = await app.inject({ url: '/api/health', headers: { 'x-request-id': 'gateway-12345678' } });
    expect(kept.headers['x-request-id']).toBe('gateway-12345678');
    const replaced = await app.inject({ url: '/api/health', headers: { 'x-request-id': 'bad id\n' } });
    expect(replaced.headers['x-request-id']).not.toBe('bad id\n');
  });

  it('answers 503 degraded when the database does not answer', async () => {
    // Nothing listens on port 1: every query fails, as with a database that went away.
    const broken = await openDatabase({ databaseUrl: 'postgres://127.0.0.1:1/none' });
    const degradedApp = await buildApp(testConfig(), {
      database: broken,
      closeDatabase: true,
      fieldCipher: testCipher(),
    });
    const res = await requestJson<{ status: string }>(degradedApp, 'GET', '/api/health');
    expect(res.statusCode).toBe(503);
    expect(res.body).toMatchObject({ status: 'degraded', database: 'postgresql' });
    await degradedApp.close();
  });
});

describe('error shape', () => {
  it('unknown API route → 404 ROUTE_NOT_FOUND in the common shape', async () => {
    const res = await requestJson(app, 'GET', '/api/v1/no-such-thing');
    expectError(res, 404, 'ROUTE_NOT_FOUND');
  });

  it('a web path without a built web app explains how to build it', async () => {
    const res = await requestJson<{ message: string }>(app, 'GET', '/console/anything');
    expectError(res, 404, 'ROUTE_NOT_FOUND');
    expect(res.body.message).toContain('npm run build');
  });

  it('malformed JSON → 400 INVALID_JSON', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/health',
      headers: { 'content-type': 'application/json' },
      payload: '{bad',
    });
    expectError({ statusCode: res.statusCode, headers: res.headers, body: res.json() }, 400, 'INVALID_JSON');
  });
});

describe('validation and unknown fields', async () => {
  const probe = await buildApp(testConfig(), {
    database: await createTestDatabase(),
    fieldCipher: testCipher(),
    extraRoutes(app) {
      app.post(
        '/api/v1/probes',
        {
          config: { public: true },
          schema: {
            body: StrictObject({
              name: Type.String({ minLength: 2 }),
              count: Type.Integer({ minimum: 1 }),
            }),
            response: { 200: Type.Object({ ok: Type.Boolean() }), ...errorResponses },
          },
        },
        async () => ({ ok: true }),
      );
      app.get(
        '/api/v1/explode',
        { config: { public: true }, schema: { response: { 200: Type.Object({}), ...errorResponses } } },
        async () => {
          throw new Error('secret internal detail');
        },
      );
    },
  });

  it('lists every bad field in details with a Chinese message', async () => {
    const res = await requestJson(probe, 'POST', '/api/v1/probes', { body: { name: 'x', extra: 1 } });
    const body = expectError(res, 400, 'VALIDATION_FAILED');
    expect(body.details).toEqual(
      expect.arrayContaining([
        { field: 'body.name', code: 'TOO_SHORT', message: '长度不能少于 2 个字符' },
        { field: 'body.count', code: 'REQUIRED', message: '必填字段缺失' },
        { field: 'body.extra', code: 'UNKNOWN_FIELD', message: '不允许的字段' },
      ]),
    );
  });

  it('accepts a valid body', async () => {
    const res = await requestJson(probe, 'POST', '/api/v1/probes', { body: { name: 'ok', count: 2 } });
    expect(res.statusCode).toBe(200);
  });

  it('hides internal errors: 500 INTERNAL_ERROR without stack or detail', async () => {
    const res = await requestJson<Record<string, unknown>>(probe, 'GET', '/api/v1/explode');
    expectError(res, 500, 'INTERNAL_ERROR');
    expect(JSON.stringify(res.body)).not.toContain('secret internal detail');
    expect(JSON.stringify(res.body)).not.toContain('at ');
    await probe.close();
  });
});

describe('OpenAPI', () => {
  it('is served as 3.1 with the health route and the error schema', async () => {
    const res = await requestJson<{
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    }>(app, 'GET', '/api/openapi.json');
    expect(res.statusCode).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.paths['/api/health']).toBeDefined();
    expect(res.body.components.schemas.ErrorResponse).toBeDefined();
  });

  it('every documented route declares a success response schema', async () => {
    const doc = (
      await requestJson<{ paths: Record<string, Record<string, { responses?: object }>> }>(
        app,
        'GET',
        '/api/openapi.json',
      )
    ).body;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const codes = Object.keys(op.responses ?? {});
        expect(
          codes.some((c) => /^2\d\d$/.test(c)),
          `${method} ${path} declares ${codes.join(', ')}`,
        ).toBe(true);
      }
    }
  });

  it('serves Swagger UI at /api/docs', async () => {
    const res = await app.inject({ url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
  });
});
