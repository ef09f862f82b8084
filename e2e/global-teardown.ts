import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Removes the temporary DATA_DIR the config created for the server under test. */
export default function globalTeardown(): void {
  const dir = process.env.ANZHENG_E2E_DATA_DIR;
  if (dir && path.basename(dir).startsWith('anzheng-e2e-') && path.dirname(dir) === os.tmpdir()) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
