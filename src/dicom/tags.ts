// The one table of DICOM attributes the project names: keyword → tag (8 hex digits, as DICOM JSON keys them) and VR.
// Pure data (src/dicom): shared by the browser data layer, the server and the sample-data generator.

export const tags = {
  // File meta and SOP common
  TransferSyntaxUID: ['00020010', 'UI'],
  SpecificCharacterSet: ['00080005', 'CS'],
  ImageType: ['00080008', 'CS'],
  SOPClassUID: ['00080016', 'UI'],
  SOPInstanceUID: ['00080018', 'UI'],
  StudyDate: ['00080020', 'DA'],
  SeriesDate: ['00080021', 'DA'],
  ContentDate: ['00080023', 'DA'],
  StudyTime: ['00080030', 'TM'],
  SeriesTime: ['00080031', 'TM'],
  ContentTime: ['00080033', 'TM'],
  AccessionNumber: ['00080050', 'SH'],
  InstanceAvailability: ['00080056', 'CS'],
  Modality: ['00080060', 'CS'],
  ModalitiesInStudy: ['00080061', 'CS'],
  Manufacturer: ['00080070', 'LO'],
  ReferringPhysicianName: ['00080090', 'PN'],
  TimezoneOffsetFromUTC: ['00080201', 'SH'],
  RetrieveURL: ['00081190', 'UR'],
  StudyDescription: ['00081030', 'LO'],
  SeriesDescription: ['0008103E', 'LO'],
  ReferencedSOPSequence: ['00081199', 'SQ'],
  ReferencedSOPClassUID: ['00081150', 'UI'],
  ReferencedSOPInstanceUID: ['00081155', 'UI'],
  FailedSOPSequence: ['00081198', 'SQ'],
  FailureReason: ['00081197', 'US'],
  WarningReason: ['00081196', 'US'],
  RecommendedDisplayFrameRate: ['00082144', 'IS'],
  AvailableTransferSyntaxUID: ['00083002', 'UI'],
  LossyImageCompression: ['00282110', 'CS'],
  LossyImageCompressionRatio: ['00282112', 'DS'],
  LossyImageCompressionMethod: ['00282114', 'CS'],
  // Patient
  PatientName: ['00100010', 'PN'],
  PatientID: ['00100020', 'LO'],
  PatientBirthDate: ['00100030', 'DA'],
  PatientSex: ['00100040', 'CS'],
  // Acquisition
  BodyPartExamined: ['00180015', 'CS'],
  CineRate: ['00180040', 'IS'],
  SliceThickness: ['00180050', 'DS'],
  KVP: ['00180060', 'DS'],
  RepetitionTime: ['00180080', 'DS'],
  EchoTime: ['00180081', 'DS'],
  MagneticFieldStrength: ['00180087', 'DS'],
  SpacingBetweenSlices: ['00180088', 'DS'],
  FrameTime: ['00181063', 'DS'],
  ImagerPixelSpacing: ['00181164', 'DS'],
  EstimatedRadiographicMagnificationFactor: ['00181114', 'DS'],
  SequenceOfUltrasoundRegions: ['00186011', 'SQ'],
  RegionLocationMinX0: ['00186018', 'UL'],
  RegionLocationMinY0: ['0018601A', 'UL'],
  RegionLocationMaxX1: ['0018601C', 'UL'],
  RegionLocationMaxY1: ['0018601E', 'UL'],
  PhysicalUnitsXDirection: ['00186024', 'US'],
  PhysicalUnitsYDirection: ['00186026', 'US'],
  PhysicalDeltaX: ['0018602C', 'FD'],
  PhysicalDeltaY: ['0018602E', 'FD'],
  PatientPosition: ['00185100', 'CS'],
  // Relationship
  StudyInstanceUID: ['0020000D', 'UI'],
  SeriesInstanceUID: ['0020000E', 'UI'],
  StudyID: ['00200010', 'SH'],
  SeriesNumber: ['00200011', 'IS'],
  AcquisitionNumber: ['00200012', 'IS'],
  InstanceNumber: ['00200013', 'IS'],
  ImagePositionPatient: ['00200032', 'DS'],
  ImageOrientationPatient: ['00200037', 'DS'],
  FrameOfReferenceUID: ['00200052', 'UI'],
  PositionReferenceIndicator: ['00201040', 'LO'],
  SliceLocation: ['00201041', 'DS'],
  NumberOfStudyRelatedSeries: ['00201206', 'IS'],
  NumberOfStudyRelatedInstances: ['00201208', 'IS'],
  NumberOfSeriesRelatedInstances: ['00201209', 'IS'],
  // Image pixel
  SamplesPerPixel: ['00280002', 'US'],
  PhotometricInterpretation: ['00280004', 'CS'],
  PlanarConfiguration: ['00280006', 'US'],
  NumberOfFrames: ['00280008', 'IS'],
  Rows: ['00280010', 'US'],
  Columns: ['00280011', 'US'],
  PixelSpacing: ['00280030', 'DS'],
  BitsAllocated: ['00280100', 'US'],
  BitsStored: ['00280101', 'US'],
  HighBit: ['00280102', 'US'],
  PixelRepresentation: ['00280103', 'US'],
  WindowCenter: ['00281050', 'DS'],
  WindowWidth: ['00281051', 'DS'],
  RescaleIntercept: ['00281052', 'DS'],
  RescaleSlope: ['00281053', 'DS'],
  RescaleType: ['00281054', 'LO'],
  WindowCenterWidthExplanation: ['00281055', 'LO'],
  VOILUTFunction: ['00281056', 'CS'],
  RedPaletteColorLookupTableDescriptor: ['00281101', 'US'],
  RedPaletteColorLookupTableData: ['00281201', 'OW'],
  GreenPaletteColorLookupTableData: ['00281202', 'OW'],
  BluePaletteColorLookupTableData: ['00281203', 'OW'],
  // Structured reports
  ContentTemplateSequence: ['0040A504', 'SQ'],
  TemplateIdentifier: ['0040DB00', 'CS'],
  PixelData: ['7FE00010', 'OW'],
} as const satisfies Record<string, readonly [string, string]>;

export type TagKeyword = keyof typeof tags;

/** The tag of a keyword as DICOM JSON keys it: eight upper-case hex digits. */
export function tagOf(keyword: TagKeyword): string {
  return tags[keyword][0];
}

/** The value representation of a keyword. */
export function vrOf(keyword: TagKeyword): string {
  return tags[keyword][1];
}

const keywordByTag: ReadonlyMap<string, TagKeyword> = new Map(
  (Object.keys(tags) as TagKeyword[]).map((keyword) => [tags[keyword][0], keyword]),
);

/** The keyword of a tag in this table, for attributes given by tag (QIDO accepts both). */
export function keywordOf(tag: string): TagKeyword | undefined {
  return keywordByTag.get(tag.toUpperCase());
}
