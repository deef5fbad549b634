// A message's `{name}` placeholders filled in; a placeholder without a value stays visible, so a gap shows in review.
export type MessageParams = Readonly<Record<string, string | number>>;

export function formatMessage(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The placeholder names of a template, sorted: a translation must use the same ones. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).sort();
}
