// The URL shapes of DICOMweb resources (PS3.18 10.4-10.6, 8.2): studies, series, instances and what hangs below them,
// each UID and bulk data path segment percent-encoded. One builder for the client's requests and the server's
// RetrieveURL, Content-Location and BulkDataURI values.

/** A study, a series of it, or an instance of that series; nothing at all is every study (search, store). */
export interface DicomwebResource {
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
}

/** What below a resource is asked for. */
export type DicomwebService =
  | 'metadata'
  | 'rendered'
  | 'thumbnail'
  /** QIDO-RS search for the series of a study, or for instances of a study or series. */
  | 'series'
  | 'instances'
  /** Frames of an instance, 1-based (PS3.18 10.4.1.1.4), optionally rendered. */
  | { frames: readonly number[]; rendered?: boolean }
  /** A bulk data element of an instance, by its path of tags (and item indexes) as the server names it. */
  | { bulkdata: string };

const segment = (value: string) => encodeURIComponent(value);

/** The resource path, relative to the service root and without a leading slash: `studies/1.2/series/1.3/metadata`. */
export function dicomwebPath(resource: DicomwebResource = {}, service?: DicomwebService): string {
  const { studyInstanceUid: study, seriesInstanceUid: series, sopInstanceUid: instance } = resource;
  if (series !== undefined && study === undefined) throw new Error('a series is addressed within its study');
  if (instance !== undefined && series === undefined) throw new Error('an instance is addressed within its series');
  if (study === '' || series === '' || instance === '') throw new Error('an empty UID addresses nothing');
  let path = 'studies';
  if (study !== undefined) path += `/${segment(study)}`;
  if (series !== undefined) path += `/series/${segment(series)}`;
  if (instance !== undefined) path += `/instances/${segment(instance)}`;
  if (service === undefined) return path;
  if (typeof service === 'string') {
    if (service === 'series' && (study === undefined || series !== undefined)) throw new Error('series are searched within a study');
    if (service === 'instances' && instance !== undefined) throw new Error('instances are searched within a study or series');
    return `${path}/${service}`;
  }
  if (instance === undefined) throw new Error('frames and bulk data belong to an instance');
  if ('frames' in service) {
    const { frames } = service;
    if (frames.length === 0 || frames.some((frame) => !Number.isInteger(frame) || frame < 1)) {
      throw new Error(`frame numbers are whole numbers from 1, not ${frames.join(',') || 'none'}`);
    }
    return `${path}/frames/${frames.join(',')}${service.rendered ? '/rendered' : ''}`;
  }
  const parts = service.bulkdata.split('/').filter(Boolean);
  if (parts.length === 0) throw new Error('a bulk data path names at least one tag');
  return `${path}/bulkdata/${parts.map(segment).join('/')}`;
}

/** The absolute URL of a resource below a service root such as `https://pacs.example/dicom-web` (trailing slashes ignored). */
export function dicomwebUrl(root: string, resource?: DicomwebResource, service?: DicomwebService): string {
  return `${root.replace(/\/+$/, '')}/${dicomwebPath(resource, service)}`;
}
