// The language an element speaks: `lang` on the element or its nearest ancestor (through shadow roots, so a viewer's
// parts speak the viewer's), else the document's; its table from the page's message catalog, loaded on first use.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { builtInLanguages, en, formatMessage, MessageCatalog, type MessageKey, type MessageParams, type MessageSource, type Messages } from '../../i18n/index.js';

/**
 * The page's languages. Page-wide on purpose, as `customElements` is: a host registers a language once for every
 * element; it holds tables only, nothing of any element's.
 */
const pageCatalog = new MessageCatalog(builtInLanguages());

/**
 * Adds a language for every element of the page, or replaces one: a table (partial: what it lacks is English) or a
 * function loading it (`() => import('./fr.js').then((m) => m.fr)`). Elements whose `lang` matches take it.
 */
export function registerMessages(language: string, source: MessageSource): void {
  pageCatalog.register(language, source);
  for (const host of connectedHosts) host.requestUpdate();
}

/** The language tag in force at `element`: its own or an ancestor's `lang`, across shadow roots, else the document's. */
export function languageAt(element: Element): string {
  let node: Element | null = element;
  while (node) {
    const tagged = node.closest('[lang]');
    if (tagged) return tagged.getAttribute('lang') ?? '';
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return document.documentElement.lang;
}

/** A lookup of messages in one language (a controller's `t`, or `englishMessage`). */
export type Translate = (key: MessageKey, params?: MessageParams) => string;

/** English, for templates rendered without an element's language. */
export const englishMessage: Translate = (key, params) => formatMessage(en[key], params);

// The connected elements, so a language registered late reaches those already on the page.
const connectedHosts = new Set<ReactiveControllerHost>();

export class LocalizeController implements ReactiveController {
  /** The language the element speaks now (a registered one, or `en`). */
  language = 'en';
  private messages: Messages = en;
  private observer?: MutationObserver;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    connectedHosts.add(this.host);
    // A page that switches language (on <html> or any element) re-renders its elements in it.
    this.observer = new MutationObserver(() => this.host.requestUpdate());
    this.observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
  }

  hostDisconnected(): void {
    connectedHosts.delete(this.host);
    this.observer?.disconnect();
    this.observer = undefined;
  }

  /** Before each render: the language in force now, its table if loaded; else English until it arrives. */
  hostUpdate(): void {
    const language = pageCatalog.languageFor(languageAt(this.host));
    const table = pageCatalog.messagesOf(language);
    if (!(table instanceof Promise)) {
      this.language = language;
      this.messages = table;
      return;
    }
    table.then(
      () => this.host.requestUpdate(),
      (error: unknown) => console.warn(`[dicom-lightbox] ${(error as Error).message}; showing English`),
    );
  }

  /** The message `key` in the element's language, its placeholders filled from `params`. */
  readonly t: Translate = (key, params) => formatMessage(this.messages[key] ?? en[key], params);
}
