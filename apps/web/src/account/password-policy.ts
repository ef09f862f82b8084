/**
 * DESIGN §6 (等保 level 3): at least 8 characters from at least 3 of the 4 classes. The
 * server decides; this only spares a round trip and explains the rule while typing.
 */
export function meetsPasswordPolicy(password: string): boolean {
  if (password.length < 8) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  return classes >= 3;
}
