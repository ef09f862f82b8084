import type { ErrorDetail } from '@anzheng/contracts';
import { hash, verify } from '@node-rs/argon2';

/**
 * NFR-SEC-2 / DESIGN §6 (等保 level 3): at least 8 characters from at least 3 of the 4
 * classes lower case, upper case, digits, symbols.
 */
export function checkPasswordPolicy(
  password: string,
  field = 'body.password',
  username?: string,
): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if ([...password].length < 8)
    problems.push({ field, code: 'PASSWORD_TOO_SHORT', message: '密码至少 8 位' });
  if ([...password].length > 128)
    problems.push({ field, code: 'PASSWORD_TOO_LONG', message: '密码不能超过 128 位' });
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (classes < 3) {
    problems.push({
      field,
      code: 'PASSWORD_TOO_WEAK',
      message: '密码须包含小写字母、大写字母、数字、符号中的至少三类',
    });
  }
  if (username && password.toLowerCase().includes(username.toLowerCase())) {
    problems.push({ field, code: 'PASSWORD_CONTAINS_USERNAME', message: '密码不能包含用户名' });
  }
  return problems;
}

/** argon2id with the library's defaults (~10 ms here). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * A hash of a random password, verified against when the username does not exist so that
 * the response time does not tell whether it does.
 */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hash(`dummy-${Math.random()}`);
  return dummyHash;
}

/** A random password that satisfies the policy (for resets, shown once). */
export function generatePassword(randomBytes: (n: number) => Uint8Array): string {
  const sets = ['abcdefghijkmnpqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '-_.!@#%+'];
  const all = sets.join('');
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b, i) => {
    const set = i < sets.length ? sets[i]! : all;
    return set[b % set.length]!;
  });
  return chars.join('');
}
