// Which series a viewer opens when it is given a study alone (QIDO-RS series search results, PS3.18 10.6).

import { numberOf, stringOf, type DicomJsonDataset } from './dicom-json.js';

/**
 * Modalities whose series hold no images to page through (PS3.3 C.7.3.1.1.1): structured reports, key object
 * selections, presentation states, documents, RT plans and structures, raw data, registrations, real world value
 * maps, 3D models, waveforms.
 */
const nonImageModalities = new Set([
  'SR', 'KO', 'PR', 'DOC', 'RTPLAN', 'RTSTRUCT', 'RTRECORD', 'RAW', 'REG', 'FID', 'RWV', 'M3D', 'PLAN',
  'ECG', 'HD', 'AU', 'EEG', 'EMG', 'EOG',
]);

/**
 * The series to show first: among series with a modality that holds images and at least one instance (when the
 * count is given), the lowest Series Number (a series without one comes last), in the order found otherwise.
 */
export function firstImageSeries(series: readonly DicomJsonDataset[]): string | undefined {
  return imageSeriesInOrder(series)[0];
}

/** Every series that may hold images, in the order `firstImageSeries` prefers them (the next when one has none). */
export function imageSeriesInOrder(series: readonly DicomJsonDataset[]): string[] {
  const candidates = series
    .map((dataset, index) => ({
      uid: stringOf(dataset, 'SeriesInstanceUID'),
      modality: stringOf(dataset, 'Modality')?.toUpperCase(),
      number: numberOf(dataset, 'SeriesNumber') ?? Number.POSITIVE_INFINITY,
      instances: numberOf(dataset, 'NumberOfSeriesRelatedInstances'),
      index,
    }))
    .filter(({ uid, modality, instances }) => uid && !(modality && nonImageModalities.has(modality)) && instances !== 0)
    .sort((a, b) => a.number - b.number || a.index - b.index);
  return candidates.map(({ uid }) => uid!);
}
