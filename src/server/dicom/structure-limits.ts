// A walk over a data set's element headers, before dicom-parser builds anything: refuses sequences nested too deep
// and too many items in time proportional to the elements seen, stopping at the first limit passed. A million
// empty items is 8 MB on the wire and seconds of parsing and a gigabyte of objects once parsed; this walk stops at
// the limit and allocates nothing. It does not judge anything else: whatever it cannot follow (a length past the
// end, an odd tag) is left to the parser, which reports it.
import { dictionaryVrOf } from './dictionary.js';

export interface StructureLimits {
  maxSequenceDepth: number;
  maxItems: number;
}

export type StructureEncoding = { explicitVr: boolean; littleEndian: boolean };

/** A limit passed, with what was found. */
export class StructureLimitError extends Error {
  override name = 'StructureLimitError';
}

const item = 0xfffee000;
const itemDelimiter = 0xfffee00d;
const sequenceDelimiter = 0xfffee0dd;
const undefinedLength = 0xffffffff;
/** Explicit VRs with a 32-bit length after two reserved bytes (PS3.5 7.1.2). */
const longLengthVrs = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

class Walker {
  items = 0;
  constructor(
    readonly bytes: Uint8Array,
    readonly view: DataView,
    readonly encoding: StructureEncoding,
    readonly limits: StructureLimits,
  ) {}

  u16(at: number): number {
    return this.view.getUint16(at, this.encoding.littleEndian);
  }
  u32(at: number): number {
    return this.view.getUint32(at, this.encoding.littleEndian);
  }
  tag(at: number): number {
    return ((this.u16(at) << 16) | this.u16(at + 2)) >>> 0;
  }

  /** Elements from `at` to `end` (or to an item delimiter); answers where it stopped. */
  elements(at: number, end: number, depth: number): number {
    const size = this.bytes.length;
    while (at + 8 <= end && at + 8 <= size) {
      const tag = this.tag(at);
      if (tag === itemDelimiter || tag === sequenceDelimiter) return at + 8;
      let length: number;
      let header: number;
      let vr: string | undefined;
      if (this.encoding.explicitVr && tag >>> 16 !== 0xfffe) {
        vr = String.fromCharCode(this.bytes[at + 4]!, this.bytes[at + 5]!);
        if (longLengthVrs.has(vr)) {
          if (at + 12 > size) return size;
          length = this.u32(at + 8);
          header = 12;
        } else {
          length = this.u16(at + 6);
          header = 8;
        }
      } else {
        length = this.u32(at + 4);
        header = 8;
        vr = dictionaryVrOf(tag.toString(16).padStart(8, '0').toUpperCase());
      }
      const valueStart = at + header;
      const isSequence =
        vr === 'SQ' ||
        length === undefinedLength ||
        // Implicit VR private elements: a sequence when its value starts with an item, as dicom-parser decides.
        (!this.encoding.explicitVr && vr === undefined && length >= 8 && valueStart + 4 <= size && this.tag(valueStart) === item);
      if (!isSequence) {
        at = valueStart + length;
        continue;
      }
      at = this.items_(valueStart, length === undefinedLength ? size : Math.min(size, valueStart + length), depth + 1, tag === 0x7fe00010);
    }
    return at;
  }

  /** The items of a sequence (or the fragments of encapsulated pixel data); answers where it ended. */
  items_(at: number, end: number, depth: number, fragments: boolean): number {
    if (!fragments && depth > this.limits.maxSequenceDepth) {
      throw new StructureLimitError(`sequences are nested more than ${this.limits.maxSequenceDepth} deep (the limit max-sequence-depth)`);
    }
    while (at + 8 <= end) {
      const tag = this.tag(at);
      if (tag === sequenceDelimiter) return at + 8;
      if (tag !== item) return end;
      this.items += 1;
      if (this.items > this.limits.maxItems) {
        throw new StructureLimitError(`the data set holds more than ${this.limits.maxItems} sequence items and pixel data fragments (the limit max-items)`);
      }
      const length = this.u32(at + 4);
      const start = at + 8;
      if (fragments) {
        if (length === undefinedLength) return end;
        at = start + length;
      } else if (length === undefinedLength) {
        at = this.elements(start, end, depth);
      } else {
        this.elements(start, Math.min(end, start + length), depth);
        at = start + length;
      }
    }
    return at;
  }
}

/** Walks the data set of `bytes` from `start`; throws StructureLimitError when a limit is passed. */
export function checkStructureLimits(bytes: Uint8Array, start: number, encoding: StructureEncoding, limits: StructureLimits): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  new Walker(bytes, view, encoding, limits).elements(start, bytes.length, 0);
}
