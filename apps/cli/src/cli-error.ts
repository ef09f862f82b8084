import { AppError } from '@anzheng/contracts';
import { ConfigError, StartupError } from '@anzheng/server';

/** A failure the operator can act on; printed as its message, exit code 1. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** Prints a failure without a stack trace for anything foreseeable; returns the exit code. */
export function reportFailure(error: unknown): number {
  if (error instanceof CliError) {
    process.stderr.write(`anzheng: ${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof ConfigError || error instanceof StartupError || error instanceof AppError) {
    process.stderr.write(`anzheng: ${error.message}\n`);
    return 1;
  }
  if (
    error instanceof Error &&
    (error.name === 'DataDirLockedError' || error.name === 'MigrationFailedError')
  ) {
    process.stderr.write(`anzheng: ${error.message}\n`);
    return 1;
  }
  process.stderr.write(
    `anzheng: 意外错误：${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return 1;
}
