// Names and dates as people read them live in src/dicom (shared with the server); the data layer offers them too.
export { personNameForDisplay } from '../dicom/person-name.js';
export { dateForDisplay, timeForDisplay, dateTimeForDisplay, dateFromIso, daValueOf } from '../dicom/date-time.js';
