// Frame requests are made by Cornerstone's loader, not by the data layer: this routes each one to the
// auth hook of the DICOMweb source that serves it.
import type { DicomwebSource } from '../dicomweb/source.js';

const sources = new Map<DicomwebSource, number>();

/** A viewport registers its source while it shows images from it. */
export function useSourceForImages(source: DicomwebSource): () => void {
  sources.set(source, (sources.get(source) ?? 0) + 1);
  return () => {
    const count = (sources.get(source) ?? 1) - 1;
    if (count > 0) sources.set(source, count);
    else sources.delete(source);
  };
}

/** The headers for an image id's request: those of the first registered source whose WADO root serves it. */
export async function authorizeImageRequest(imageId: string): Promise<Record<string, string>> {
  const url = imageId.replace(/^wadors:/, '');
  for (const source of sources.keys()) {
    if (source.serves(url)) return source.requestHeaders();
  }
  return {};
}
