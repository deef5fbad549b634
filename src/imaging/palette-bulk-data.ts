// PALETTE COLOR images: DICOMweb metadata gives the lookup tables by BulkDataURI, while Cornerstone's loader reads
// them from the metadata's values. Retrieve them through the source (its auth, retries and typed errors) and put
// them in before the first decode.
import type { DicomJsonDataset } from '../dicomweb/dicom-json.js';
import type { DicomwebSource } from '../dicomweb/source.js';
import { tagOf } from '../dicomweb/tags.js';

const lutDataTags = [tagOf('RedPaletteColorLookupTableData'), tagOf('GreenPaletteColorLookupTableData'), tagOf('BluePaletteColorLookupTableData')];

/** Whether an instance needs its palette fetched. */
export function needsPaletteBulkData(instance: DicomJsonDataset): boolean {
  return lutDataTags.some((tag) => instance[tag]?.BulkDataURI && !instance[tag]?.Value && !instance[tag]?.InlineBinary);
}

/** Replaces each palette table's BulkDataURI (or InlineBinary) with its 16-bit entries as values. */
export async function resolvePaletteBulkData(source: DicomwebSource, instance: DicomJsonDataset, signal?: AbortSignal): Promise<void> {
  for (const tag of lutDataTags) {
    const element = instance[tag];
    if (!element || element.Value) continue;
    let bytes: Uint8Array | undefined;
    if (element.InlineBinary) bytes = Uint8Array.from(atob(element.InlineBinary), (c) => c.charCodeAt(0));
    else if (element.BulkDataURI) bytes = await source.retrieveBulkData(element.BulkDataURI, { signal });
    if (!bytes) continue;
    const entries = new Uint16Array(bytes.byteLength >> 1);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < entries.length; i++) entries[i] = view.getUint16(i * 2, true);
    element.Value = Array.from(entries);
  }
}
