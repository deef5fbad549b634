// The Store Instances response of STOW-RS (PS3.18 10.5.3): the response dataset's per-instance outcomes as typed
// results, with the status codes of PS3.4 Annex B (and PS3.18 Table 10.5.3-2) in words a person can act on.
import { storeFailureReasons as reasons } from '../dicom/store-status.js';
import { numberOf, stringOf, valuesOf, type DicomJsonDataset } from './dicom-json.js';

/** Why an instance was not stored (Failure Reason, 0008,1197). */
export type StoreFailureKind =
  | 'processing-failure' // 0x0110
  | 'duplicate' // 0x0111: an instance with this SOP Instance UID is stored already
  | 'sop-class-not-supported' // 0x0122
  | 'not-authorized' // 0x0124
  | 'out-of-resources' // 0xA7xx
  | 'does-not-match' // 0xA9xx: dataset does not match the SOP class, or the study in the URL
  | 'cannot-understand' // 0xCxxx: not an instance the archive can read
  | 'transfer-syntax-not-supported' // 0xC122
  | 'other';

export interface StoredInstance {
  sopClassUid?: string;
  sopInstanceUid?: string;
  /** Where the stored instance is retrieved from, when the server says. */
  retrieveUrl?: string;
  /** A Warning Reason (0008,1196), e.g. 0xB000 "coercion of data elements": stored, but not exactly as sent. */
  warningReason?: number;
}

export interface FailedInstance {
  /** Known when the server could read the part far enough to name the instance. */
  sopClassUid?: string;
  sopInstanceUid?: string;
  /** The Failure Reason as sent, when sent. */
  failureReason?: number;
  kind: StoreFailureKind;
  /** The failure in words. */
  message: string;
}

export interface StoreInstancesResult {
  /** The HTTP status: 200 all stored, 202 some stored or stored with warnings, 409 none stored. */
  status: number;
  /** The study's RetrieveURL when every instance stored belongs to one study. */
  retrieveUrl?: string;
  stored: StoredInstance[];
  failed: FailedInstance[];
  /** The server's Warning header texts (DICOM JSON has no place for a reason in words). */
  warnings: string[];
}

/** What a Failure Reason code means, by PS3.4 Annex B's code and the ranges it reserves. */
export function storeFailureKindOf(code: number | undefined): StoreFailureKind {
  if (code === undefined) return 'other';
  if (code === reasons.processingFailure) return 'processing-failure';
  if (code === reasons.duplicateSopInstance) return 'duplicate';
  if (code === reasons.sopClassNotSupported) return 'sop-class-not-supported';
  if (code === reasons.notAuthorized) return 'not-authorized';
  if (code === reasons.transferSyntaxNotSupported) return 'transfer-syntax-not-supported';
  if ((code & 0xff00) === reasons.outOfResources) return 'out-of-resources';
  if ((code & 0xff00) === reasons.doesNotMatch) return 'does-not-match';
  if ((code & 0xf000) === reasons.cannotUnderstand) return 'cannot-understand';
  return 'other';
}

const failureWords: Record<StoreFailureKind, string> = {
  'processing-failure': 'the server failed while storing it',
  duplicate: 'an instance with this SOP Instance UID is stored already',
  'sop-class-not-supported': 'the server does not store this kind of instance (SOP class)',
  'not-authorized': 'not allowed to store it',
  'out-of-resources': 'the server is out of resources (too large, or out of space)',
  'does-not-match': 'the instance does not match its SOP class or the study it was sent to',
  'cannot-understand': 'the server cannot read it as a DICOM instance',
  'transfer-syntax-not-supported': 'the server does not take its transfer syntax',
  other: 'not stored',
};

const hex = (code: number) => `0x${code.toString(16).toUpperCase().padStart(4, '0')}`;

/** The typed outcomes of a Store Instances response dataset. */
export function storeInstancesResultOf(dataset: DicomJsonDataset, status: number, warnings: string[] = []): StoreInstancesResult {
  const items = (keyword: 'ReferencedSOPSequence' | 'FailedSOPSequence') =>
    valuesOf(dataset, keyword).filter((item): item is DicomJsonDataset => typeof item === 'object' && item !== null);
  const stored = items('ReferencedSOPSequence').map((item) => ({
    sopClassUid: stringOf(item, 'ReferencedSOPClassUID'),
    sopInstanceUid: stringOf(item, 'ReferencedSOPInstanceUID'),
    retrieveUrl: stringOf(item, 'RetrieveURL'),
    warningReason: numberOf(item, 'WarningReason'),
  }));
  const failed = items('FailedSOPSequence').map((item) => {
    const failureReason = numberOf(item, 'FailureReason');
    const kind = storeFailureKindOf(failureReason);
    const code = failureReason === undefined ? '' : ` (${hex(failureReason)})`;
    return {
      sopClassUid: stringOf(item, 'ReferencedSOPClassUID'),
      sopInstanceUid: stringOf(item, 'ReferencedSOPInstanceUID'),
      failureReason,
      kind,
      message: `${failureWords[kind]}${code}`,
    };
  });
  return { status, retrieveUrl: stringOf(dataset, 'RetrieveURL'), stored, failed, warnings };
}

/**
 * The texts of a Warning header (RFC 7234 5.5: `299 <agent> "<text>"`, several joined by commas); servers that leave
 * the text unquoted are read too.
 */
export function warningTexts(header: string | null): string[] {
  if (!header) return [];
  return header
    .split(/,\s*(?=\d{3}\s)/)
    .map((warning) => warning.replace(/^\d{3}\s+\S+\s+/, '').trim().replace(/^"(.*)"$/, '$1'))
    .filter(Boolean);
}
