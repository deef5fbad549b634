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
