// The elements' languages, pure (no DOM): the English table, lookups, locale formats and the catalog of languages.
export { en, type MessageKey, type Messages } from './messages-en.js';
export { formatMessage, placeholdersOf, type MessageParams } from './format-message.js';
export { pickLanguage } from './pick-language.js';
export { MessageCatalog, builtInLanguages, type MessageSource } from './message-catalog.js';
export { LocaleFormat, canonicalLocale } from './locale-format.js';
export { english, localizerOf, type Localizer, type Translate } from './localizer.js';
export { dicomwebErrorMessage } from './dicomweb-error-message.js';
export { clientFailureMessage } from './client-failure-message.js';
export { imageFailureMessage, type ImageFailureFacts } from './image-failure-message.js';
