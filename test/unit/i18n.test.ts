// The message tables and their catalog (src/i18n/), pure: language matching, placeholders, lazy tables, fallbacks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtInLanguages, en, formatMessage, MessageCatalog, pickLanguage, placeholdersOf, type MessageKey } from '../../src/i18n/index.js';
import { de } from '../../src/i18n/messages-de.js';

test('a language tag picks its table, else its primary language, else none', () => {
  assert.equal(pickLanguage('de', ['en', 'de']), 'de');
  assert.equal(pickLanguage('DE-ch', ['en', 'de']), 'de');
  assert.equal(pickLanguage('fr-CA', ['en', 'fr', 'fr-CA']), 'fr-CA');
  assert.equal(pickLanguage('fr-BE', ['en', 'fr', 'fr-CA']), 'fr');
  assert.equal(pickLanguage('pt', ['en', 'de']), undefined);
  assert.equal(pickLanguage('', ['en']), undefined);
  assert.equal(pickLanguage(null, ['en']), undefined);
});

test('placeholders are filled by name, and one without a value stays visible', () => {
  assert.equal(formatMessage('Image {index} of {total}', { index: 3, total: 10 }), 'Image 3 of 10');
  assert.equal(formatMessage('Image {index} of {total}', { index: 3 }), 'Image 3 of {total}');
  assert.equal(formatMessage('No study'), 'No study');
});

test('German has every message, with the same placeholders, and says something other than English', () => {
  const keys = Object.keys(en) as MessageKey[];
  assert.deepEqual(Object.keys(de).sort(), [...keys].sort());
  for (const key of keys) {
    assert.deepEqual(placeholdersOf(de[key]), placeholdersOf(en[key]), key);
    assert.ok(de[key].trim(), key);
  }
  const translated = keys.filter((key) => de[key] !== en[key]);
  assert.ok(translated.length > keys.length * 0.9, `only ${translated.length} of ${keys.length} differ from English`);
});

test('the built-in catalog speaks English at once and loads German on first use, then answers it at once', async () => {
  const catalog = new MessageCatalog(builtInLanguages());
  assert.deepEqual(catalog.messagesOf('en'), en);
  const loading = catalog.messagesOf('de-AT');
  assert.ok(loading instanceof Promise, 'German is loaded lazily');
  assert.equal((await loading)['seriesBrowser.noStudy'], 'Keine Studie');
  const loaded = catalog.messagesOf('de');
  assert.ok(!(loaded instanceof Promise));
  assert.equal(loaded['toolbar.invert'], 'Invertieren');
});

test('an unknown language is English; a partial table is completed from English', () => {
  const catalog = new MessageCatalog(builtInLanguages());
  assert.equal(catalog.languageFor('xx'), 'en');
  assert.deepEqual(catalog.messagesOf('xx'), en);
  catalog.register('fr', { 'measurements.none': 'Aucune mesure' });
  const french = catalog.messagesOf('fr-FR');
  assert.ok(!(french instanceof Promise));
  assert.equal(french['measurements.none'], 'Aucune mesure');
  assert.equal(french['toolbar.invert'], 'Invert');
});

test('a bad language tag is refused with its reason; a table that fails to load says which, and is tried again', async () => {
  const catalog = new MessageCatalog();
  assert.throws(() => catalog.register('german!', {}), /"german!" is not a language tag/);
  let attempts = 0;
  catalog.register('it', async () => {
    attempts += 1;
    if (attempts === 1) throw new Error('network down');
    return { 'measurements.none': 'Nessuna misura' };
  });
  await assert.rejects(Promise.resolve(catalog.messagesOf('it')), /The "it" messages could not be loaded: network down/);
  assert.equal((await catalog.messagesOf('it'))['measurements.none'], 'Nessuna misura');
});
