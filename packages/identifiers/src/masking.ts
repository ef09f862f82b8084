// Code points, not UTF-16 units: names may use CJK Extension B characters (e.g. 𠇔).
function maskMiddle(value: string, keepStart: number, keepEnd: number): string {
  const chars = Array.from(value.trim());
  if (chars.length <= keepStart + keepEnd) return '*'.repeat(chars.length);
  return `${chars.slice(0, keepStart).join('')}${'*'.repeat(chars.length - keepStart - keepEnd)}${chars.slice(-keepEnd).join('')}`;
}

/** Display form of an identity number: first 3 and last 4 characters visible. */
export function maskCitizenId(id: string): string {
  return maskMiddle(id, 3, 4);
}

/** Display form of a mobile number: first 3 and last 4 digits visible. */
export function maskPhone(phone: string): string {
  return maskMiddle(phone, 3, 4);
}

/** Display form of a personal name: the first character, then one `*` per remaining character. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return '*'.repeat(chars.length);
  return `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}
