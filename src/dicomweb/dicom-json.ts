// Reading and writing attributes of DICOM JSON datasets (PS3.18 F.2) by keyword.
import { tagOf, vrOf, type TagKeyword } from './tags.js';

export interface PersonNameValue {
  Alphabetic?: string;
  Ideographic?: string;
  Phonetic?: string;
}

export interface DicomJsonElement {
  vr: string;
  Value?: unknown[];
  BulkDataURI?: string;
  InlineBinary?: string;
}

/** A DICOM JSON dataset: attributes keyed by eight-hex-digit tag. */
export type DicomJsonDataset = Record<string, DicomJsonElement>;

/** All values of an attribute, or an empty list when absent or empty. */
export function valuesOf(dataset: DicomJsonDataset, keyword: TagKeyword): unknown[] {
  return dataset[tagOf(keyword)]?.Value ?? [];
}

/** The first value as a string (person names give their alphabetic group). */
export function stringOf(dataset: DicomJsonDataset, keyword: TagKeyword): string | undefined {
  const value = valuesOf(dataset, keyword)[0];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object') return (value as PersonNameValue).Alphabetic;
  return String(value);
}

/** The first value as a number, or undefined when absent or not numeric. */
export function numberOf(dataset: DicomJsonDataset, keyword: TagKeyword): number | undefined {
  const value = valuesOf(dataset, keyword)[0];
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/** Every value as a number (for multi-valued DS/IS/US such as ImagePositionPatient). */
export function numbersOf(dataset: DicomJsonDataset, keyword: TagKeyword): number[] {
  return valuesOf(dataset, keyword).map((value) => (typeof value === 'number' ? value : Number(value)));
}

/** Sets an attribute with the VR from the tag table; an empty list writes an empty attribute. */
export function setValues(dataset: DicomJsonDataset, keyword: TagKeyword, values: unknown[]): void {
  const element: DicomJsonElement = { vr: vrOf(keyword) };
  if (values.length > 0) element.Value = values;
  dataset[tagOf(keyword)] = element;
}
