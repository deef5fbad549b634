// Pure DICOM knowledge shared by the browser and the server: no DOM, no Node, no Cornerstone.
export { tags, tagOf, vrOf, keywordOf, type TagKeyword } from './tags.js';
export { personNameForDisplay } from './person-name.js';
export { isoDateOf, dateForDisplay, timeForDisplay, dateTimeForDisplay, dateFromIso, daValueOf, daValueDaysBefore } from './date-time.js';
export {
  transferSyntaxes,
  transferSyntaxUids,
  transferSyntaxOf,
  isLossySyntax,
  isEncapsulatedSyntax,
  codecOf,
  codecNameOf,
  type Codec,
  type TransferSyntax,
} from './transfer-syntax.js';
export { voiLutFunctions, defaultVoiLutFunction, isVoiLutFunction, voiLutFunctionNamed, type VoiLutFunction } from './voi-lut-function.js';
export { dicomwebPath, dicomwebUrl, type DicomwebResource, type DicomwebService } from './dicomweb-path.js';
export { storeFailureReasons, storeWarningReasons } from './store-status.js';
