import { buildApp, loadConfig, openConfiguredDatabase, prepareDatabase } from '@anzheng/server';
import type { Command } from 'commander';
import { CliError } from '../cli-error.ts';

const ISSUER = /^(\d{2}0000)$/;

/** Builds the app on the configured database, runs `fn`, closes. */
async function withApp<T>(fn: (app: Awaited<ReturnType<typeof buildApp>>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  await prepareDatabase(database, config);
  const app = await buildApp({ ...config, logLevel: 'warn' }, { database, closeDatabase: true });
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

/** `anzheng keys …`: certificate signing keys and the trust list (docs/certificates.md "Keys"). */
export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('证书签名密钥与信任列表');

  keys
    .command('list')
    .description('列出全部签名密钥（发证机关密钥与信任列表密钥）：密钥标识、用途、发证机关、算法、有效期')
    .action(async () => {
      await withApp(async (app) => {
        const rows = await app.certificateService.listKeys();
        if (rows.length === 0) {
          process.stdout.write('尚无签名密钥（首次发证或首次请求信任列表时创建）\n');
          return;
        }
        for (const k of rows) {
          const state = k.retiredAt ? `已停用 ${k.retiredAt.toISOString()}` : '使用中';
          const until = k.validUntil ? k.validUntil.toISOString() : '—';
          process.stdout.write(
            `${k.keyId}\t${k.purpose === 'trust' ? 'trust' : `issuer ${k.issuerCode}`}\t${k.suite}\t${k.validFrom.toISOString()} → ${until}\t${state}\n`,
          );
        }
      });
    });

  keys
    .command('rotate')
    .description('轮换密钥：停用当前密钥（其已签内容仍可验证）并启用新密钥，随即发布新版信任列表')
    .option('--issuer <code>', '发证机关代码：省级行政区划代码（如 440000）或 000000（全国）')
    .option('--suite <suite>', '签名算法 ed25519（默认）或 sm2-sm3', 'ed25519')
    .option('--trust', '轮换信任列表签名密钥（而不是发证机关密钥）')
    .action(async (options: { issuer?: string; suite: string; trust?: boolean }) => {
      if (options.trust) {
        if (options.issuer) throw new CliError('--trust 与 --issuer 不能同时使用', 2);
      } else {
        if (!options.issuer) throw new CliError('请指定 --issuer（如 440000）或 --trust', 2);
        if (!ISSUER.test(options.issuer) && options.issuer !== '000000') {
          throw new CliError(`--issuer ${options.issuer}：应为省级行政区划代码（如 440000）或 000000`, 2);
        }
      }
      if (options.suite !== 'ed25519' && options.suite !== 'sm2-sm3') {
        throw new CliError(`--suite ${options.suite}：应为 ed25519 或 sm2-sm3`, 2);
      }
      const suite = options.suite;
      await withApp(async (app) => {
        const result = options.trust
          ? await app.certificateService.rotateTrustKey()
          : await app.certificateService.rotateIssuerKey(options.issuer!, suite);
        process.stdout.write(
          `${result.retired ? `已停用 ${result.retired}；` : ''}新密钥 ${result.active}；信任列表第 ${result.trustListVersion} 版\n`,
        );
      });
    });
}
