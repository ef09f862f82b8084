import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../config.ts';
import { parseStatusListId, STATUS_LIST_ID_PATTERN, STATUSES_BY_PURPOSE } from './outputs.credentials.ts';
import { RateLimitedError } from './outputs.errors.ts';
import { createRateLimiter } from './outputs.rate-limit.ts';
import { loadOutputSettings } from './outputs.settings.ts';

describe('status list ids', () => {
  it('parses <list>-<purpose> and refuses anything else', () => {
    expect(parseStatusListId('1-revocation')).toEqual({ listId: 1, purpose: 'revocation' });
    expect(parseStatusListId('42-suspension')).toEqual({ listId: 42, purpose: 'suspension' });
    for (const bad of [
      '0-revocation',
      '01-revocation',
      '1-expiry',
      '1',
      'revocation',
      '9999999999-revocation',
    ]) {
      expect(parseStatusListId(bad)).toBeUndefined();
    }
    expect(new RegExp(STATUS_LIST_ID_PATTERN).test('7-suspension')).toBe(true);
  });

  it('revocation covers every final status, suspension only suspended; expiry is validUntil', () => {
    expect(STATUSES_BY_PURPOSE.revocation).toEqual(['revoked', 'cancelled', 'replaced']);
    expect(STATUSES_BY_PURPOSE.suspension).toEqual(['suspended']);
  });
});

describe('public rate limiter', () => {
  it('allows perMinute requests per IP per minute, then 429 with the seconds left', () => {
    let now = Date.parse('2026-11-29T08:00:10Z');
    const limiter = createRateLimiter({ perMinute: 3, clock: () => new Date(now) });
    for (let i = 0; i < 3; i += 1) limiter.hit('10.0.0.1');
    limiter.hit('10.0.0.2');
    let error: unknown;
    try {
      limiter.hit('10.0.0.1');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).statusCode).toBe(429);
    expect((error as RateLimitedError).message).toContain('50 秒');
    now += 50_000;
    expect(() => limiter.hit('10.0.0.1')).not.toThrow();
  });
});

describe('output settings', () => {
  it('defaults to 120 requests per minute and a 60 s status list cache', () => {
    expect(loadOutputSettings({})).toEqual({ publicRateLimit: 120, statusListTtlSeconds: 60 });
    expect(
      loadOutputSettings({ ANZHENG_PUBLIC_RATE_LIMIT: '30', ANZHENG_STATUS_LIST_TTL_SECONDS: '0' }),
    ).toEqual({ publicRateLimit: 30, statusListTtlSeconds: 0 });
  });

  it('names every bad value', () => {
    let error: unknown;
    try {
      loadOutputSettings({ ANZHENG_PUBLIC_RATE_LIMIT: 'many', ANZHENG_STATUS_LIST_TTL_SECONDS: '7200' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toHaveLength(2);
    expect((error as ConfigError).problems[0]).toContain('ANZHENG_PUBLIC_RATE_LIMIT=many');
  });
});
