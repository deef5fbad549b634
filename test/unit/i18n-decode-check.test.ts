// The decoder check's findings (src/imaging/decoded-image-check.ts): the facts on the error, the English sentence in
// its message as before, German from the same facts, and an image failure carrying them to the element.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { english, localizerOf } from '../../src/i18n/index.js';
import { de } from '../../src/i18n/messages-de.js';
import { decodeCheckMessage } from '../../src/i18n/decode-check-message.js';
import { imageFailureMessage } from '../../src/i18n/image-failure-message.js';
import { DecodedImageCheckError, type DecodeCheckFinding } from '../../src/imaging/decoded-image-check.js';
import { describeImageFailure } from '../../src/imaging/image-failure.js';

const german = localizerOf(de, 'de');

const cases: [DecodeCheckFinding, string, string][] = [
  [{ code: 'damaged', reason: 'no SOF marker' }, "the frame's codestream is damaged: no SOF marker", 'der Codestream des Frames ist beschädigt: no SOF marker'],
  [{ code: 'codestream-size', columns: 64, rows: 256, headerColumns: 128, headerRows: 128 }, "the frame's codestream holds a 64×256 image where the header says 128×128", 'der Codestream des Frames enthält ein Bild von 64×256, der Header nennt 128×128'],
  [{ code: 'codestream-components', components: 1, samples: 3 }, "the frame's codestream holds 1 component where the header says 3 samples a pixel", 'der Codestream des Frames enthält 1 Komponente, der Header nennt 3 Abtastwerte je Pixel'],
  [{ code: 'codestream-components', components: 3, samples: 1 }, "the frame's codestream holds 3 components where the header says 1 sample a pixel", 'der Codestream des Frames enthält 3 Komponenten, der Header nennt 1 Abtastwert je Pixel'],
  [{ code: 'codestream-bits', bits: 16, allocated: 8 }, "the frame's codestream holds 16-bit samples where the header allocates 8 bits", 'der Codestream des Frames enthält 16-Bit-Abtastwerte, der Header sieht 8 Bit vor'],
  [{ code: 'decoded-size', columns: 32, rows: 32, headerColumns: 64, headerRows: 64 }, 'the decoder gave a 32×32 image where the header says 64×64', 'der Decoder lieferte ein Bild von 32×32, der Header nennt 64×64'],
  [{ code: 'decoded-size', columns: 64, rows: 64, headerColumns: 64, headerRows: 64, targetColumns: 32, targetRows: 32 }, 'the decoder gave a 64×64 image where the header says 64×64 (32×32 for the volume)', 'der Decoder lieferte ein Bild von 64×64, der Header nennt 64×64 (32×32 für das Volumen)'],
  [{ code: 'decoded-colour', colour: true, photometric: 'MONOCHROME2' }, 'the decoder gave a colour image where the header says MONOCHROME2', 'der Decoder lieferte ein Farbbild, der Header nennt MONOCHROME2'],
  [{ code: 'decoded-colour', colour: false, photometric: 'RGB' }, 'the decoder gave a grey image where the header says RGB', 'der Decoder lieferte ein Graustufenbild, der Header nennt RGB'],
  [{ code: 'decoded-length', length: 100, columns: 8, rows: 8, samples: 1, expected: 64 }, 'the decoded frame has 100 samples where a 8×8 image of 1 sample a pixel needs 64', 'der dekodierte Frame hat 100 Abtastwerte, ein Bild von 8×8 mit 1 Abtastwert je Pixel braucht 64'],
  [{ code: 'decoded-range', min: -1024.5, max: 5000, bits: 12, low: 0, high: 4095 }, 'the decoded values (-1024.5…5000) lie outside the 12-bit range the header gives (0…4095)', 'die dekodierten Werte (-1024,5…5000) liegen außerhalb des 12-Bit-Bereichs, den der Header angibt (0…4095)'],
];

test("each finding says in English what the check wrote, and in German the same facts with German numbers", () => {
  for (const [finding, inEnglish, inGerman] of cases) {
    assert.equal(new DecodedImageCheckError(finding).message, inEnglish, finding.code);
    assert.equal(decodeCheckMessage(finding, english.t, english.format), inEnglish, finding.code);
    assert.equal(decodeCheckMessage(finding, german.t, german.format), inGerman, finding.code);
  }
});

test("an image failure keeps the check's finding, so an element says it in its reader's language", () => {
  const finding: DecodeCheckFinding = { code: 'codestream-size', columns: 64, rows: 256, headerColumns: 128, headerRows: 128 };
  const failure = describeImageFailure(new DecodedImageCheckError(finding), 'wadors:http://server/frames/1');
  assert.equal(failure.kind, 'decode');
  assert.deepEqual(failure.check, finding);
  assert.equal(failure.message, "The image could not be decoded: the frame's codestream holds a 64×256 image where the header says 128×128");
  assert.equal(imageFailureMessage(failure, german.t), 'Das Bild konnte nicht dekodiert werden: der Codestream des Frames enthält ein Bild von 64×256, der Header nennt 128×128');
  // Another decoder's own text has no finding: it stays as it was written.
  const other = describeImageFailure(new Error('OpenJPEG: tile part too short'), 'wadors:http://server/frames/1');
  assert.equal(other.check, undefined);
  assert.equal(imageFailureMessage(other, german.t), 'Das Bild konnte nicht dekodiert werden: OpenJPEG: tile part too short');
});
