import {
  assertDemoAllowed,
  buildApp,
  demoAccountLines,
  loadConfig,
  openConfiguredDatabase,
  prepareDatabase,
  seedDemo,
} from '@anzheng/server';
import type { Command } from 'commander';
import { CliError } from '../cli-error.ts';

export function registerSeed(program: Command): void {
  program
    .command('seed')
    .description('写入数据（目前支持 --demo 演示数据；生产环境禁止）')
    .option('--demo', '写入演示账号与演示数据（可重复执行，已存在则跳过）')
    .action(async (options: { demo?: boolean }) => {
      if (!options.demo) throw new CliError('请指定要写入的数据，例如 anzheng seed --demo', 2);
      const config = loadConfig();
      assertDemoAllowed(config);
      const database = await openConfiguredDatabase(config);
      await prepareDatabase(database, config);
      const app = await buildApp({ ...config, logLevel: 'warn' }, { database, closeDatabase: true });
      try {
        const result = await seedDemo(app, config);
        if (!result.created) {
          process.stdout.write('演示数据已存在，未做改动\n');
          return;
        }
        process.stdout.write(`已写入演示数据\n${demoAccountLines(result).join('\n')}\n`);
      } finally {
        await app.close();
      }
    });
}
