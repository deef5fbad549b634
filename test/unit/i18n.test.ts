// The message tables and their catalog (src/i18n/), pure: language matching, placeholders, lazy tables, fallbacks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  builtInLanguages,
  dicomwebErrorMessage,
  en,
  english as englishLocalizer,
  formatMessage,
  LocaleFormat,
  localizerOf,
  MessageCatalog,
  pickLanguage,
  placeholdersOf,
  type MessageKey,
} from '../../src/i18n/index.js';
import { DicomwebError, type DicomwebErrorCause } from '../../src/dicomweb/errors.js';
import { shortcutHelp } from '../../src/components/toolbar/shortcut-help.js';
import { describeCommand, presetLabel } from '../../src/components/toolbar/tool-labels.js';
import { de } from '../../src/i18n/messages-de.js';
import { clientFailureMessage } from '../../src/i18n/client-failure-message.js';
import { describeClientFailure, type ClientFailureCode } from '../../src/imaging/client-failure.js';
import { describeImageFailure, ImageDecodeFailure } from '../../src/imaging/image-failure.js';
import { imageFailureMessage } from '../../src/i18n/image-failure-message.js';
import { ctPresets, headerPresets } from '../../src/tools/window-presets.js';
import { errorDetailOf } from '../../src/components/shared/error-detail.js';
import { KeyedDicomwebError } from '../../src/components/shared/keyed-dicomweb-error.js';
import { volumePlaneLines, volumePlaneText } from '../../src/components/viewport/overlays/volume-plane-text.js';

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
  // The same words in both: DICOM's overlay conventions, units, names German uses as they are, and templates
  // without words of their own. Every other message must be German, not an English copy.
  const sameInGerman = new Set<MessageKey>([
    'studyList.column.patient', 'toolbar.cine', 'layout.grid', 'layout.mpr', 'layout.mpr3d', 'key.Escape', 'tool.text',
    'overlay.image', 'overlay.frame', 'overlay.series', 'overlay.window', 'overlay.zoom', 'overlay.millimetres', 'overlay.centimetres',
    'dicomweb.error.http', 'dicomweb.error.httpReason', 'dicomweb.error.network', 'dicomweb.error.multipart',
    'measurements.value.long-axis', 'measurements.value.standard-deviation', 'measurements.value.min', 'measurements.value.max',
    'volume.plane.axial', 'volume.plane.sagittal', 'volume.slab.mip', 'volume.slab.minip', 'volume.rendering', 'volume.preset.angio',
    'imageFailure.sentence', 'imageFailure.withStatus', 'windowPreset.abdomen', 'windowPreset.mediastinum',
    'volume.partsJoin', 'size.kilobytes', 'size.megabytes',
  ]);
  const untranslated = keys.filter((key) => de[key] === en[key] && !sameInGerman.has(key));
  assert.deepEqual(untranslated, [], 'German messages that are English copies');
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

test('dates, times and numbers as each locale writes them; what is no DA or TM value stays as it is', () => {
  const english = new LocaleFormat('en');
  const german = new LocaleFormat('de');
  assert.equal(english.date('20260115'), 'Jan 15, 2026');
  assert.equal(german.date('20260115'), '15.01.2026');
  assert.equal(new LocaleFormat('en-GB').date('20260115'), '15 Jan 2026');
  assert.equal(german.date(' 19700203 '), '03.02.1970');
  for (const odd of ['20260231', '2026-1-15', '20260101-20260131', 'unknown']) assert.equal(german.date(odd), odd, odd);
  assert.equal(german.date(undefined), '');
  assert.equal(english.time('143005.123'), '2:30:05 PM');
  assert.equal(german.time('1430'), '14:30');
  assert.equal(german.time('14:30:05'), '14:30:05');
  assert.equal(german.time('2561'), '2561');
  assert.equal(english.number(-12.3456, 2), '-12.35');
  assert.equal(german.number(-12.3456, 2), '-12,35');
  assert.equal(german.number(4000), '4000');
  assert.equal(english.percent(1.5), '150%');
  assert.equal(new LocaleFormat('not a tag!').locale, 'en');
});

