// A synthetic archive of small images for scale benchmarks: many patients, each with a study or two of a few series.
// Every instance is one template of its modality with fixed-width fields overwritten, so 100,000 instances cost
// milliseconds to make rather than the minute dcmjs would take, and the same study number always gives the same bytes.
// Pure, with no Node import.
import { uidFor } from './uid.js';

export type ArchiveModality = 'CT' | 'MR' | 'CR' | 'DX';

/** Rows and columns of every archive image (16-bit, MONOCHROME2): the index, not the pixels, is what scale tests load. */
export const archiveImageSize = 32;

interface Profile {
  modality: ArchiveModality;
  sopClassUid: string;
  /** Relative frequency among studies. */
  weight: number;
  series: readonly [min: number, max: number];
  instancesPerSeries: readonly [min: number, max: number];
  studyDescriptions: readonly string[];
  seriesDescriptions: readonly string[];
  /** Cross-sectional: the image plane attributes and a frame of reference. */
  volume: boolean;
}

/**
 * The mix of a general hospital archive, kept small per study: projection radiography is most of the studies,
 * CT and MR most of the images (≈ 50 instances a study on average, so 100,000 instances are ≈ 2,000 studies).
 */
const profiles: readonly Profile[] = [
  {
    modality: 'CR',
    sopClassUid: '1.2.840.10008.5.1.4.1.1.1',
    weight: 35,
    series: [1, 2],
    instancesPerSeries: [1, 2],
    studyDescriptions: ['XR CHEST PA AND LATERAL', 'XR KNEE 2 VIEWS', 'XR HAND 3 VIEWS', 'XR LUMBAR SPINE'],
    seriesDescriptions: ['PA', 'LATERAL', 'AP', 'OBLIQUE'],
    volume: false,
  },
  {
    modality: 'DX',
    sopClassUid: '1.2.840.10008.5.1.4.1.1.1.1',
    weight: 15,
    series: [1, 1],
    instancesPerSeries: [1, 3],
    studyDescriptions: ['XR CHEST PORTABLE', 'XR ABDOMEN SUPINE', 'XR PELVIS AP'],
    seriesDescriptions: ['AP PORTABLE', 'SUPINE'],
    volume: false,
  },
  {
    modality: 'CT',
    sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
    weight: 30,
    series: [2, 4],
    instancesPerSeries: [10, 60],
    studyDescriptions: ['CT HEAD WO CONTRAST', 'CT CHEST W CONTRAST', 'CT ABDOMEN PELVIS W CONTRAST', 'CT ANGIO CHEST'],
    seriesDescriptions: ['AXIAL 5MM', 'AXIAL 1.25MM', 'CORONAL MPR', 'SAGITTAL MPR'],
    volume: true,
  },
  {
    modality: 'MR',
    sopClassUid: '1.2.840.10008.5.1.4.1.1.4',
    weight: 20,
    series: [3, 6],
    instancesPerSeries: [10, 30],
    studyDescriptions: ['MR BRAIN WO CONTRAST', 'MR KNEE WO CONTRAST', 'MR LUMBAR SPINE WO CONTRAST'],
    seriesDescriptions: ['SAG T1', 'AX T2', 'AX FLAIR', 'COR PD FS', 'AX DWI', 'SAG T2'],
    volume: true,
  },
];
const totalWeight = profiles.reduce((sum, profile) => sum + profile.weight, 0);

