import { ROLE_CODES } from '@anzheng/contracts';
import { buildApp, loadConfig, openConfiguredDatabase, prepareDatabase } from '@anzheng/server';
import { type Command, InvalidArgumentError } from 'commander';
import { CliError } from '../cli-error.ts';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY)
    throw new CliError(
      '--password-stdin 需要从标准输入读取密码，例如：echo "$PASS" | anzheng user create …',
      2,
    );
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export function registerUser(program: Command): void {
  const user = program.command('user').description('用户账号');
  user
    .command('create')
    .description('创建用户并授予一个角色（用于初始化系统管理员等）；成功后输出用户编号')
    .requiredOption('--username <name>', '用户名（3–64 位字母、数字、点、下划线、连字符）')
    .requiredOption('--role <role>', `角色：${ROLE_CODES.join(' | ')}`, (value) => {
      if (!(ROLE_CODES as readonly string[]).includes(value))
        throw new InvalidArgumentError(`未知角色，可选：${ROLE_CODES.join(', ')}`);
      return value;
    })
    .option('--display-name <name>', '姓名或显示名（默认与用户名相同）')
    .option('--division <code>', '管辖区划代码（监管、执法角色必填；000000 表示全国）')
    .option('--enterprise <uscc>', '企业统一社会信用代码（企业角色必填）')
    .option('--password-stdin', '从标准输入读取密码（否则生成一次性初始密码并输出）')
    .action(
      async (options: {
        username: string;
        role: string;
        displayName?: string;
        division?: string;
        enterprise?: string;
        passwordStdin?: boolean;
      }) => {
        if (!/^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/.test(options.username)) {
          throw new CliError('--username 只能包含 3–64 位字母、数字、点、下划线、连字符', 2);
        }
        const password = options.passwordStdin ? await readStdin() : undefined;
        const config = loadConfig();
        const database = await openConfiguredDatabase(config);
        await prepareDatabase(database, config);
        const app = await buildApp({ ...config, logLevel: 'warn' }, { database, closeDatabase: true });
        try {
          const result = await app.services.identity.createUserAsOperator({
            username: options.username,
            displayName: options.displayName ?? options.username,
            ...(password !== undefined ? { password } : {}),
            roles: [
              {
                role: options.role,
                divisionCode: options.division ?? null,
                enterpriseCreditCode: options.enterprise ?? null,
              },
            ],
          });
          process.stdout.write(`已创建用户 ${options.username}（${result.user.id}）\n`);
          if (result.initialPassword) {
            process.stdout.write(`初始密码（仅显示一次，首次登录须修改）：${result.initialPassword}\n`);
          }
          if (result.totpRequired) process.stdout.write('该角色要求动态口令：首次登录后按提示绑定验证器\n');
        } finally {
          await app.close();
        }
      },
    );
}
