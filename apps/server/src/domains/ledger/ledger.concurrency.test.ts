import { randomBytes } from 'node:crypto';
import { type DatabaseHandle, openDatabase } from '@anzheng/db';
import { generateNoteKeys, parseSignerKey, parseVerifierKey } from '@anzheng/ledger';
import { sql } from 'kysely';
import { describe, expect, inject, it } from 'vitest';
import { createLedgerService, type LedgerService, verifyLedger } from './index.ts';

const template = inject('anzhengTemplate');
const origin = 'anzheng.test/log';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A database cloned from the run's template, reached through two separate pools (two "servers"). */
async function twoPools(): Promise<{ a: DatabaseHandle; b: DatabaseHandle; drop(): Promise<void> }> {
  if (template.kind !== 'postgresql') throw new Error('PostgreSQL only');
  const name = `anzheng_t_${randomBytes(6).toString('hex')}`;
  const admin = await openDatabase({ databaseUrl: template.adminUrl, poolSize: 1 });
  await sql.raw(`create database ${name} template ${template.template}`).execute(admin.db);
  const url = new URL(template.adminUrl);
  url.pathname = `/${name}`;
  const a = await openDatabase({ databaseUrl: url.toString(), poolSize: 10, applicationName: 'seq-a' });
  const b = await openDatabase({ databaseUrl: url.toString(), poolSize: 10, applicationName: 'seq-b' });
  return {
    a,
    b,
    async drop() {
      await a.close();
      await b.close();
      await sql.raw(`drop database if exists ${name} with (force)`).execute(admin.db);
      await admin.close();
    },
  };
}

describe.skipIf(template.kind !== 'postgresql')('two sequencers on one PostgreSQL', () => {
  it('never fork the log: one gapless sequence, every committed entry exactly once, transactions contiguous', async () => {
    const { a, b, drop } = await twoPools();
    try {
      const keys = generateNoteKeys(origin);
      const make = (handle: DatabaseHandle, batchSize: number): LedgerService =>
        createLedgerService({
          db: handle.db,
          origin,
          signer: parseSignerKey(keys.signerKey),
          verifierKey: keys.verifierKey,
          batchSize,
          // Short runs, so checkpoints of both processes interleave with the batches.
          sequenceBudgetMs: 20,
        });
      const sequencers = [make(a, 7), make(b, 11)];

      const committed: number[][] = [];
      let rolledBack = 0;
      let counter = 0;
      const writer = async (handle: DatabaseHandle, w: number) => {
        for (let t = 0; t < 30; t++) {
          const ids: number[] = [];
          const fail = t % 9 === 4;
          try {
            await handle.db.transaction().execute(async (trx) => {
              for (let k = 0; k <= t % 4; k++) {
                ids.push(
                  await sequencers[0]!.appendEntry(trx, {
                    kind: 'exam.result',
                    subject: `W${w}-${t}-${k}`,
                    data: { n: counter++ },
                    at: new Date(),
                  }),
                );
                // Some transactions stay open while later ones commit and get sequenced.
                if (t % 5 === 0) await sleep(15 + w * 3);
              }
              if (fail) throw new Error('rolled back');
            });
            committed.push(ids);
          } catch {
            rolledBack++;
          }
        }
      };

      let writing = true;
      const runs = { a: 0, b: 0 };
      const sequencer = async (ledger: LedgerService, name: 'a' | 'b') => {
        while (writing) {
          await ledger.sequenceAndCheckpoint();
          runs[name]++;
          await sleep(name === 'a' ? 3 : 5);
        }
      };
      const writers = Promise.all(
        Array.from({ length: 12 }, (_, w) => writer(w % 2 === 0 ? a : b, w)),
      ).finally(() => {
        writing = false;
      });
      await Promise.all([writers, sequencer(sequencers[0]!, 'a'), sequencer(sequencers[1]!, 'b')]);
      // Drain what the writers left, still with both sequencers racing.
      for (let i = 0; i < 1_000 && (await sequencers[0]!.pendingCount()) > 0; i++) {
        await Promise.all(sequencers.map((s) => s.sequenceAndCheckpoint()));
      }

      expect(rolledBack).toBeGreaterThan(0);
      expect(runs.a).toBeGreaterThan(3);
      expect(runs.b).toBeGreaterThan(3);
      expect(await sequencers[1]!.pendingCount()).toBe(0);

      const rows = await a.db
        .selectFrom('ledger_sequence')
        .select(['idx', 'entry_id'])
        .orderBy('idx')
        .execute();
      const total = committed.reduce((s, ids) => s + ids.length, 0);
      expect(rows.map((r) => r.idx)).toEqual(Array.from({ length: total }, (_, i) => i));
      expect(new Set(rows.map((r) => r.entry_id)).size).toBe(total);
      expect(rows.map((r) => r.entry_id).sort((x, y) => x - y)).toEqual(
        committed.flat().sort((x, y) => x - y),
      );
      // A transaction's entries sit next to each other, in their id order.
      const position = new Map(rows.map((r) => [r.entry_id, r.idx]));
      for (const ids of committed) {
        const at = ids.map((id) => position.get(id)!);
        expect(at).toEqual(at.map((_, i) => at[0]! + i));
      }

      const verified = await verifyLedger(a.db, { verifiers: [parseVerifierKey(keys.verifierKey)], origin });
      expect(verified).toMatchObject({ ok: true, size: total });
      expect(verified.ok && verified.checkpoints).toBeGreaterThan(2);
    } finally {
      await drop();
    }
  });

  it('waits for an older open transaction instead of skipping its entries when it commits late', async () => {
    const { a, b, drop } = await twoPools();
    try {
      const keys = generateNoteKeys(origin);
      const ledger = createLedgerService({
        db: a.db,
        origin,
        signer: parseSignerKey(keys.signerKey),
        verifierKey: keys.verifierKey,
        batchSize: 100,
      });
      const entry = (subject: string) => ({ kind: 'exam.result', subject, data: null, at: new Date() });
      let release!: () => void;
      const held = new Promise<void>((r) => {
        release = r;
      });
      let inserted!: () => void;
      const insertedOld = new Promise<void>((r) => {
        inserted = r;
      });
      // The older transaction writes first (so it holds the smaller transaction id) and commits last.
      const older = b.db.transaction().execute(async (trx) => {
        const id = await ledger.appendEntry(trx, entry('older'));
        inserted();
        await held;
        return id;
      });
      await insertedOld;
      const newer = await a.db.transaction().execute((trx) => ledger.appendEntry(trx, entry('newer')));

      expect((await ledger.sequence()).integrated).toBe(0);
      release();
      const olderId = await older;
      expect((await ledger.sequence()).integrated).toBe(2);
      const rows = await a.db
        .selectFrom('ledger_sequence')
        .select(['idx', 'entry_id'])
        .orderBy('idx')
        .execute();
      expect(rows).toEqual([
        { idx: 0, entry_id: olderId },
        { idx: 1, entry_id: newer },
      ]);
    } finally {
      await drop();
    }
  });
});
