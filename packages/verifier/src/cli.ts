// The `anzheng-verify` command (bin/anzheng-verify.js loads this file). Logic: cli-main.ts.
import { main } from './cli-main.ts';

process.exitCode = main(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
