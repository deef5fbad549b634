// The language an element speaks: `lang` on the element or its nearest ancestor (through shadow roots, so a viewer's
// parts speak the viewer's), else the document's; its table from the page's message catalog, loaded on first use,
// under the element's own `messages` (and those of the elements it is a part of); dates and numbers in that locale.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  builtInLanguages,
  en,
  english,
  formatMessage,
  LocaleFormat,
  MessageCatalog,
  type Localizer,
  type MessageSource,
  type Messages,
  type Translate,
} from '../../i18n/index.js';

export type { Translate } from '../../i18n/index.js';

/**
 * The page's languages. Page-wide on purpose, as `customElements` is: a host registers a language once for every
 * element; it holds tables only, nothing of any element's.
 */
const pageCatalog = new MessageCatalog(builtInLanguages());

/** Fired on the document when the page's languages change (not bubbling: the document is its only target). */
const languagesChanged = 'dicom-lightbox-languages-changed';
/**
 * Fired on an element whose own `messages` change, not bubbling: the elements in its shadow tree listen on it (on
 * each shadow host above them), since what they say comes from its table too.
 */
const ownMessagesChanged = 'dicom-lightbox-messages-changed';

/**
 * Adds a language for every element of the page, or replaces one: a table (partial: what it lacks is English) or a
 * function loading it (`() => import('./fr.js').then((m) => m.fr)`). Elements whose `lang` matches take it.
 */
export function registerMessages(language: string, source: MessageSource): void {
  pageCatalog.register(language, source);
  // Each connected element listens on the document, which holds no list of them: one gone holds nothing here.
  document.dispatchEvent(new Event(languagesChanged));
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

/** An element with a per-element table (`messages`), partial: what it lacks comes from its language's table. */
interface MessagesHost {
  messages?: Partial<Messages> | null;
}

/**
 * The `messages` of `element` and of the elements whose shadow roots hold it (a viewer's toolbar takes the viewer's),
 * the nearest winning.
 */
export function messagesAt(element: Element): Partial<Messages> {
  const tables: Array<Partial<Messages>> = [];
  let node: Element | null = element;
  while (node) {
    const own = (node as Element & MessagesHost).messages;
    if (own && typeof own === 'object') tables.push(own);
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return Object.assign({}, ...tables.reverse()) as Partial<Messages>;
}

/** English, for templates rendered without an element's language. */
export const englishMessage: Translate = english.t;

export class LocalizeController implements ReactiveController, Localizer {
  /** The language the element speaks now (a registered one, or `en`). */
  language = 'en';
  /** Dates and numbers as the element's `lang` writes them (`de-CH`, `en-GB`: the tag asked for, not only its table's). */
  format: LocaleFormat = english.format;
  /** The language's table as last loaded, and that under the element's own messages. */
  private table: Messages = en;
  private overrides: Partial<Messages> = {};
  /** The table `t` reads: the language's under the element's own; replaced only when a word changes. */
  messages: Messages = en;
  private ownMessages?: Partial<Messages> | null;
  private observer?: MutationObserver;
  /** Removes the listeners the connected element holds (on the document and on the shadow hosts above it). */
  private stopListening?: () => void;
  /** The `lang` tag `format` was made for, as written (an untagged page's '' is `en`'s formats): made again only when it changes. */
  private formatTag = 'en';

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    // A page that switches language (on <html> or any element) re-renders its elements in it.
    this.observer = new MutationObserver(() => this.host.requestUpdate());
    this.observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
    // A language registered later, and a table set on an element this one is a part of, render it again too.
    const update = () => this.host.requestUpdate();
    const targets: EventTarget[] = [document, ...shadowHostsAbove(this.host)];
    for (const target of targets) target.addEventListener(target === document ? languagesChanged : ownMessagesChanged, update);
    this.stopListening = () => {
      for (const target of targets) target.removeEventListener(target === document ? languagesChanged : ownMessagesChanged, update);
    };
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = undefined;
    this.stopListening?.();
    this.stopListening = undefined;
  }

  /** Before each render: the language in force now, its table if loaded; else English until it arrives. */
  hostUpdate(): void {
    const own = (this.host as HTMLElement & MessagesHost).messages;
    if (own !== this.ownMessages) {
      // The elements this one shows in its shadow tree take its table too.
      this.host.dispatchEvent(new Event(ownMessagesChanged));
      this.ownMessages = own;
    }
    const requested = languageAt(this.host);
    // Compared as written, not with the canonical locale (`''`, `en-us`): each render would make four formatters.
    if (this.formatTag !== requested) {
      this.formatTag = requested;
      const format = new LocaleFormat(requested);
      if (format.locale !== this.format.locale) this.format = format;
    }
    const language = pageCatalog.languageFor(requested);
    const table = pageCatalog.messagesOf(language);
    const overrides = messagesAt(this.host);
    const loaded = table instanceof Promise ? this.table : table;
    if (loaded !== this.table || !sameWords(overrides, this.overrides)) {
      this.table = loaded;
      this.overrides = overrides;
      this.messages = Object.keys(overrides).length ? { ...loaded, ...overrides } : loaded;
    }
    if (!(table instanceof Promise)) {
      this.language = language;
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

function sameWords(a: Partial<Messages>, b: Partial<Messages>): boolean {
  const keys = Object.keys(a) as Array<keyof Messages>;
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/** The elements whose shadow trees hold `element`, nearest first. */
function shadowHostsAbove(element: Element): Element[] {
  const hosts: Element[] = [];
  let root = element.getRootNode();
  while (root instanceof ShadowRoot) {
    hosts.push(root.host);
    root = root.host.getRootNode();
  }
  return hosts;
}
