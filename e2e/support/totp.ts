import { createHmac } from 'node:crypto';

/** RFC 4648 base32 (no padding) → bytes. */
export function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of text.replace(/=+$/, '').toUpperCase()) {
    const index = alphabet.indexOf(char);
    if (index < 0) throw new Error(`not base32: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 6238 TOTP (HMAC-SHA1, 30 s steps, 6 digits) for the time step `step`. */
export function totpAt(secretBase32: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Decode(secretBase32)).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return code.toString().padStart(6, '0');
}

export const currentStep = (now = Date.now()) => Math.floor(now / 1000 / 30);

/**
 * The server accepts each code once per account (replay protection). Remember the last step
 * used per account and wait for the next step when it would repeat.
 */
const usedSteps = new Map<string, number>();

export async function freshTotp(account: string, secretBase32: string): Promise<string> {
  let step = currentStep();
  const last = usedSteps.get(account);
  if (last !== undefined && step <= last) {
    const wait = (last + 1) * 30_000 - Date.now() + 300;
    await new Promise((resolve) => setTimeout(resolve, wait));
    step = currentStep();
  }
  usedSteps.set(account, step);
  return totpAt(secretBase32, step);
}
