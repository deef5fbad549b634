// The studies a restricted token sees: those it names, and every stored study of the patients it names.
import { tagOf, vrOf } from '../../dicom/tags.js';
import type { Store } from '../store/store.js';
import type { AccessRestriction } from './principal.js';

/** More studies than one patient list can plausibly have; a search needs a limit. */
const studyLimit = 1_000_000;

export async function visibleStudiesOf(restriction: AccessRestriction, store: Store): Promise<ReadonlySet<string>> {
  const studies = new Set(restriction.studyInstanceUids);
  if (restriction.patientIds.length > 0) {
    // Exact matching ('uids' compares whole values): a Patient ID holding * or ? is not a wildcard here.
    const matches = await store.search({
      level: 'study',
      conditions: [{ level: 'study', tag: tagOf('PatientID'), vr: vrOf('PatientID'), match: { kind: 'uids', values: [...restriction.patientIds] } }],
      limit: studyLimit,
      offset: 0,
    });
    for (const match of matches) {
      const uid = match.studyAttributes[tagOf('StudyInstanceUID')]?.Value?.[0];
      if (typeof uid === 'string') studies.add(uid);
    }
  }
  return studies;
}
