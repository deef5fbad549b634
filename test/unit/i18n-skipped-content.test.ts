// What a measurement report held that is not shown: facts from the reader (sr-report.ts), the line in English as
// dicom-measurements-loaded's `skipped` always said it, and in German.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { english, localizerOf } from '../../src/i18n/index.js';
import { de } from '../../src/i18n/messages-de.js';
import { skippedContentMessage, type SkippedContent } from '../../src/i18n/skipped-content-message.js';

const german = localizerOf(de, 'de');

test('each kind of skipped content reads in English as before and in German', () => {
  const cases: [SkippedContent, string, string][] = [
    [{ reason: 'no-tool', name: 'Lesion 2', toolType: 'Probe' }, 'Lesion 2: a Probe, which this viewer has no tool for', 'Lesion 2: ein Probe, für das dieser Betrachter kein Werkzeug hat'],
    [{ reason: 'no-points', name: 'Lesion 3' }, 'Lesion 3: no image or no points', 'Lesion 3: kein Bild oder keine Punkte'],
    [{ reason: 'graphic-no-tool', name: 'Lesion 5', graphicType: 'CIRCLE' }, 'Lesion 5: its CIRCLE has no tool here', 'Lesion 5: für sein CIRCLE gibt es hier kein Werkzeug'],
    [{ reason: 'no-coordinates', name: 'Lesion 4' }, 'Lesion 4: no image coordinates', 'Lesion 4: keine Bildkoordinaten'],
    [{ reason: 'no-coordinates' }, 'a measurement group: no image coordinates', 'eine Messgruppe: keine Bildkoordinaten'],
  ];
  for (const [content, inEnglish, inGerman] of cases) {
    assert.equal(skippedContentMessage(content, english.t), inEnglish);
    assert.equal(skippedContentMessage(content, german.t), inGerman);
  }
});
