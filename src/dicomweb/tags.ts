// The tag table lives in src/dicom (shared by browser and server); the data layer offers it under its own path too.
export { tags, tagOf, vrOf, keywordOf, type TagKeyword } from '../dicom/tags.js';