test('every data-layer error says in English what its message says, and in German something else', () => {
  const kinds = ['network', 'unauthorized', 'forbidden', 'not-found', 'not-acceptable', 'bad-request', 'server', 'bad-response'] as const;
  const causes: DicomwebErrorCause[] = [
    { code: 'http', request: 'study-search', params: { status: 503 } },
    { code: 'http', request: 'frame', params: { status: 404, reason: 'no such frame' } },
    { code: 'network', request: 'series-metadata', params: { detail: 'Failed to fetch' } },
    { code: 'not-dicom-json', request: 'series-search' },
    { code: 'not-dataset', request: 'store-instances' },
    { code: 'multipart', request: 'bulk-data', params: { detail: 'no boundary' } },
    { code: 'frame-count', request: 'frame', params: { asked: 3, answered: 2 } },
    { code: 'part-count', request: 'bulk-data', params: { answered: 2 } },
    { code: 'no-instances', request: 'series-thumbnail' },
  ];
  const german = localizerOf(de, 'de');
  for (const kind of kinds) {
    for (const cause of causes) {
      const error = DicomwebError.of(kind, cause, 'http://x/');
      assert.equal(dicomwebErrorMessage(error, englishLocalizer.t), error.message, `${kind} ${cause.code}`);
      const inGerman = dicomwebErrorMessage(error, german.t);
      assert.notEqual(inGerman, error.message, `${kind} ${cause.code}`);
      assert.doesNotMatch(inGerman, /\{\w+\}/, 'every placeholder filled');
    }
  }
  assert.equal(dicomwebErrorMessage(DicomwebError.of('not-found', { code: 'http', request: 'series-metadata', params: { status: 404 } }, 'u'), german.t), 'Serien-Metadaten: nicht gefunden (HTTP 404)');
  const uncoded = new DicomwebError('not-found', 'The study has no series with images', 'u');
  assert.equal(dicomwebErrorMessage(uncoded, german.t), 'The study has no series with images', 'an error without a code keeps its message');
});

test('the help panel speaks German: actions, key names and tool names', () => {
  const german = localizerOf(de, 'de').t;
  const lines = shortcutHelp(undefined, german);
  const action = (keys: string) => lines.find((line) => line.keys.join(' ') === keys)?.action;
  assert.equal(action('↑ ←'), 'Vorheriges Bild');
  assert.equal(action('Leertaste'), 'Cine abspielen oder anhalten');
  assert.equal(action('Bild ↓'), '10 Bilder vor');
  assert.equal(action('Pos1'), 'Erstes Bild');
  assert.equal(action('w'), 'Werkzeug Fensterung');
  assert.equal(describeCommand({ kind: 'rotate', degrees: -90 }, german), 'Um 90° gegen den Uhrzeigersinn drehen');
  assert.equal(describeCommand({ kind: 'toggle-overlay', overlay: 'scale-bar' }, german), 'Maßstab ein- oder ausblenden');
  assert.equal(describeCommand({ kind: 'window-preset', index: 0 }, german, ['Lunge']), 'Fenster: Lunge');
  for (const line of lines) assert.doesNotMatch(line.action, /\b(image|tool|Show|Rotate|Zoom in)\b/, line.action);
});

test('a failure of the page itself says in German which images it cannot decode and why, in English what its message says', () => {
  const german = localizerOf(de, 'de');
  const texts: Record<ClientFailureCode, string> = {
    'wasm-blocked': "Refused to compile or instantiate WebAssembly module because 'wasm-unsafe-eval' is not an allowed source",
    'worker-blocked': "Failed to construct 'Worker': Script at 'https://cdn.example/w.js' cannot be accessed from origin 'https://app.example'",
    'script-form': 'require is not defined',
    'wasm-unavailable': 'Aborted(both async and sync fetching of the wasm failed)',
    'engine-unavailable': 'Failed to fetch dynamically imported module: https://app.example/viewport-engine.js',
  };
  for (const [code, text] of Object.entries(texts) as Array<[ClientFailureCode, string]>) {
    for (const syntax of ['1.2.840.10008.1.2.4.80', undefined]) {
      const failure = describeClientFailure(new Error(text), syntax);
      assert.equal(failure?.code, code, text);
      assert.equal(clientFailureMessage(failure!, englishLocalizer.t), failure!.message, 'the English message is the table\'s');
      const inGerman = clientFailureMessage(failure!, german.t);
      assert.notEqual(inGerman, failure!.message, code);
      assert.doesNotMatch(inGerman, /\{\w+\}|\b(cannot|images|page)\b/, inGerman);
    }
  }
  const csp = describeClientFailure(new Error(texts['wasm-blocked']), '1.2.840.10008.1.2.4.80')!;
  assert.equal(clientFailureMessage(csp, german.t), "Diese Seite kann JPEG-LS-Bilder nicht dekodieren: ihre Sicherheitsrichtlinie sperrt WebAssembly (sie braucht 'wasm-unsafe-eval' in script-src).");
  assert.equal(errorDetailOf(new Error(texts['worker-blocked']), german.t).message, 'Diese Seite kann diese Bilder nicht dekodieren: ihr Bilddecoder (ein Web Worker) konnte hier nicht gestartet werden.');
  assert.equal(errorDetailOf(new Error(texts['worker-blocked']), german.t).code, 'worker-blocked');
});

test("an element's own conclusion about a series is typed as the data layer's errors, English in its message, German on screen", () => {
  const german = localizerOf(de, 'de');
  const error = new KeyedDicomwebError('not-found', 'viewport.error.noImageSeries', 'http://x/studies/1');
  assert.ok(error instanceof DicomwebError);
  assert.equal(error.message, 'The study has no series with images');
  assert.deepEqual(errorDetailOf(error, german.t), { kind: 'not-found', message: 'Die Studie hat keine Serie mit Bildern', status: undefined, url: 'http://x/studies/1' });
  assert.equal(errorDetailOf(error).message, error.message);
});

