// dicomweb-client 0.11, the independent client the server tests use, typed as it behaves: its declarations
// require options it does not need (`singlepart`, `request`) and type frame numbers as a string.
import { createRequire } from 'node:module';
import * as dicomwebClient from 'dicomweb-client';
import type { DicomJsonDataset } from '../../src/dicomweb/dicom-json.js';

interface SeriesTarget {
  studyInstanceUID: string;
  seriesInstanceUID: string;
}

interface InstanceTarget extends SeriesTarget {
  sopInstanceUID: string;
}

export interface MediaType {
  mediaType: string;
  transferSyntaxUID?: string;
}

export interface DicomwebClient {
  searchForStudies(options?: { queryParams?: Record<string, string> }): Promise<DicomJsonDataset[]>;
  searchForSeries(options?: { studyInstanceUID?: string; queryParams?: Record<string, string> }): Promise<DicomJsonDataset[]>;
  searchForInstances(options?: { studyInstanceUID?: string; seriesInstanceUID?: string; queryParams?: Record<string, string> }): Promise<DicomJsonDataset[]>;
  /** Resolves to the response body (the Store Instances response as text); rejects on any status but 200. */
  storeInstances(options: { datasets: ArrayBuffer[]; studyInstanceUID?: string }): Promise<unknown>;
  /** Each instance's Part 10 bytes. */
  retrieveStudy(options: { studyInstanceUID: string }): Promise<ArrayBuffer[]>;
  retrieveSeries(options: SeriesTarget): Promise<ArrayBuffer[]>;
  retrieveInstance(options: InstanceTarget): Promise<ArrayBuffer>;
  /** Image transactions answer the image's bytes, wrapped in a one-element array when `mediaTypes` is given. */
  retrieveInstanceRendered(options: InstanceTarget & { mediaTypes?: MediaType[]; queryParams?: Record<string, string> }): Promise<ArrayBuffer | ArrayBuffer[]>;
  retrieveInstanceThumbnail(options: InstanceTarget & { mediaTypes?: MediaType[]; queryParams?: Record<string, string> }): Promise<ArrayBuffer | ArrayBuffer[]>;
  retrieveInstanceFramesRendered(
    options: InstanceTarget & { frameNumbers: number[]; mediaTypes?: MediaType[]; queryParams?: Record<string, string> },
  ): Promise<ArrayBuffer | ArrayBuffer[]>;
  retrieveBulkData(options: { BulkDataURI: string; mediaTypes?: MediaType[] }): Promise<ArrayBuffer[]>;
  retrieveStudyMetadata(options: { studyInstanceUID: string }): Promise<DicomJsonDataset[]>;
  retrieveSeriesMetadata(options: SeriesTarget): Promise<DicomJsonDataset[]>;
  retrieveInstanceMetadata(options: InstanceTarget): Promise<DicomJsonDataset[]>;
  retrieveInstanceFrames(options: InstanceTarget & { frameNumbers: number[]; mediaTypes?: MediaType[] }): Promise<ArrayBuffer[]>;
}

// The package's main is a UMD bundle: Node's ESM loader may offer it only as the default export.
const { api } = 'api' in dicomwebClient ? dicomwebClient : (dicomwebClient as unknown as { default: typeof dicomwebClient }).default;

export function createDicomwebClient(url: string): DicomwebClient {
  // dicomweb-client speaks XMLHttpRequest; Node has none.
  (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest ??= createRequire(import.meta.url)('xhr2');
  return new api.DICOMwebClient({ url } as never) as unknown as DicomwebClient;
}
