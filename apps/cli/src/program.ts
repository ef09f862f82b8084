import { VERSION } from '@anzheng/server';
import { Command } from 'commander';
import { registerAudit } from './commands/audit.ts';
import { registerImport } from './commands/import.ts';
import { registerKeys } from './commands/keys.ts';
import { registerLog } from './commands/log.ts';
import { registerMigrate } from './commands/migrate.ts';
import { registerSeed } from './commands/seed.ts';
import { registerServe } from './commands/serve.ts';
import { registerUser } from './commands/user.ts';

/**
 * `anzheng <command>`. Every command has --help; bad arguments print one line and exit 2.
 * Later issues register their commands here.
 */
export function buildProgram(): Command {
  const program = new Command('anzheng')
    .description('安证 — 安全生产管理人员职业资格证书信息系统的命令行工具')
    .version(VERSION, '-v, --version', '显示版本号')
    .helpOption('-h, --help', '显示帮助')
    .helpCommand('help [command]', '显示命令的帮助')
    .showSuggestionAfterError(false)
    .exitOverride()
    .configureOutput({
      outputError: (message, write) => write(`${message.trim().split('\n')[0]}\n`),
    });
  registerServe(program);
  registerMigrate(program);
  registerSeed(program);
  registerAudit(program);
  registerLog(program);
  registerUser(program);
  registerImport(program);
  registerKeys(program);
  const configure = (command: Command) => {
    command.exitOverride().helpOption('-h, --help', '显示帮助');
    command.configureOutput({ outputError: (message, write) => write(`${message.trim().split('\n')[0]}\n`) });
    command.commands.forEach(configure);
  };
  program.commands.forEach(configure);
  return program;
}
