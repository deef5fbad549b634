// The QIDO-RS study search a study list asks for: filters in a person's words, turned into PS3.18 query keys.
import type { Query } from './source.js';

export interface StudyFilters {
  /** Patient name; `*` and `?` wildcards; a bare word matches names starting with it. */
  patientName?: string;
  patientId?: string;
  /** Inclusive dates, `YYYYMMDD`; either may be open. */
  studyDateFrom?: string;
  studyDateTo?: string;
  modality?: string;
  accessionNumber?: string;
  studyDescription?: string;
}

/** The attributes a study list shows beyond PS3.18's default study-level return keys. */
export const studyListFields = ['StudyDescription', 'PatientBirthDate'] as const;

/** A bare name without wildcards matches as a prefix, as people expect of a search box (PS3.4 C.2.2.2.4 wildcards). */
function asPrefix(value: string): string {
  return /[*?]/.test(value) ? value : `${value}*`;
}

/** The date range matching of PS3.4 C.2.2.2.5: `a-b`, `a-`, `-b` or a single date. */
export function dateRange(from?: string, to?: string): string | undefined {
  if (!from && !to) return undefined;
  if (from && to && from === to) return from;
  return `${from ?? ''}-${to ?? ''}`;
}

export function studyQuery(filters: StudyFilters, paging: { limit: number; offset: number }): Query {
  const text = (value?: string) => value?.trim() || undefined;
  const patientName = text(filters.patientName);
  const description = text(filters.studyDescription);
  return {
    PatientName: patientName && asPrefix(patientName),
    PatientID: text(filters.patientId),
    StudyDate: dateRange(text(filters.studyDateFrom), text(filters.studyDateTo)),
    ModalitiesInStudy: text(filters.modality),
    AccessionNumber: text(filters.accessionNumber),
    StudyDescription: description && (/[*?]/.test(description) ? description : `*${description}*`),
    includefield: [...studyListFields],
    limit: paging.limit,
    offset: paging.offset,
  };
}
