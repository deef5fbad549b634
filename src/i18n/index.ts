// The elements' languages, pure (no DOM): the English table, lookups and the catalog of languages.
export { en, type MessageKey, type Messages } from './messages-en.js';
export { formatMessage, placeholdersOf, type MessageParams } from './format-message.js';
export { pickLanguage } from './pick-language.js';
export { MessageCatalog, builtInLanguages, type MessageSource } from './message-catalog.js';
