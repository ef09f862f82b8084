import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { migrationNames, openDatabase } from '@anzheng/db';
import { adminQuery, withDatabase } from '@anzheng/test-kit/global-setup';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = path.resolve(import.meta.dirname, '../bin/anzheng.js');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = { ...process.env };
  for (const k of ['PORT', 'DATABASE_URL', 'DATA_DIR', 'NODE_ENV', 'LOG_LEVEL']) delete base[k];
  return { ...base, LOG_LEVEL: 'warn', ...env };
}

function run(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv(env) });
    if (stdin !== undefined) child.stdin.end(stdin);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Starts `anzheng serve` and resolves once /api/health answers. */
async function serve(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'serve'], { env: cleanEnv({ ...env, PORT: String(port) }) });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return { child, url, output: () => out };
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not start: ${out}`);
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'anzheng-cli-'));

describe('anzheng CLI arguments', () => {
  it('--version prints the version', async () => {
    const r = await run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('--help on the program and on every command', async () => {
    const top = await run(['--help']);
    expect(top.code).toBe(0);
    for (const c of ['serve', 'migrate', 'seed']) expect(top.stdout).toContain(c);
    for (const c of ['serve', 'migrate', 'seed']) {
      const r = await run([c, '--help']);
      expect(r.code, c).toBe(0);
      expect(r.stdout).toContain(`anzheng ${c}`);
    }
  });

  it.each([[['frobnicate']], [['serve', '--no-such-flag']], [['seed']]])(
    'bad arguments %j → one line on stderr and exit 2',
    async (args) => {
      const r = await run(args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    },
  );
});

describe('anzheng serve — bad configuration', () => {
  it('PORT=abc exits 1 naming the variable, without a stack trace', async () => {
    const r = await run(['serve'], { PORT: 'abc', DATA_DIR: tmp() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('PORT=abc');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unreachable DATABASE_URL exits 1 with a clear message', async () => {
    const r = await run(['serve'], { DATABASE_URL: 'postgres://127.0.0.1:1/none' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('无法连接PostgreSQL');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('anzheng on the embedded database', () => {
  it('serves, keeps a second process out of the data directory, shuts down on SIGTERM, keeps data', async () => {
    const dataDir = tmp();
    const first = await serve({ DATA_DIR: dataDir });
    const health = (await (await fetch(`${first.url}/api/health`)).json()) as { database: string };
    expect(health.database).toBe('pglite');

    const second = await run(['seed', '--demo'], { DATA_DIR: dataDir });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('正被另一个进程');
    // A failed login leaves audit events for `audit verify` below.
    await fetch(`${first.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'nobody', password: 'Wrong-Passw0rd' }),
    });

    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'anzheng.lock'))).toBe(false);

    const seeded = await run(['seed', '--demo'], { DATA_DIR: dataDir });
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(seeded.stdout).toContain('已写入演示数据');
    // The data survived the process: seeding again finds it.
    const again = await run(['seed', '--demo'], { DATA_DIR: dataDir });
    expect(again.stdout).toContain('演示数据已存在');

    const verified = await run(['audit', 'verify'], { DATA_DIR: dataDir });
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/审计日志完好：共 \d+ 条/);

    // Tamper with one event behind the append-only trigger (as a superuser could).
    const database = await openDatabase({ dataDir });
    await sql`alter table audit_event disable trigger audit_event_append_only`.execute(database.db);
    await sql`update audit_event set ip = '10.0.0.1' where id = 1`.execute(database.db);
    await database.close();
    const broken = await run(['audit', 'verify'], { DATA_DIR: dataDir });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('事件 #1');
  }, 420_000);

  it('user create: password from stdin, duplicate refused, bad role is a usage error', async () => {
    const dataDir = tmp();
    const args = [
      'user',
      'create',
      '--username',
      'first-admin',
      '--role',
      'system_admin',
      '--password-stdin',
    ];
    const created = await run(args, { DATA_DIR: dataDir }, 'Initial-Admin-2026!\n');
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('已创建用户 first-admin');
    expect(created.stdout).toContain('动态口令');
    const again = await run(args, { DATA_DIR: dataDir }, 'Initial-Admin-2026!\n');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('已被使用');
    const weak = await run(
      ['user', 'create', '--username', 'weak-one', '--role', 'holder', '--password-stdin'],
      { DATA_DIR: dataDir },
      'short\n',
    );
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('密码');
    const badRole = await run(['user', 'create', '--username', 'x-user', '--role', 'emperor'], {
      DATA_DIR: dataDir,
    });
    expect(badRole.code).toBe(2);
    expect(badRole.stderr.trim().split('\n')).toHaveLength(1);
  }, 300_000);

  it('refuses demo data in production', async () => {
    const r = await run(['seed', '--demo'], { DATA_DIR: tmp(), NODE_ENV: 'production' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('生产环境');
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('anzheng on PostgreSQL', () => {
  const admin = process.env.TEST_DATABASE_URL ?? '';
  const name = `anzheng_t_cli_${randomBytes(4).toString('hex')}`;
  afterAll(() => adminQuery(admin, (c) => c.query(`drop database if exists ${name} with (force)`)));

  it('refuses to start with pending migrations, naming them; starts after `anzheng migrate`', async () => {
    const url = withDatabase(admin, name);
    await adminQuery(admin, (c) => c.query(`create database ${name}`));
    const refused = await run(['serve'], { DATABASE_URL: url, PORT: '0' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('anzheng migrate');
    for (const m of migrationNames()) expect(refused.stderr).toContain(m);

    const migrated = await run(['migrate'], { DATABASE_URL: url });
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stdout).toContain(`已执行 ${migrationNames().length} 个迁移`);
    expect((await run(['migrate', '--check'], { DATABASE_URL: url })).code).toBe(0);

    const server = await serve({ DATABASE_URL: url });
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as { database: string };
    expect(health.database).toBe('postgresql');
    server.child.kill('SIGTERM');
    expect(await exited(server.child)).toBe(0);
  }, 300_000);
});
