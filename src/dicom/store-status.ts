// Status codes of storing an instance (PS3.4 Annex B.2.3, used by STOW-RS in PS3.18 10.5.3): the Failure Reason
// (0008,1197) and Warning Reason (0008,1196) values a Store Instances response carries, for the server that
// writes them and the client that reads them.

export const storeFailureReasons = {
  processingFailure: 0x0110,
  duplicateSopInstance: 0x0111,
  sopClassNotSupported: 0x0122,
  notAuthorized: 0x0124,
  outOfResources: 0xa700,
  doesNotMatch: 0xa900,
  cannotUnderstand: 0xc000,
  transferSyntaxNotSupported: 0xc122,
} as const;

export const storeWarningReasons = {
  coercionOfDataElements: 0xb000,
  dataSetDoesNotMatchSopClass: 0xb007,
  elementsDiscarded: 0xb006,
} as const;
