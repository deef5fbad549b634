// The full DICOM data dictionary (from dcmjs) for what the project's own tag table does not name:
// VRs of implicit-VR files, and keywords a client may ask for in `includefield`.
import { createRequire } from 'node:module';

interface DictionaryEntry {
  tag: string;
  vr: string;
  name: string;
}

interface DicomMetaDictionary {
  dictionary: Record<string, DictionaryEntry | undefined>;
  nameMap: Record<string, DictionaryEntry | undefined>;
}

// dcmjs ships no type declarations; the two tables used here are typed above.
const require = createRequire(import.meta.url);
const { DicomMetaDictionary } = (require('dcmjs') as { data: { DicomMetaDictionary: DicomMetaDictionary } }).data;

/** `(GGGG,EEEE)` as dcmjs keys its dictionary, from eight hex digits. */
function dictionaryKey(tag: string): string {
  const upper = tag.toUpperCase();
  return `(${upper.slice(0, 4)},${upper.slice(4, 8)})`;
}

/**
 * The VR of a standard tag (eight hex digits), or undefined when the dictionary does not know it
 * (private tags). Dictionary VRs that depend on other attributes are resolved the way a reader
 * without that context must: "US or SS" as US, "OB or OW" and "US or OW" as OW.
 */
export function dictionaryVrOf(tag: string): string | undefined {
  const upper = tag.toUpperCase();
  if (upper.slice(4) === '0000') return 'UL'; // group length
  let entry = DicomMetaDictionary.dictionary[dictionaryKey(upper)];
  const group = Number.parseInt(upper.slice(0, 4), 16);
  // Repeating groups (overlays 60xx, curves 50xx) are listed once with "xx" in the dictionary.
  if (!entry && (group & 0xff01) >= 0x5000 && (group & 0xff01) <= 0x6000 && (group & 1) === 0) {
    entry = DicomMetaDictionary.dictionary[`(${upper.slice(0, 2)}xx,${upper.slice(4, 8)})`];
  }
  if (!entry) return undefined;
  switch (entry.vr) {
    case 'xs':
      return 'US';
    case 'ox':
    case 'lt':
      return 'OW';
    default:
      return /^[A-Z]{2}$/.test(entry.vr) ? entry.vr : undefined;
  }
}

/** The tag (eight upper-case hex digits) of a standard keyword, e.g. `PatientAge` → `00101010`. */
export function dictionaryTagOf(keyword: string): string | undefined {
  const entry = DicomMetaDictionary.nameMap[keyword];
  if (!entry || !/^\(([0-9A-F]{4}),([0-9A-F]{4})\)$/i.test(entry.tag)) return undefined;
  return (entry.tag.slice(1, 5) + entry.tag.slice(6, 10)).toUpperCase();
}

/** The keyword of a standard tag (eight hex digits), e.g. `00201200` → `NumberOfPatientRelatedStudies`. */
export function dictionaryKeywordOf(tag: string): string | undefined {
  return DicomMetaDictionary.dictionary[dictionaryKey(tag)]?.name;
}