/** Family names, several origins; each starts with its own five letters, so a prefix search finds one family. */
export const familyNames = [
  'ABERNATHY', 'ACKERMANN', 'ADEYEMI', 'AGUILAR', 'ALVARADO', 'ANDERSSON', 'BACKSTROM', 'BALDWIN', 'BARTOLINI', 'BECKER',
  'BENNETT', 'BERGSTROM', 'BLACKWOOD', 'BOUCHARD', 'BRANDT', 'CALDERON', 'CAMPBELL', 'CARVALHO', 'CHANDRA', 'CHOWDHURY',
  'CLEMENTS', 'CONSTANTIN', 'DAVIDSON', 'DESCHAMPS', 'DIMITROV', 'DOMINGUEZ', 'DUBROVSKY', 'EDWARDS', 'ESPINOZA',
  'FAIRBANKS', 'FERREIRA', 'FITZGERALD', 'FONTAINE', 'GALLAGHER', 'GARRISON', 'GONZALES', 'GRABOWSKI', 'GUERRERO',
  'HALVORSEN', 'HARRINGTON', 'HASHIMOTO', 'HENDERSON', 'HOFFMANN', 'HUTCHINSON', 'IBRAHIM', 'INGRAM', 'JABLONSKI',
  'JOHANSSON', 'KAMINSKI', 'KAWASAKI', 'KOWALCZYK', 'KRISTIANSEN', 'LACHANCE', 'LANDGRAF', 'LEHMANN', 'LINDQVIST',
  'LOMBARDI', 'MACKENZIE', 'MALDONADO', 'MARTINEZ', 'MATSUMOTO', 'MCALLISTER', 'MENDOZA', 'MORIARTY', 'NAKAMURA',
  'NASCIMENTO', 'NAVARRO', 'NIEMINEN', 'NOVAKOVA', 'OKONKWO', 'OLIVEIRA', 'OSTROWSKI', 'PALMIERI', 'PETERSEN',
  'PFEIFFER', 'PRZYBYLSKI', 'QUINTERO', 'RADCLIFFE', 'RAMIREZ', 'RICHTER', 'ROBINSON', 'RODRIGUES', 'SALAZAR',
  'SCHNEIDER', 'SCHWARTZ', 'SILVERMAN', 'SORENSEN', 'STEPHENSON', 'SUZUKI', 'TAKAHASHI', 'THOMPSON', 'TORRES',
  'UNDERWOOD', 'VALENTINE', 'VASQUEZ', 'VILLANUEVA', 'WAKEFIELD', 'WASHINGTON', 'WEINBERG', 'WILLIAMS', 'YAMAMOTO',
  'ZIMMERMANN',
] as const;
const givenNames = [
  'ADA', 'ALAN', 'AMARA', 'ANDREA', 'BEATRIZ', 'CARLOS', 'CHIDI', 'DANIELA', 'DAVID', 'ELENA', 'EMIL', 'FATIMA',
  'FELIX', 'GRETA', 'HANNA', 'HIROSHI', 'IMANI', 'IVAN', 'JOANNA', 'JONAS', 'KAREN', 'KENJI', 'LAURA', 'LUCAS',
  'MARIA', 'MARTIN', 'NADIA', 'NOAH', 'OLGA', 'OSCAR', 'PRIYA', 'RAFAEL', 'ROSA', 'SAMUEL', 'SOFIA', 'THOMAS',
  'ULLA', 'VIKTOR', 'WEI', 'YUKI',
] as const;

/** Study dates run over these ten years, one day in 3,653. */
const firstStudyDay = Date.UTC(2015, 0, 1);
const studyDays = 3653;

