// PALETTE COLOR images: DICOMweb metadata gives the lookup tables by BulkDataURI, while Cornerstone's loader reads
// them from the metadata's values. Fetch them (with the source's auth) and put them in before the first decode.
import type { DicomJsonDataset } from '../dicomweb/dicom-json.js';
import { DicomwebError, errorFromResponse, networkError } from '../dicomweb/errors.js';
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
    else if (element.BulkDataURI) bytes = await fetchSinglePart(source, element.BulkDataURI, signal);
    if (!bytes) continue;
    const entries = new Uint16Array(bytes.byteLength >> 1);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < entries.length; i++) entries[i] = view.getUint16(i * 2, true);
    element.Value = Array.from(entries);
  }
}

/** WADO-RS Retrieve Bulkdata (PS3.18 10.4.1.1.5): one multipart/related part, its body returned. */
async function fetchSinglePart(source: DicomwebSource, url: string, signal?: AbortSignal): Promise<Uint8Array> {
  const headers = { ...(await source.requestHeaders()), Accept: 'multipart/related; type="application/octet-stream"' };
  let response: Response;
  try {
    response = await fetch(url, { headers, signal });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw networkError(url, 'Palette lookup table', cause);
  }
  if (!response.ok) throw await errorFromResponse(response, 'Palette lookup table');
  const body = new Uint8Array(await response.arrayBuffer());
  const boundary = /boundary="?([^";]+)"?/i.exec(response.headers.get('content-type') ?? '')?.[1];
  if (!boundary) return body; // a single-part answer is the bulk data itself
  const text = new TextDecoder('latin1').decode(body);
  const start = text.indexOf('\r\n\r\n', text.indexOf(`--${boundary}`));
  const end = text.indexOf(`\r\n--${boundary}`, start + 4);
  if (start < 0 || end < 0) throw new DicomwebError('bad-response', 'Palette lookup table: the multipart answer has no part', url, response.status);
  return body.subarray(start + 4, end);
}
