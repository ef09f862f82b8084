import { loadConfig, openConfiguredDatabase } from '@anzheng/server';
import { createAuditService } from '@anzheng/server/audit';
import type { Command } from 'commander';

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('审计日志');
  audit
    .command('verify')
    .description(
      '逐条校验审计日志哈希链：完好时输出条数与链头哈希（退出码 0），否则指出第一条被破坏的事件（退出码 1）',
    )
    .action(async () => {
      const database = await openConfiguredDatabase(loadConfig());
      try {
        const result = await createAuditService(database.db).verify();
        if (result.ok) {
          process.stdout.write(`审计日志完好：共 ${result.count} 条，链头哈希 ${result.headHash}\n`);
        } else {
          process.stderr.write(
            `审计日志被破坏：事件 #${result.brokenId}：${result.reason}（此前 ${result.count} 条完好）\n`,
          );
          process.exitCode = 1;
        }
      } finally {
        await database.close();
      }
    });
}
