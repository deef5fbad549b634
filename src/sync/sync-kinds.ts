// What the viewer's `sync` attribute asks for: space-separated kinds, unknown words refused by name. Pure.

export const syncKinds = ['position', 'voi', 'camera'] as const;
export type SyncKind = (typeof syncKinds)[number];

export function isSyncKind(word: string): word is SyncKind {
  return (syncKinds as readonly string[]).includes(word);
}

/** The kinds a `sync` value names, and the words it names that are none. */
export function parseSync(text: string): { kinds: Set<SyncKind>; unknown: string[] } {
  const kinds = new Set<SyncKind>();
  const unknown: string[] = [];
  for (const word of text.trim().split(/\s+/).filter(Boolean)) {
    if (isSyncKind(word)) kinds.add(word);
    else unknown.push(word);
  }
  return { kinds, unknown };
}
