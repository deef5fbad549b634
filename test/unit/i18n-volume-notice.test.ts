// Why a series is no volume, and how a volume was thinned: the facts kept in the data, the sentence from the table in
// English (the data's `message`, unchanged words) and in German with German numbers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { english, localizerOf } from '../../src/i18n/index.js';
import { de } from '../../src/i18n/messages-de.js';
import { volumeRefusalMessage } from '../../src/i18n/volume-notice-message.js';
import { volumeGeometryOf, type NoVolume, type SliceGeometry } from '../../src/imaging/volume-geometry.js';
import { decimatedGrid, decimationNotice, refusalNotice } from '../../src/imaging/volume-decimation.js';

const german = localizerOf(de, 'de');

const slice = (z: number, overrides: Partial<SliceGeometry> = {}): SliceGeometry => ({
  rows: 64, columns: 64, pixelSpacing: [0.5, 0.5], imageOrientationPatient: [1, 0, 0, 0, 1, 0], imagePositionPatient: [0, 0, z], samplesPerPixel: 1, ...overrides,
});

function refusalOf(slices: SliceGeometry[]): NoVolume {
  const geometry = volumeGeometryOf(slices);
  assert.equal(geometry.ok, false);
  return geometry as NoVolume;
}

test('a gap keeps its facts, says them in English as before, and in German with decimal commas', () => {
  const gap = refusalOf([0, 2.5, 5, 10.25, 12.75].map((z) => slice(z)));
  assert.equal(gap.reason, 'gap');
  assert.deepEqual(gap.facts, { previous: 3, image: 4, step: 5.25, spacing: 2.5 });
  assert.equal(gap.message, "Not shown as a volume: images 3 and 4 are 5.25 mm apart where the series' spacing is 2.5 mm (a gap, or uneven spacing).");
  assert.equal(volumeRefusalMessage(gap, english), gap.message);
  assert.equal(
    volumeRefusalMessage(gap, german),
    'Nicht als Volumen gezeigt: die Bilder 3 und 4 liegen 5,25 mm auseinander, der Schichtabstand der Serie ist 2,5 mm (eine Lücke oder ungleichmäßige Abstände).',
  );
});

test('each refusal reads its own sentence in both languages, one image in the singular', () => {
  const cases: [SliceGeometry[], string, string][] = [
    [[slice(0)], 'the series has 1 image, and a volume needs at least 3', 'die Serie hat 1 Bild, ein Volumen braucht mindestens 3'],
    [[slice(0), slice(1)], 'the series has 2 images, and a volume needs at least 3', 'die Serie hat 2 Bilder, ein Volumen braucht mindestens 3'],
    [[slice(0), slice(1, { pixelSpacing: [0.75, 0.5] }), slice(2)], 'image 2 has pixel spacing 0.75 × 0.5 mm and image 1 0.5 × 0.5 mm', 'Bild 2 hat den Pixelabstand 0,75 × 0,5 mm und Bild 1 0,5 × 0,5 mm'],
    [[slice(0), slice(1, { rows: 32 }), slice(2)], 'image 2 is 64 × 32 pixels and image 1 64 × 64', 'Bild 2 hat 64 × 32 Pixel und Bild 1 64 × 64'],
    [[slice(0), slice(1), slice(1)], 'images 2 and 3 lie at the same position', 'die Bilder 2 und 3 liegen an derselben Position'],
    [[slice(0), slice(2), slice(1)], 'its images do not run one way along the slice direction', 'die Bilder laufen nicht in einer Richtung entlang der Schichtrichtung'],
    [[slice(0), slice(1, { imagePositionPatient: [1.5, 0, 1] }), slice(2)], 'image 2 is shifted 1.5 mm sideways from image 1 (a tilted gantry or a sheared stack)', 'Bild 2 ist um 1,5 mm seitlich gegen Bild 1 verschoben (eine gekippte Gantry oder ein gescherter Stapel)'],
    [[slice(0), slice(1, { samplesPerPixel: 3 }), slice(2)], 'image 2 is in colour, and volumes are greyscale', 'Bild 2 ist farbig, Volumen sind Graustufen'],
  ];
  for (const [slices, english, germanReason] of cases) {
    const refusal = refusalOf(slices);
    assert.equal(refusal.message, `Not shown as a volume: ${english}.`);
    assert.equal(volumeRefusalMessage(refusal, german), `Nicht als Volumen gezeigt: ${germanReason}.`);
  }
});

test('the decimation and over-budget notices: English words unchanged, German words and numbers', () => {
  const ct = { rows: 512, columns: 512, slices: 200 };
  assert.equal(
    decimationNotice(ct, 2, decimatedGrid(ct, 2, 2, 2), 20),
    'Decimated to fit the memory budget (cache-mb) of 20 MB: 256 × 256 pixels of 512 × 512, 100 slices of 200 (12.5 MB instead of 100 MB).',
  );
  assert.equal(
    decimationNotice(ct, 2, decimatedGrid(ct, 2, 2, 2), 20, german),
    'Ausgedünnt, um in das Speicherbudget (cache-mb) von 20 MB zu passen: 256 × 256 Pixel von 512 × 512, 100 Schichten von 200 (12,5 MB statt 100 MB).',
  );
  const small = { rows: 64, columns: 64, slices: 40 };
  assert.equal(
    decimationNotice(small, 2, decimatedGrid(small, 2, 2, 1), 0.1, german),
    'Ausgedünnt, um in das Speicherbudget (cache-mb) von 0,1 MB zu passen: 32 × 32 Pixel von 64 × 64 (80 KB statt 0,31 MB).',
  );
  assert.equal(
    refusalNotice(ct, 2, 1, german),
    'Nicht als Volumen gezeigt: es braucht 100 MB (1,56 MB selbst um 4 in jede Richtung ausgedünnt), mehr als das Speicherbudget (cache-mb) von 1 MB. Als Stapel gezeigt.',
  );
});