/** A 32-bit hash of integers (murmur3's finaliser on a running mix): the archive's only source of variety. */
function hash(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const value of values) {
    h = Math.imul(h ^ value, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** An integer in [min, max] chosen by hash. */
const between = (h: number, [min, max]: readonly [number, number]) => min + (h % (max - min + 1));
const dicomDate = (time: number) => new Date(time).toISOString().slice(0, 10).replace(/-/g, '');

/**
 * The root of every archive UID: "2.25." and the first 24 digits of a name's UUID-derived integer (still an integer
 * below 2^128, so still a 2.25 UID), short enough that an instance UID with three counters stays under 64 characters.
 */
const archiveRoot = uidFor('dicom-lightbox benchmark archive').slice(0, 5 + 24);
/** Counters in UIDs are offset so they have a fixed number of digits and no leading zero (PS3.5 9.1). */
const studyOffset = 10_000_000;
const seriesOffset = 100;
const instanceOffset = 100_000;

export interface ArchiveSeries {
  seriesInstanceUid: string;
  frameOfReferenceUid: string;
  seriesNumber: number;
  seriesDescription: string;
  instanceCount: number;
}

export interface ArchiveStudy {
  studyNumber: number;
  studyInstanceUid: string;
  modality: ArchiveModality;
  patientNumber: number;
  patientId: string;
  /** `FAMILY^GIVEN^M`. */
  patientName: string;
  patientBirthDate: string;
  patientSex: 'F' | 'M';
  studyDate: string;
  studyTime: string;
  accessionNumber: string;
  studyId: string;
  studyDescription: string;
  series: ArchiveSeries[];
}

export interface ArchiveStudyOptions {
  /** The kind of study, overriding the hash's choice. */
  modality?: ArchiveModality;
  /** Instances of each series, overriding the profile's (e.g. `[1000]` for one 1,000-instance series). */
  seriesSizes?: readonly number[];
}

/** Every study number up to this fits the fixed-width fields (UID counter, accession number, study ID). */
export const maximumStudyNumber = 89_999_999;

/**
 * Study number `n` of the archive, decided by hashes of `n` alone. Patients have one or two studies: studies
 * 3k and 3k+1 belong to patient 2k, study 3k+2 to patient 2k+1.
 */
export function archiveStudy(studyNumber: number, options: ArchiveStudyOptions = {}): ArchiveStudy {
  if (!Number.isInteger(studyNumber) || studyNumber < 0 || studyNumber > maximumStudyNumber) {
    throw new RangeError(`a study number is an integer from 0 to ${maximumStudyNumber}, not ${studyNumber}`);
  }
  let pick = hash(studyNumber, 1) % totalWeight;
  const profile = profiles.find((candidate) => (options.modality ? candidate.modality === options.modality : (pick -= candidate.weight) < 0))!;
  const patientNumber = Math.floor((studyNumber * 2) / 3);
  const family = familyNames[hash(patientNumber, 2) % familyNames.length]!;
  const given = givenNames[hash(patientNumber, 3) % givenNames.length]!;
  const initial = String.fromCharCode(65 + (hash(patientNumber, 4) % 26));
  const birthDay = firstStudyDay - (1 + (hash(patientNumber, 5) % 32_000)) * 86_400_000;
  const studyDay = firstStudyDay + (hash(studyNumber, 6) % studyDays) * 86_400_000;
  const minuteOfDay = 7 * 60 + (hash(studyNumber, 7) % (12 * 60));
  const studyTime = `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}${String(minuteOfDay % 60).padStart(2, '0')}00`;
  const studyUid = `${archiveRoot}.1.${studyOffset + studyNumber}`;
  const sizes = options.seriesSizes ?? Array.from({ length: between(hash(studyNumber, 8), profile.series) }, (_, k) => between(hash(studyNumber, 9, k), profile.instancesPerSeries));
  if (sizes.some((size) => !Number.isInteger(size) || size < 1 || size >= 900_000) || sizes.length > 899) {
    throw new RangeError('series sizes are whole numbers from 1 to 899,999, at most 899 series');
  }
  return {
    studyNumber,
    studyInstanceUid: studyUid,
    modality: profile.modality,
    patientNumber,
    patientId: `LB${String(patientNumber).padStart(8, '0')}`,
    patientName: `${family}^${given}^${initial}`,
    patientBirthDate: dicomDate(birthDay),
    patientSex: hash(patientNumber, 10) % 2 ? 'F' : 'M',
    studyDate: dicomDate(studyDay),
    studyTime,
    accessionNumber: `A${studyOffset + studyNumber}`,
    studyId: String(studyNumber % 100_000),
    studyDescription: profile.studyDescriptions[hash(studyNumber, 11) % profile.studyDescriptions.length]!,
    series: sizes.map((instanceCount, k) => ({
      seriesInstanceUid: `${studyUid}.${seriesOffset + k}`,
      frameOfReferenceUid: `${archiveRoot}.2.${studyOffset + studyNumber}.${seriesOffset + k}`,
      seriesNumber: k + 1,
      seriesDescription: profile.seriesDescriptions[(hash(studyNumber, 12) + k) % profile.seriesDescriptions.length]!,
      instanceCount,
    })),
  };
}

/** The SOP Instance UID of instance `index` (0-based) of a series. */
export function archiveSopInstanceUid(series: ArchiveSeries, index: number): string {
  return `${series.seriesInstanceUid}.${instanceOffset + index}`;
}

// ---- The templates: one explicit VR little endian file per modality, with the offset and width of every field that varies.

type Field =
  | 'MediaStorageSOPInstanceUID'
  | 'SOPInstanceUID'
  | 'StudyDate'
  | 'SeriesDate'
  | 'ContentDate'
  | 'StudyTime'
  | 'SeriesTime'
  | 'ContentTime'
  | 'AccessionNumber'
  | 'StudyDescription'
  | 'SeriesDescription'
  | 'PatientName'
  | 'PatientID'
  | 'PatientBirthDate'
  | 'PatientSex'
  | 'StudyInstanceUID'
  | 'SeriesInstanceUID'
  | 'StudyID'
  | 'SeriesNumber'
  | 'InstanceNumber'
  | 'ImagePositionPatient'
  | 'FrameOfReferenceUID'
  | 'SliceLocation';

/** One element to encode: tag as group and element, VR, and either text (padded to even length) or bytes. */
interface Element {
  tag: readonly [group: number, element: number];
  vr: string;
  value: string | Uint8Array;
  /** Set when the value varies per instance: the text is this wide (before the even-length pad). */
  field?: Field;
  width?: number;
}

interface Template {
  bytes: Uint8Array;
  fields: Map<Field, { offset: number; length: number; pad: number }>;
  pixelOffset: number;
}

const longLengthVrs = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const explicitVrLittleEndian = '1.2.840.10008.1.2.1';
const implementationClassUid = uidFor('dicom-lightbox implementation');

/** Little-endian explicit VR encoding of elements (sorted by the caller), recording where each field's value lies. */
function encode(elements: readonly Element[], at: number, fields: Template['fields']): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let offset = at;
  for (const { tag, vr, value, field } of elements) {
    const pad = vr === 'UI' || vr === 'OB' ? 0 : 0x20;
    let body = typeof value === 'string' ? new TextEncoder().encode(value) : value;
    if (body.length % 2) body = Uint8Array.from([...body, pad]);
    const long = longLengthVrs.has(vr);
    const header = new Uint8Array(long ? 12 : 8);
    const view = new DataView(header.buffer);
    view.setUint16(0, tag[0], true);
    view.setUint16(2, tag[1], true);
    header[4] = vr.charCodeAt(0);
    header[5] = vr.charCodeAt(1);
    if (long) view.setUint32(8, body.length, true);
    else view.setUint16(6, body.length, true);
    if (field) fields.set(field, { offset: offset + header.length, length: body.length, pad });
    chunks.push(header, body);
    offset += header.length + body.length;
  }
  return chunks;
}

const templates = new Map<ArchiveModality, Template>();

/** Text as wide as a field's widest value: the template's bytes there are overwritten for every instance. */
const placeholder = (width: number) => 'X'.repeat(width);

function templateOf(profile: Profile): Template {
  const cached = templates.get(profile.modality);
  if (cached) return cached;
  const uidWidth = archiveSopInstanceUid(archiveStudy(0).series[0]!, 0).length;
  const studyUidWidth = archiveStudy(0).studyInstanceUid.length;
  const seriesUidWidth = archiveStudy(0).series[0]!.seriesInstanceUid.length;
  const frameOfReferenceWidth = archiveStudy(0).series[0]!.frameOfReferenceUid.length;
  const variable = (tag: Element['tag'], vr: string, field: Field, width: number): Element => ({ tag, vr, field, width, value: placeholder(width) });
  const fixed = (tag: Element['tag'], vr: string, value: string | Uint8Array): Element => ({ tag, vr, value });
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('the archive templates need a little-endian host');
  const pixels = new Uint16Array(archiveImageSize * archiveImageSize);
  // A soft disc on a dark background, so a viewer shows something; the first pixels are overwritten per instance.
  for (let y = 0; y < archiveImageSize; y++) {
    for (let x = 0; x < archiveImageSize; x++) {
      const r = Math.hypot(x - archiveImageSize / 2, y - archiveImageSize / 2);
      pixels[y * archiveImageSize + x] = r < archiveImageSize / 3 ? 1500 - Math.round(r * 20) : 100;
    }
  }
  const dataset: Element[] = [
    fixed([0x0008, 0x0008], 'CS', profile.volume ? 'ORIGINAL\\PRIMARY\\AXIAL' : 'ORIGINAL\\PRIMARY'),
    fixed([0x0008, 0x0016], 'UI', profile.sopClassUid),
    variable([0x0008, 0x0018], 'UI', 'SOPInstanceUID', uidWidth),
    variable([0x0008, 0x0020], 'DA', 'StudyDate', 8),
    variable([0x0008, 0x0021], 'DA', 'SeriesDate', 8),
    variable([0x0008, 0x0023], 'DA', 'ContentDate', 8),
    variable([0x0008, 0x0030], 'TM', 'StudyTime', 6),
    variable([0x0008, 0x0031], 'TM', 'SeriesTime', 6),
    variable([0x0008, 0x0033], 'TM', 'ContentTime', 6),
    variable([0x0008, 0x0050], 'SH', 'AccessionNumber', 9),
    fixed([0x0008, 0x0060], 'CS', profile.modality),
    fixed([0x0008, 0x0070], 'LO', 'dicom-lightbox'),
    fixed([0x0008, 0x0090], 'PN', 'REFERRER^ARCHIVE'),
    variable([0x0008, 0x1030], 'LO', 'StudyDescription', 32),
    variable([0x0008, 0x103e], 'LO', 'SeriesDescription', 32),
    fixed([0x0008, 0x1090], 'LO', 'Synthetic archive'),
    variable([0x0010, 0x0010], 'PN', 'PatientName', 40),
    variable([0x0010, 0x0020], 'LO', 'PatientID', 10),
    variable([0x0010, 0x0030], 'DA', 'PatientBirthDate', 8),
    variable([0x0010, 0x0040], 'CS', 'PatientSex', 1),
    ...(profile.volume ? [fixed([0x0018, 0x0050], 'DS', '5')] : [fixed([0x0018, 0x0015], 'CS', 'CHEST')]),
    ...(profile.modality === 'CT' ? [fixed([0x0018, 0x0060], 'DS', '120')] : []),
    ...(profile.volume ? [] : [fixed([0x0018, 0x5101], 'CS', 'PA')]),
    variable([0x0020, 0x000d], 'UI', 'StudyInstanceUID', studyUidWidth),
    variable([0x0020, 0x000e], 'UI', 'SeriesInstanceUID', seriesUidWidth),
    variable([0x0020, 0x0010], 'SH', 'StudyID', 5),
    variable([0x0020, 0x0011], 'IS', 'SeriesNumber', 3),
    variable([0x0020, 0x0013], 'IS', 'InstanceNumber', 6),
    ...(profile.volume
      ? [
          variable([0x0020, 0x0032], 'DS', 'ImagePositionPatient', 24),
          fixed([0x0020, 0x0037], 'DS', '1\\0\\0\\0\\1\\0'),
          variable([0x0020, 0x0052], 'UI', 'FrameOfReferenceUID', frameOfReferenceWidth),
          fixed([0x0020, 0x1040], 'LO', ''),
          variable([0x0020, 0x1041], 'DS', 'SliceLocation', 10),
        ]
      : [fixed([0x0020, 0x0020], 'CS', 'L\\F')]),
    fixed([0x0028, 0x0002], 'US', new Uint8Array([1, 0])),
    fixed([0x0028, 0x0004], 'CS', 'MONOCHROME2'),
    fixed([0x0028, 0x0010], 'US', new Uint8Array([archiveImageSize, 0])),
    fixed([0x0028, 0x0011], 'US', new Uint8Array([archiveImageSize, 0])),
    fixed([0x0028, 0x0030], 'DS', '0.5\\0.5'),
    fixed([0x0028, 0x0100], 'US', new Uint8Array([16, 0])),
    fixed([0x0028, 0x0101], 'US', new Uint8Array([12, 0])),
    fixed([0x0028, 0x0102], 'US', new Uint8Array([11, 0])),
    fixed([0x0028, 0x0103], 'US', new Uint8Array([0, 0])),
    fixed([0x0028, 0x1050], 'DS', '800'),
    fixed([0x0028, 0x1051], 'DS', '1600'),
    ...(profile.modality === 'CT' ? [fixed([0x0028, 0x1052], 'DS', '-1024'), fixed([0x0028, 0x1053], 'DS', '1'), fixed([0x0028, 0x1054], 'LO', 'HU')] : []),
    fixed([0x7fe0, 0x0010], 'OW', new Uint8Array(pixels.buffer)),
  ];
  const fields: Template['fields'] = new Map();
  // File meta: its group length counts the elements after it, whose lengths never change.
  const metaElements = (length: number) =>
    encode(
      [
        fixed([0x0002, 0x0000], 'UL', new Uint8Array(new Uint32Array([length]).buffer)),
        fixed([0x0002, 0x0001], 'OB', new Uint8Array([0, 1])),
        fixed([0x0002, 0x0002], 'UI', profile.sopClassUid),
        variable([0x0002, 0x0003], 'UI', 'MediaStorageSOPInstanceUID', uidWidth),
        fixed([0x0002, 0x0010], 'UI', explicitVrLittleEndian),
        fixed([0x0002, 0x0012], 'UI', implementationClassUid),
        fixed([0x0002, 0x0013], 'SH', 'DICOM_LIGHTBOX_1'),
      ],
      132,
      fields,
    );
  const metaLength = metaElements(0).slice(2).reduce((sum, chunk) => sum + chunk.length, 0);
  const meta = metaElements(metaLength);
  const metaBytes = meta.reduce((sum, chunk) => sum + chunk.length, 0);
  const body = encode(dataset, 132 + metaBytes, fields);
  const chunks = [new Uint8Array(128), new TextEncoder().encode('DICM'), ...meta, ...body];
  const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  const template = { bytes, fields, pixelOffset: bytes.length - pixels.byteLength };
  templates.set(profile.modality, template);
  return template;
}

const encoder = new TextEncoder();

function patch(bytes: Uint8Array, template: Template, field: Field, value: string): void {
  const place = template.fields.get(field);
  if (!place) return;
  const { written } = encoder.encodeInto(value, bytes.subarray(place.offset, place.offset + place.length));
  if (written !== value.length || value.length > place.length) throw new RangeError(`${field} "${value}" is wider than its ${place.length} bytes`);
  bytes.fill(place.pad, place.offset + value.length, place.offset + place.length);
}

export interface ArchiveInstance {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  /** A Part 10 file (explicit VR little endian), a new buffer each time. */
  bytes: Uint8Array;
}

/** Every instance of one study, series by series in InstanceNumber order. */
export function* studyInstances(study: ArchiveStudy): Generator<ArchiveInstance> {
  const profile = profiles.find((candidate) => candidate.modality === study.modality)!;
  const template = templateOf(profile);
  for (const series of study.series) {
    const minutes = Number(study.studyTime.slice(2, 4)) + series.seriesNumber;
    const seriesTime = `${study.studyTime.slice(0, 2)}${String(minutes % 60).padStart(2, '0')}00`;
    for (let index = 0; index < series.instanceCount; index++) {
      const bytes = template.bytes.slice();
      const sopInstanceUid = archiveSopInstanceUid(series, index);
      patch(bytes, template, 'MediaStorageSOPInstanceUID', sopInstanceUid);
      patch(bytes, template, 'SOPInstanceUID', sopInstanceUid);
      for (const field of ['StudyDate', 'SeriesDate', 'ContentDate'] as const) patch(bytes, template, field, study.studyDate);
      patch(bytes, template, 'StudyTime', study.studyTime);
      patch(bytes, template, 'SeriesTime', seriesTime);
      patch(bytes, template, 'ContentTime', seriesTime);
      patch(bytes, template, 'AccessionNumber', study.accessionNumber);
      patch(bytes, template, 'StudyDescription', study.studyDescription);
      patch(bytes, template, 'SeriesDescription', series.seriesDescription);
      patch(bytes, template, 'PatientName', study.patientName);
      patch(bytes, template, 'PatientID', study.patientId);
      patch(bytes, template, 'PatientBirthDate', study.patientBirthDate);
      patch(bytes, template, 'PatientSex', study.patientSex);
      patch(bytes, template, 'StudyInstanceUID', study.studyInstanceUid);
      patch(bytes, template, 'SeriesInstanceUID', series.seriesInstanceUid);
      patch(bytes, template, 'FrameOfReferenceUID', series.frameOfReferenceUid);
      patch(bytes, template, 'StudyID', study.studyId);
      patch(bytes, template, 'SeriesNumber', String(series.seriesNumber));
      patch(bytes, template, 'InstanceNumber', String(index + 1));
      // Slices 5 mm apart along z; fixed-point text so the width never changes.
      const z = (-index * 5).toFixed(1);
      patch(bytes, template, 'ImagePositionPatient', `-8.0\\-8.0\\${z}`);
      patch(bytes, template, 'SliceLocation', z);
      // Each file's pixels differ, as real images do: study, series and instance number in the first pixels,
      // 12 bits a pixel (BitsStored).
      const pixels = new DataView(bytes.buffer, bytes.byteOffset + template.pixelOffset, 12);
      const marks = [study.studyNumber, study.studyNumber >>> 12, study.studyNumber >>> 24, series.seriesNumber, index + 1, (index + 1) >>> 12];
      marks.forEach((mark, at) => pixels.setUint16(at * 2, mark & 0xfff, true));
      yield { studyInstanceUid: study.studyInstanceUid, seriesInstanceUid: series.seriesInstanceUid, sopInstanceUid, bytes };
    }
  }
}

export interface ArchiveOptions {
  /** The first study number (default 0): disjoint ranges give disjoint batches (every UID derives from it). */
  firstStudy?: number;
  /** How many instances; the last study is cut short to make the count. */
  instances: number;
}

/** The studies `archiveInstances(options)` stores from (the last may be cut short), in order. */
export function* archiveStudies(options: ArchiveOptions): Generator<ArchiveStudy> {
  let remaining = options.instances;
  for (let studyNumber = options.firstStudy ?? 0; remaining > 0; studyNumber++) {
    const study = archiveStudy(studyNumber);
    yield study;
    remaining -= study.series.reduce((sum, series) => sum + series.instanceCount, 0);
  }
}

/** `instances` instances of consecutive studies from `firstStudy` on, generated as they are consumed. */
export function* archiveInstances(options: ArchiveOptions): Generator<ArchiveInstance> {
  let remaining = options.instances;
  for (const study of archiveStudies(options)) {
    for (const instance of studyInstances(study)) {
      if (remaining-- === 0) return;
      yield instance;
    }
  }
}
