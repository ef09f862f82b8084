import { loadConfig, startServer } from '@anzheng/server';
import type { Command } from 'commander';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('启动服务（配置见环境变量 PORT、HOST、DATA_DIR、DATABASE_URL、LOG_LEVEL、NODE_ENV）')
    .option('--seed-demo-if-empty', '数据库尚无演示数据时写入演示数据（npm start 使用）')
    .action(async (options: { seedDemoIfEmpty?: boolean }) => {
      const config = loadConfig();
      await startServer(config, { seedDemoIfEmpty: options.seedDemoIfEmpty === true });
    });
}
