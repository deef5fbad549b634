import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { setValues, type DicomJsonDataset } from '../../src/dicomweb/dicom-json.js';
import { firstImageSeries, imageSeriesInOrder } from '../../src/dicomweb/series-choice.js';

function series(uid: string, modality: string | undefined, number: number | undefined, instances?: number): DicomJsonDataset {
  const dataset: DicomJsonDataset = {};
  setValues(dataset, 'SeriesInstanceUID', [uid]);
  if (modality !== undefined) setValues(dataset, 'Modality', [modality]);
  if (number !== undefined) setValues(dataset, 'SeriesNumber', [number]);
  if (instances !== undefined) setValues(dataset, 'NumberOfSeriesRelatedInstances', [instances]);
  return dataset;
}

describe('firstImageSeries', () => {
  it('takes the lowest Series Number, whatever the order of the search results', () => {
    assert.equal(firstImageSeries([series('1.3', 'MR', 3), series('1.1', 'CT', 1), series('1.2', 'CT', 2)]), '1.1');
  });

  it('passes over series that hold no images: reports, key objects, presentation states, empty series', () => {
    const study = [series('1.0', 'SR', 0), series('1.1', 'KO', 1), series('1.2', 'pr', 2), series('1.3', 'CT', 3, 0), series('1.4', 'CT', 4, 12), series('1.5', 'MR', 5, 3)];
    assert.equal(firstImageSeries(study), '1.4');
    // The rest in the same order, for when the first turns out to hold nothing a viewer can show.
    assert.deepEqual(imageSeriesInOrder(study), ['1.4', '1.5']);
  });

  it('puts series without a number last, keeping the search order among them', () => {
    assert.equal(firstImageSeries([series('1.9', 'OT', undefined), series('1.8', 'MR', undefined), series('1.7', 'US', 7)]), '1.7');
    assert.equal(firstImageSeries([series('1.9', 'OT', undefined), series('1.8', 'MR', undefined)]), '1.9');
  });

  it('takes a series without a modality, and gives nothing for a study without image series', () => {
    assert.equal(firstImageSeries([series('1.5', undefined, 5)]), '1.5');
    assert.equal(firstImageSeries([series('1.0', 'SR', 1)]), undefined);
    assert.equal(firstImageSeries([]), undefined);
  });
});
