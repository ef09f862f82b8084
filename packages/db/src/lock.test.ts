import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './lock.ts';

describe('data directory lock', () => {
  it('refuses a second opener while the first holds it, and frees it on release', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzheng-lock-'));
    const first = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    expect(() => lockDataDir(dir)).toThrow(/正被另一个进程/);
    first.release();
    const again = lockDataDir(dir);
    again.release();
    fs.rmSync(dir, { recursive: true });
  });

  it('takes over a lock left by a process that no longer exists', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzheng-lock-'));
    // pid_max on Linux is ≤ 4194304, so this pid cannot be alive.
    fs.writeFileSync(path.join(dir, 'anzheng.lock'), '4194305\n');
    const lock = lockDataDir(dir);
    expect(fs.readFileSync(path.join(dir, 'anzheng.lock'), 'utf8').trim()).toBe(String(process.pid));
    lock.release();
    expect(fs.existsSync(path.join(dir, 'anzheng.lock'))).toBe(false);
    fs.rmSync(dir, { recursive: true });
  });
});
