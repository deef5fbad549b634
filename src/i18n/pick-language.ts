// BCP 47 matching, the simple way browsers pick a page's language: the whole tag if a table has it, else its primary
// language (`de-CH` → `de`), else none (the caller falls back to English).
export function pickLanguage(requested: string | null | undefined, available: Iterable<string>): string | undefined {
  const wanted = (requested ?? '').trim().toLowerCase();
  if (!wanted) return undefined;
  const known = [...available];
  const exact = known.find((language) => language.toLowerCase() === wanted);
  if (exact) return exact;
  const primary = wanted.split('-')[0];
  return known.find((language) => language.toLowerCase() === primary);
}
