// The audit trail's record of one access (after DICOM PS3.15 A.5, the audit message of RFC 3881 with DICOM's codes)
// and where it is kept: an interface, so a database table can replace the file.

/** The events of PS3.15 A.5.3 (2025 numbering) this server records, with their DCM codes. */
export const auditEvents = {
  /** A.5.3.6: instances read, or some of a study's deleted (action D). */
  instancesAccessed: { code: '110103', name: 'DICOM Instances Accessed' },
  /** A.5.3.7: instances received (STOW-RS: action C). */
  instancesTransferred: { code: '110104', name: 'DICOM Instances Transferred' },
  /** A.5.3.8: a whole study deleted (action D), which A.5.3.6 sends here rather than to Instances Accessed. */
  studyDeleted: { code: '110105', name: 'DICOM Study Deleted' },
  /** A.5.3.10: a search (QIDO-RS). */
  query: { code: '110112', name: 'Query' },
  /** A.5.3.11: a change to who may reach what (share links created and revoked), with a type code of CID 403. */
  securityAlert: { code: '110113', name: 'Security Alert' },
} as const;

/** Event Type Codes (PS3.16 CID 403, Security Alert Type) of the Security Alerts this server records. */
export const auditEventTypes = {
  /** Who may read an object changed: a share link to a study was created or revoked. */
  objectSecurityAttributesChanged: { code: '110135', name: 'Object Security Attributes Changed' },
} as const;

/** An audit event's identity: its Event ID, the Event Type Code where the event has one, and the Event Action Code. */
export interface AuditEventId {
  code: string;
  name: string;
  type?: { code: string; name: string };
  action: AuditAction;
}

/** Event Action Code (PS3.15 A.5.1): Create, Read, Update, Delete, Execute. */
export type AuditAction = 'C' | 'R' | 'U' | 'D' | 'E';

/** Event Outcome Indicator (PS3.15 A.5.1): success, minor failure (refused, may be retried), serious failure. */
export type AuditOutcome = 0 | 4 | 8 | 12;

/** The study, series, instance and patient an access is about, as far as the request names them. */
export interface AuditedObject {
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
  patientId?: string;
  /**
   * A share link the event changed (Participant Object Detail): its id, never its token, and what became of it. Who
   * used a link is the Active Participant `share:<id>` of each request made with it.
   */
  shareLink?: { id: string; change: 'created' | 'revoked'; expiresAt?: string };
}

export interface AuditEvent {
  /** Event Date/Time, ISO 8601 UTC. */
  time: string;
  event: AuditEventId;
  outcome: { indicator: AuditOutcome; status: number; reason?: string };
  /**
   * Active Participant: the token's name (null without authentication, or when the token was refused) and the
   * Network Access Point; `refused`: whom a refused token named, when this server could tell (an expired or revoked
   * share link, by id).
   */
  who: { user: string | null; address: string; refused?: string };
  /** Participant Objects. */
  what: AuditedObject[];
  /** The request as received: method and path with query (a search's query is what was searched for). */
  request: { method: string; url: string };
}

export interface AuditLog {
  /** Records an event; entries keep the order of calls. */
  append(event: AuditEvent): Promise<void>;
  close(): Promise<void>;
}
