// `dicom-error`: something the user asked to see could not be shown.

/**
 * What kind of failure: the server's answer (`network` … `bad-response`), an image no decoder reads (`unsupported`)
 * or that does not decode to what its header says (`decode`), or this page unable to load or run its engine, decode
 * worker or codecs (`client`: a security policy, a worker on another origin, a missing file).
 */
export type DicomErrorKind = (typeof dicomErrorKinds)[number];

export const dicomErrorKinds = [
  'network',
  'unauthorized',
  'forbidden',
  'not-found',
  'not-acceptable',
  'bad-request',
  'server',
  'bad-response',
  'decode',
  'unsupported',
  'client',
] as const;

function isDicomErrorKind(kind: string): kind is DicomErrorKind {
  return (dicomErrorKinds as readonly string[]).includes(kind);
}

export interface DicomErrorDetail {
  kind: DicomErrorKind;
  /** The sentence the element shows. */
  message: string;
  /** The data layer's stable code of the failure (`http`, `network`, `not-dicom-json`, …; see `DicomwebErrorCode`), when it made the error. */
  code?: string;
  /** The technical text behind it (the browser's, the decoder's or the engine's), for logs and support. */
  detail?: string;
  /** The HTTP status, when a server answered. */
  status?: number;
  /** The URL or image id that failed. */
  url?: string;
  /** The index in the stack of the image that failed, when one image failed and the others may be fine. */
  imageIndex?: number;
  /** The SOP Instance UID and frame number (1-based) of the image that failed. */
  sopInstanceUid?: string;
  frameNumber?: number;
}

export class DicomErrorEvent extends CustomEvent<DicomErrorDetail> {
  /** A kind outside DicomErrorKind (from an untyped source) is reported as `bad-response`, so listeners can switch on the union. */
  constructor(detail: Omit<DicomErrorDetail, 'kind'> & { kind: DicomErrorKind | string }) {
    super('dicom-error', { bubbles: true, composed: true, detail: { ...detail, kind: isDicomErrorKind(detail.kind) ? detail.kind : 'bad-response' } });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dicom-error': DicomErrorEvent;
  }
}
