import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { buildApp, loadConfig, openConfiguredDatabase, prepareDatabase } from '@anzheng/server';
import { type Command, InvalidArgumentError } from 'commander';
import { CliError } from '../cli-error.ts';

const KINDS = ['persons', 'enterprises', 'work-records', 'training-records'] as const;
const MODES = ['valid-rows', 'all-or-nothing'] as const;
type Kind = (typeof KINDS)[number];
type Mode = (typeof MODES)[number];

const KIND_NAMES: Record<Kind, string> = {
  persons: '人员档案',
  enterprises: '企业信息',
  'work-records': '工作经历',
  'training-records': '培训记录',
};

async function fileDigest(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Progress on stderr: one line redrawn on a terminal, a line every 5 s otherwise. */
function progressReporter() {
  const started = performance.now();
  const tty = process.stderr.isTTY === true;
  let last = 0;
  return {
    update(c: { processed: number; accepted: number; unchanged: number; rejected: number }) {
      const now = performance.now();
      if (now - last < (tty ? 200 : 5000)) return;
      last = now;
      const rate = c.processed / Math.max(0.001, (now - started) / 1000);
      const line = `已处理 ${fmt(c.processed)} 行  ${fmt(rate)} 行/秒  新增 ${fmt(c.accepted)}  未变 ${fmt(c.unchanged)}  错误 ${fmt(c.rejected)}`;
      process.stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
    },
    done() {
      if (tty && last > 0) process.stderr.write('\n');
      return (performance.now() - started) / 1000;
    },
  };
}

/**
 * `anzheng import <kind> <file>`: the same import as POST /api/v1/imports, run in this
 * process against the configured database (no server needed), as the operator at the
 * console (unrestricted scope; audited as cli:$USER).
 */
export function registerImport(program: Command): void {
  program
    .command('import')
    .description('批量导入 CSV（UTF-8 或 GB18030）或 XLSX 文件，表头使用导入模板的中文列名')
    .argument('<kind>', `数据类型：${KINDS.join(' | ')}`, (value) => {
      if (!(KINDS as readonly string[]).includes(value))
        throw new InvalidArgumentError(`未知数据类型，可选：${KINDS.join(', ')}`);
      return value;
    })
    .argument('<file>', '要导入的文件')
    .option(
      '--mode <mode>',
      'valid-rows：导入正确的行并报告错误行；all-or-nothing：任一行有错则不导入',
      (value) => {
        if (!(MODES as readonly string[]).includes(value))
          throw new InvalidArgumentError(`未知模式，可选：${MODES.join(', ')}`);
        return value;
      },
      'valid-rows',
    )
    .option('--errors <out.csv>', '把全部错误写入 CSV 文件（UTF-8 带 BOM，列：行号,列,错误码,说明）')
    .action(async (kind: Kind, file: string, options: { mode: Mode; errors?: string }) => {
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      if (!stat?.isFile()) throw new CliError(`文件不存在：${file}`, 2);
      const digest = await fileDigest(file);
      // This process imports its own file only: it must not pick up jobs queued for the server.
      process.env.ANZHENG_JOB_POLL_MS = '0';
      const config = loadConfig();
      const database = await openConfiguredDatabase(config);
      await prepareDatabase(database, config);
      const app = await buildApp({ ...config, logLevel: 'warn' }, { database, closeDatabase: true });
      try {
        const progress = progressReporter();
        const result = await app.imports.importFileAsOperator(
          path.resolve(file),
          { kind, mode: options.mode, fileName: path.basename(file), ...digest },
          { onProgress: (c) => progress.update(c) },
        );
        const seconds = progress.done();
        const rate = result.processed / Math.max(0.001, seconds);
        const lines = [
          `导入${KIND_NAMES[kind]}：${result.status === 'succeeded' ? '完成' : '失败'}（${result.id}）`,
          `  数据行 ${fmt(result.total)}，新增 ${fmt(result.accepted)}，已存在未变 ${fmt(result.unchanged)}，有错误 ${fmt(result.rejected)}`,
          `  用时 ${seconds.toFixed(1)} 秒，${fmt(rate)} 行/秒`,
        ];
        if (result.failure) lines.push(`  原因：${result.failure.code} ${result.failure.message}`);
        process.stdout.write(`${lines.join('\n')}\n`);
        if (result.errorCount > 0) {
          if (options.errors) {
            const out = fs.createWriteStream(options.errors);
            out.write('\uFEFF行号,列,错误码,说明\r\n');
            for await (const e of app.imports.iterateErrors(result.id)) {
              const line = `${[e.row, e.column, e.code, e.message].map(app.imports.csvCell).join(',')}\r\n`;
              if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
            }
            await new Promise<void>((resolve, reject) =>
              out.end((err?: Error | null) => (err ? reject(err) : resolve())),
            );
            process.stdout.write(`  ${fmt(result.errorCount)} 条错误已写入 ${options.errors}\n`);
          } else {
            let shown = 0;
            for await (const e of app.imports.iterateErrors(result.id)) {
              process.stdout.write(
                `  第 ${e.row} 行${e.column ? ` ${e.column}` : ''}：${e.code} ${e.message}\n`,
              );
              if (++shown >= 20) break;
            }
            if (result.errorCount > shown) {
              process.stdout.write(`  …共 ${fmt(result.errorCount)} 条错误，用 --errors out.csv 导出全部\n`);
            }
          }
        }
        if (result.status === 'failed') process.exitCode = 1;
      } finally {
        await app.close();
      }
    });
}
