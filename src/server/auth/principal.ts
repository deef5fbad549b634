// Who a request acts for once its credentials are checked, and what of the store it may see.
import type { Role } from './roles.js';

/**
 * Limits a token to some patients and studies: it sees a study when the study's UID is listed or its Patient ID
 * is. Absent on a token that sees everything.
 */
export interface AccessRestriction {
  patientIds: readonly string[];
  studyInstanceUids: readonly string[];
}

export interface Principal {
  /** The token's name from the configuration: what logs and the audit trail name, never the token itself. */
  name: string;
  roles: ReadonlySet<Role>;
  restriction?: AccessRestriction;
}
