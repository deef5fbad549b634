// `dicom-error`: something the user asked to see could not be shown.

export interface DicomErrorDetail {
  /** What kind of failure: `network`, `unauthorized`, `forbidden`, `not-found`, `not-acceptable`, `bad-request`, `server`, `bad-response`, `decode`, `unsupported` (a transfer syntax no decoder reads). */
  kind: string;
  /** The sentence the element shows. */
  message: string;
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
  constructor(detail: DicomErrorDetail) {
    super('dicom-error', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dicom-error': DicomErrorEvent;
  }
}
