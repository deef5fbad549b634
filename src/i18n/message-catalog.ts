// The languages the elements can speak: English built in, German and any a host registers fetched on first use.
import { en, type Messages } from './messages-en.js';
import { pickLanguage } from './pick-language.js';

/** A language's table, or a function that loads it (a dynamic `import()`, so a bundler splits it off). */
export type MessageSource = Partial<Messages> | (() => Promise<Partial<Messages>>);

/**
 * The tables by language. A host's table may be partial: what it lacks is English. Lookups of a language being
 * loaded answer a promise; once loaded, the table is answered at once.
 */
export class MessageCatalog {
  private readonly sources = new Map<string, MessageSource>();
  private readonly loaded = new Map<string, Messages | Promise<Messages>>();

  constructor(sources: Record<string, MessageSource> = {}) {
    for (const [language, source] of Object.entries(sources)) this.register(language, source);
  }

  /** Adds or replaces a language (`de`, `fr-CA`, …); elements showing it take the new table on their next render. */
  register(language: string, source: MessageSource): void {
    if (!/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(language)) throw new Error(`"${language}" is not a language tag (BCP 47, e.g. "de" or "fr-CA")`);
    this.sources.set(language, source);
    this.loaded.delete(language);
  }

  /** The registered language that best serves `requested` (`de-AT` → `de`), or `en`. */
  languageFor(requested: string | null | undefined): string {
    return pickLanguage(requested, this.sources.keys()) ?? pickLanguage(requested, ['en']) ?? 'en';
  }

  /** The whole table of `language` (what it lacks filled from English): at once if loaded, else a promise. */
  messagesOf(language: string): Messages | Promise<Messages> {
    const chosen = this.languageFor(language);
    const source = this.sources.get(chosen);
    if (!source) return en;
    const known = this.loaded.get(chosen);
    if (known) return known;
    if (typeof source !== 'function') return this.remember(chosen, { ...en, ...source });
    const loading = source().then(
      (table) => this.remember(chosen, { ...en, ...table }),
      (error: unknown) => {
        this.loaded.delete(chosen); // a later render tries again
        throw new Error(`The "${chosen}" messages could not be loaded: ${(error as Error).message}`, { cause: error });
      },
    );
    this.loaded.set(chosen, loading);
    return loading;
  }

  private remember(language: string, table: Messages): Messages {
    this.loaded.set(language, table);
    return table;
  }
}

/** The languages that ship with the elements. German is a separate chunk, fetched only by a German page. */
export function builtInLanguages(): Record<string, MessageSource> {
  return { en, de: () => import('./messages-de.js').then((module) => module.de) };
}
