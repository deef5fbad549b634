// A study's measurement reports on its DICOMweb server: finding the latest TID 1500 report (QIDO for SR series, their
// metadata) and saving a new one (STOW-RS), each save a new instance in the series of the report it follows. The
// encoding (sr-report.ts, with the adapters and dcmjs) is a chunk of its own, fetched only when a study holds a
// report or one is saved.
import type { DicomwebSource } from '../dicomweb/source.js';
import { numberOf, stringOf, valuesOf, type DicomJsonDataset } from '../dicomweb/dicom-json.js';
import type { Measurement } from './measurement.js';
import type { ReadReport, WrittenReport } from './sr-report.js';

/** What a save stored. */
export interface SavedMeasurements {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  /** How many measurements the report holds. */
  saved: number;
  /** Measurements that could not be written (a text label has no TID 1500 form), and why. */
  skipped: string[];
}

/** The latest report of a study, read. */
export interface FoundReport extends ReadReport {
  studyInstanceUid: string;
  instanceNumber: number;
}

const templateOf = (header: DicomJsonDataset) => {
  const [item] = valuesOf(header, 'ContentTemplateSequence') as DicomJsonDataset[];
  return item ? stringOf(item, 'TemplateIdentifier') : undefined;
};

/** Date and time as one sortable string (a missing time sorts first). */
const contentMomentOf = (header: DicomJsonDataset) =>
  `${stringOf(header, 'ContentDate') ?? stringOf(header, 'SeriesDate') ?? ''}${(stringOf(header, 'ContentTime') ?? stringOf(header, 'SeriesTime') ?? '').padEnd(13, '0')}`;

/** The latest of a study's TID 1500 reports among series metadata: by content date and time, then instance number. */
export function latestMeasurementReport(headers: readonly DicomJsonDataset[]): DicomJsonDataset | undefined {
  const reports = headers.filter((header) => stringOf(header, 'Modality') === 'SR' && templateOf(header) === '1500');
  const order = (header: DicomJsonDataset) => [contentMomentOf(header), numberOf(header, 'InstanceNumber') ?? 0] as const;
  return reports.reduce<DicomJsonDataset | undefined>((latest, header) => {
    if (!latest) return header;
    const [a, b] = [order(latest), order(header)];
    return b[0] > a[0] || (b[0] === a[0] && b[1] > a[1]) ? header : latest;
  }, undefined);
}

/** One study's reports as one viewport sees them: the one it follows, and where the next one goes. */
export class MeasurementReports {
  /** The series and instance number of the report the next save follows. */
  private last?: { studyInstanceUid: string; seriesInstanceUid: string; instanceNumber: number };

  /**
   * The study's latest TID 1500 report, read; undefined when it has none. Only SR series are asked for their
   * metadata, and the encoding chunk is fetched only when one holds a report.
   */
  async findLatest(source: DicomwebSource, studyInstanceUid: string, signal?: AbortSignal): Promise<FoundReport | undefined> {
    const series = await source.searchForSeries(studyInstanceUid, { Modality: 'SR' }, { signal });
    const srSeries = series.filter((item) => stringOf(item, 'Modality') === 'SR' || stringOf(item, 'Modality') === undefined);
    const headers = (
      await Promise.all(srSeries.map((item) => source.retrieveSeriesMetadata(studyInstanceUid, stringOf(item, 'SeriesInstanceUID') ?? '', { signal })))
    ).flat();
    const latest = latestMeasurementReport(headers);
    if (!latest) return undefined;
    const { readMeasurementReport } = await import('./sr-report.js');
    const read = readMeasurementReport(latest);
    const instanceNumber = numberOf(latest, 'InstanceNumber') ?? 1;
    this.follow({ studyInstanceUid, seriesInstanceUid: read.seriesInstanceUid, instanceNumber });
    return { ...read, studyInstanceUid, instanceNumber };
  }

  /** Writes the measurements as a new report and stores it; throws when the server does not store it. */
  async save(
    source: DicomwebSource,
    measurements: readonly Measurement[],
    headerOf: (sopInstanceUid: string) => DicomJsonDataset | undefined,
  ): Promise<SavedMeasurements> {
    const { writeMeasurementReport } = await import('./sr-report.js');
    const studyInstanceUid = measurements[0]?.image.studyInstanceUid;
    const last = this.last && this.last.studyInstanceUid === studyInstanceUid ? this.last : undefined;
    const report: WrittenReport = writeMeasurementReport(measurements, headerOf, {
      seriesInstanceUid: last?.seriesInstanceUid,
      instanceNumber: (last?.instanceNumber ?? 0) + 1,
    });
    const result = await source.storeInstances([report.bytes], { studyInstanceUid: report.studyInstanceUid });
    const failure = result.failed[0];
    if (failure || !result.stored.some((stored) => stored.sopInstanceUid === report.sopInstanceUid)) {
      throw new Error(`The measurement report was not stored: ${failure?.message ?? 'the server did not list it as stored'}`);
    }
    this.follow({ studyInstanceUid: report.studyInstanceUid, seriesInstanceUid: report.seriesInstanceUid, instanceNumber: (last?.instanceNumber ?? 0) + 1 });
    return {
      studyInstanceUid: report.studyInstanceUid,
      seriesInstanceUid: report.seriesInstanceUid,
      sopInstanceUid: report.sopInstanceUid,
      saved: report.written,
      skipped: report.skipped,
    };
  }

  private follow(report: { studyInstanceUid: string; seriesInstanceUid: string; instanceNumber: number }): void {
    if (!this.last || this.last.studyInstanceUid !== report.studyInstanceUid || report.instanceNumber >= this.last.instanceNumber) this.last = report;
  }
}