test('a volume view names its plane, position and slab in German with German numbers', () => {
  const german = localizerOf(de, 'de');
  assert.equal(volumePlaneText([12.5, 40, -3], [0, 1, 0], german), 'Kor 40 mm');
  assert.equal(volumePlaneText([12.5, 40, -3.26], [0, 0, 1], german), 'Ax -3,3 mm');
  assert.equal(volumePlaneText([0, 0, -0.01], [0, 0, 1], german), 'Ax 0 mm', 'no "-0"');
  const s = Math.SQRT1_2;
  assert.equal(volumePlaneText([10, 10, 0], [s, s, 0], german), 'Schräg 14,1 mm');
  assert.deepEqual(volumePlaneLines([0, 0, 7.5], [0, 0, 1], { thickness: 10, mode: 'average' }, german), ['Ax 7,5 mm', 'Mittel 10 mm']);
  assert.deepEqual(volumePlaneLines([0, 0, 7.5], [0, 0, 1], { thickness: 10, mode: 'average' }), ['Ax 7.5 mm', 'Avg 10 mm'], 'English by default');
});

test("an image's failure says in English what its message says, and in German the same facts", () => {
  const german = localizerOf(de, 'de');
  const url = 'https://pacs.example/dicom-web/studies/1/series/2/instances/3/frames/1';
  const cases: Array<[unknown, string, string]> = [
    [new DicomwebError('forbidden', 'Frame: access denied (HTTP 403)', url, 403), 'The image could not be fetched: access denied (HTTP 403).', 'Das Bild konnte nicht geladen werden: Zugriff verweigert (HTTP 403).'],
    [new DicomwebError('network', 'Frame: could not reach the server (Failed to fetch)', url), 'The image could not be fetched: the server did not answer.', 'Das Bild konnte nicht geladen werden: der Server hat nicht geantwortet.'],
    [{ status: 404 }, 'The image was not found on the server (HTTP 404).', 'Das Bild wurde auf dem Server nicht gefunden (HTTP 404).'],
    [{ status: 503 }, 'The image could not be fetched: the server failed (HTTP 503).', 'Das Bild konnte nicht geladen werden: Serverfehler (HTTP 503).'],
    [
      new Error('No decoder for transfer syntax 1.2.840.10008.1.2.4.92'),
      'The image is in a transfer syntax this viewer cannot decode (JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only), 1.2.840.10008.1.2.4.92).',
      'Das Bild liegt in einer Transfersyntax vor, die dieser Betrachter nicht dekodieren kann (JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only), 1.2.840.10008.1.2.4.92).',
    ],
    [new Error('No decoder for transfer syntax 1.2.3.4'), 'The image is in a transfer syntax this viewer cannot decode (unknown, 1.2.3.4).', 'Das Bild liegt in einer Transfersyntax vor, die dieser Betrachter nicht dekodieren kann (unbekannt, 1.2.3.4).'],
    [new ImageDecodeFailure('1.2.840.10008.1.2.5', new Error('the frame is short')), 'The image could not be decoded: the frame is short', 'Das Bild konnte nicht dekodiert werden: the frame is short'],
    [
      new ImageDecodeFailure('1.2.840.10008.1.2.4.80', new Error("Refused to compile or instantiate WebAssembly module because 'wasm-unsafe-eval' is not an allowed source")),
      "This page cannot decode JPEG-LS images: its security policy blocks WebAssembly (it needs 'wasm-unsafe-eval' in script-src).",
      "Diese Seite kann JPEG-LS-Bilder nicht dekodieren: ihre Sicherheitsrichtlinie sperrt WebAssembly (sie braucht 'wasm-unsafe-eval' in script-src).",
    ],
  ];
  for (const [error, english, inGerman] of cases) {
    const failure = describeImageFailure(error, `wadors:${url}`);
    assert.equal(failure.message, english);
    assert.equal(imageFailureMessage(failure, englishLocalizer.t), english);
    assert.equal(imageFailureMessage(failure, german.t), inGerman);
  }
});

test('the CT window presets are named in German; a header window keeps its explanation, or is numbered in German', () => {
  const german = localizerOf(de, 'de');
  assert.deepEqual(ctPresets.map((preset) => presetLabel(preset, german.t)), ['Weichteil', 'Lunge', 'Knochen', 'Gehirn', 'Abdomen', 'Leber', 'Mediastinum']);
  assert.deepEqual(ctPresets.map((preset) => presetLabel(preset)), ctPresets.map((preset) => preset.label), 'English as the presets say it');
  const header = headerPresets({
    '00281050': { vr: 'DS', Value: [40, 300] },
    '00281051': { vr: 'DS', Value: [400, 1500] },
    '00281055': { vr: 'LO', Value: ['BRAIN'] },
  });
  assert.deepEqual(header.map((preset) => presetLabel(preset, german.t)), ['BRAIN', 'Fenster 2']);
  assert.deepEqual(header.map((preset) => presetLabel(preset)), ['BRAIN', 'Window 2']);
});
