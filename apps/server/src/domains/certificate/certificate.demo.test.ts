import type { CertificatePage } from '@anzheng/contracts';
import { createTestApp, login, requestJson } from '@anzheng/test-kit';
import { describe, expect, it } from 'vitest';
import { seedCertificateDemo } from '../../demo/certificate-demo.ts';
import { seedDemo } from '../../demo/seed-demo.ts';

const { app, database } = await createTestApp();

describe('certificate demo (issue 7 §2.8)', () => {
  it('gives demo-holder a valid certificate and ≈ 300 others in every state; a second run changes nothing', async () => {
    await seedDemo(app, { nodeEnv: 'test' });
    const db = database.db;
    const byStatus = Object.fromEntries(
      (
        await db
          .selectFrom('certificate')
          .select(['status'])
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .groupBy('status')
          .execute()
      ).map((r) => [r.status, Number(r.n)]),
    );
    const marker = await db
      .selectFrom('system_setting')
      .select('value')
      .where('key', '=', 'demo_seed_certificates')
      .executeTakeFirstOrThrow();
    console.info(`demo certificates on ${database.kind}: ${JSON.stringify(marker.value)}`);
    const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(250);
    for (const s of ['valid', 'suspended', 'revoked', 'cancelled', 'expired', 'replaced'])
      expect(byStatus[s]).toBeGreaterThan(0);
    const levels = await db.selectFrom('certificate').select('level').distinct().execute();
    expect(levels.length).toBeGreaterThanOrEqual(3);
    const provinces = await db.selectFrom('certificate').select('province_code').distinct().execute();
    expect(provinces.length).toBeGreaterThanOrEqual(3);
    const suites = await db.selectFrom('certificate').select('suite').distinct().execute();
    expect(suites.map((s) => s.suite).sort()).toEqual(['ed25519', 'sm2-sm3']);

    const cookies = await login(app, {
      username: 'demo-holder',
      password: 'Anzheng-Demo-2026',
      publicId: '',
      id: 0,
    });
    const mine = await requestJson<CertificatePage>(app, 'GET', '/api/v1/certificates', { cookies });
    expect(mine.body.items.map((i) => [i.holderName, i.status])).toEqual([['张安全', 'valid']]);

    expect(await seedCertificateDemo(app)).toBeUndefined();
    const after = await db
      .selectFrom('certificate')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(total);
  }, 600_000);
});
