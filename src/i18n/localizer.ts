// What a template needs to speak a language: its messages (`t`) and its locale's formats. Pure, so the overlay
// models and the help panel's lines are made the same way in a test under Node as in an element.
import { formatMessage, type MessageParams } from './format-message.js';
import { LocaleFormat } from './locale-format.js';
import { en, type MessageKey, type Messages } from './messages-en.js';

/** A lookup of messages in one language, placeholders filled from `params`. */
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export interface Localizer {
  readonly t: Translate;
  readonly format: LocaleFormat;
  /** The table `t` reads; a new object whenever a word changes, so a template can tell when to render again. */
  readonly messages: Readonly<Partial<Messages>>;
}

/** A localizer of a whole table (what a partial one lacks is English) and a locale's formats. */
export function localizerOf(messages: Partial<Messages>, locale: string): Localizer {
  return { t: (key, params) => formatMessage(messages[key] ?? en[key], params), format: new LocaleFormat(locale), messages };
}

/** English words and formats, for templates rendered outside an element and for the data layer's English `message`. */
export const english: Localizer = localizerOf(en, 'en');
