// The DICOMweb data layer, usable alone (`dicom-lightbox/dicomweb`): no DOM, no Cornerstone.
export {
  DicomwebSource,
  type BackendCapabilities,
  type DicomwebSourceOptions,
  type FrameRequestOptions,
  type Query,
  type QueryValue,
  type RequestOptions,
  type RetrievedFrame,
  type StoreInstancesOptions,
} from './source.js';
export {
  storeFailureKindOf,
  type FailedInstance,
  type StoreFailureKind,
  type StoredInstance,
  type StoreInstancesResult,
} from './store-response.js';
export { readMultipart, mediaTypeParameter, type MultipartPart } from './multipart.js';
export {
  createBoundary,
  multipartBody,
  multipartBytes,
  multipartFraming,
  multipartLength,
  multipartRelatedContentType,
  type MultipartWritePart,
} from './multipart-writer.js';
export { DicomwebError, englishMessageOf, type DicomwebFailureKind, type DicomwebErrorCode, type DicomwebErrorCause, type DicomwebErrorParams, type DicomwebRequest } from './errors.js';
export { tags, tagOf, vrOf, keywordOf, type TagKeyword } from './tags.js';
export {
  valuesOf,
  stringOf,
  numberOf,
  numbersOf,
  setValues,
  type DicomJsonDataset,
  type DicomJsonElement,
  type PersonNameValue,
} from './dicom-json.js';
export { studyQuery, dateRange, studyListFields, type StudyFilters } from './study-query.js';
export { firstImageSeries, imageSeriesInOrder } from './series-choice.js';
export { personNameForDisplay, dateForDisplay, timeForDisplay, dateTimeForDisplay, dateFromIso, daValueOf } from './display.js';
export { transferSyntaxOf, isLossySyntax, type TransferSyntax } from '../dicom/transfer-syntax.js';
export { dicomwebPath, dicomwebUrl, type DicomwebResource, type DicomwebService } from '../dicom/dicomweb-path.js';
