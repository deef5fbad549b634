// Attributes the viewer reads that the data layer's tag table (src/dicomweb/tags.ts) does not list yet.
// Kept in one table so they move there in one piece.
import type { DicomJsonDataset } from '../dicomweb/dicom-json.js';

export const extraTags = {
  FrameTime: '00181063',
  RecommendedDisplayFrameRate: '00082144',
  ImagerPixelSpacing: '00181164',
  RedPaletteColorLookupTableData: '00281201',
  GreenPaletteColorLookupTableData: '00281202',
  BluePaletteColorLookupTableData: '00281203',
  RedPaletteColorLookupTableDescriptor: '00281101',
  TransferSyntaxUID: '00020010',
  AvailableTransferSyntaxUID: '00083002',
} as const;

export type ExtraTagKeyword = keyof typeof extraTags;

export function extraNumberOf(dataset: DicomJsonDataset | undefined, keyword: ExtraTagKeyword): number | undefined {
  const value = dataset?.[extraTags[keyword]]?.Value?.[0];
  const number = typeof value === 'number' ? value : Number(value);
  return value === undefined || value === null || value === '' || !Number.isFinite(number) ? undefined : number;
}

export function extraStringOf(dataset: DicomJsonDataset | undefined, keyword: ExtraTagKeyword): string | undefined {
  const value = dataset?.[extraTags[keyword]]?.Value?.[0];
  return value === undefined || value === null ? undefined : String(value);
}
