// Person names (VR PN, PS3.5 6.2.1) as people read them: one rule for every element and the server.

/**
 * A PN value as "Family, Prefix Given Middle, Suffix": `Doe^John^^Dr^Jr` → "Doe, Dr John, Jr". Each component is
 * trimmed (values are padded with spaces to even length) and empty ones are dropped, so `^John` → "John" and
 * `Doe ^John ` → "Doe, John". Only the first component group (alphabetic, before `=`) is shown.
 */
export function personNameForDisplay(name: string | undefined): string {
  if (!name) return '';
  const [alphabetic = ''] = name.split('=');
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = alphabetic.split('^').map((component) => component.trim());
  const forenames = [prefix, given, middle].filter(Boolean).join(' ');
  return [family, forenames, suffix].filter(Boolean).join(', ');
}
