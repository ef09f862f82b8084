import { loadConfig, openConfiguredDatabase } from '@anzheng/server';
import {
  createLedgerService,
  LedgerConfigError,
  loadLogKey,
  parseVerifierKey,
  readLatestCheckpoint,
  readLedgerSettings,
  verifyLedger,
} from '@anzheng/server/ledger';
import type { Command } from 'commander';
import { CliError } from '../cli-error.ts';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** The configured log key; a missing or bad key is the operator's to fix, not a crash. */
function configuredKey(dataDir: string) {
  try {
    return loadLogKey({ dataDir, origin: readLedgerSettings().origin, create: false });
  } catch (error) {
    if (error instanceof LedgerConfigError) throw new CliError(error.message);
    throw error;
  }
}

/** `anzheng log …`: the transparency log (DESIGN §4, docs/transparency-log.md). */
export function registerLog(program: Command): void {
  const log = program.command('log').description('透明日志');

  log
    .command('verify')
    .description(
      '由全部条目重算默克尔树，逐一比对存储的哈希、每个检查点的根哈希与签名：完好时输出一行摘要（退出码 0），' +
        '否则指出第一处不一致（退出码 1）',
    )
    .option(
      '--key <verifierKey>',
      '信任的检查点验证公钥（<name>+<id>+<key>，可重复；默认为本机配置的日志签名密钥）',
      collect,
      [],
    )
    .option('--origin <origin>', '要求检查点的 origin 为此值')
    .action(async (options: { key: string[]; origin?: string }) => {
      const config = loadConfig();
      let verifierKeys = options.key;
      if (verifierKeys.length === 0) verifierKeys = [configuredKey(config.dataDir).verifierKey];
      let verifiers: ReturnType<typeof parseVerifierKey>[];
      try {
        verifiers = verifierKeys.map((k) => parseVerifierKey(k));
      } catch (error) {
        throw new CliError(`验证公钥无效：${(error as Error).message}`, 2);
      }
      const database = await openConfiguredDatabase(config);
      try {
        const result = await verifyLedger(database.db, {
          verifiers,
          ...(options.origin ? { origin: options.origin } : {}),
        });
        if (result.ok) {
          process.stdout.write(
            `透明日志完好：共 ${result.size} 条记录，${result.checkpoints} 个检查点，根哈希 ${Buffer.from(result.rootHash).toString('base64')}\n`,
          );
        } else {
          process.stderr.write(`透明日志不一致：${result.problem}\n`);
          process.exitCode = 1;
        }
      } finally {
        await database.close();
      }
    });

  log
    .command('checkpoint')
    .description('输出最新的已签名检查点（C2SP signed-note）')
    .option('--sign', '先将待排序的条目排入树，树有增长时签署新检查点（需要日志签名密钥）')
    .action(async (options: { sign?: boolean }) => {
      const config = loadConfig();
      const key = options.sign ? configuredKey(config.dataDir) : undefined;
      const database = await openConfiguredDatabase(config);
      try {
        let latest: Awaited<ReturnType<typeof readLatestCheckpoint>>;
        if (key) {
          const settings = readLedgerSettings();
          const ledger = createLedgerService({
            db: database.db,
            origin: settings.origin,
            signer: key.signer,
            verifierKey: key.verifierKey,
            batchSize: settings.batchSize,
            sequenceBudgetMs: Number.POSITIVE_INFINITY,
          });
          latest = (await ledger.sequenceAndCheckpoint()).checkpoint;
        } else {
          latest = await readLatestCheckpoint(database.db);
        }
        if (!latest) throw new CliError('透明日志尚无已签名的检查点（服务首次启动时签署）');
        process.stdout.write(latest.note);
      } finally {
        await database.close();
      }
    });
}
