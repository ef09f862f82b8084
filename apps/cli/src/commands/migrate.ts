import { migrateToLatest, pendingMigrations } from '@anzheng/db';
import { loadConfig, openConfiguredDatabase, syncReferenceData } from '@anzheng/server';
import type { Command } from 'commander';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('执行尚未执行的数据库迁移（PostgreSQL 需在启动服务前运行；内嵌数据库启动时自动迁移）')
    .option('--check', '只列出待执行的迁移，不执行；有待执行迁移时退出码为 1')
    .action(async (options: { check?: boolean }) => {
      const config = loadConfig();
      const database = await openConfiguredDatabase(config);
      try {
        if (options.check) {
          const pending = await pendingMigrations(database.db);
          process.stdout.write(
            pending.length === 0
              ? '没有待执行的迁移\n'
              : `待执行的迁移（${pending.length}）：\n${pending.map((m) => `  ${m}`).join('\n')}\n`,
          );
          if (pending.length > 0) process.exitCode = 1;
          return;
        }
        const applied = await migrateToLatest(database.db);
        const sync = await syncReferenceData(database.db);
        const w = sync.written;
        if (sync.status === 'synced') {
          process.stdout.write(
            `参考数据：行政区划 ${w.divisions}、行业 ${w.industries}、证书类型 ${w.certificateTypes}、规则参数 ${w.ruleParameters} 行已写入\n`,
          );
        }
        process.stdout.write(
          applied.length === 0
            ? '数据库已是最新，没有需要执行的迁移\n'
            : `已执行 ${applied.length} 个迁移：\n${applied.map((m) => `  ${m}`).join('\n')}\n`,
        );
      } finally {
        await database.close();
      }
    });
}
