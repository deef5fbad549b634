// What the decoder check (src/imaging/decoded-image-check.ts) found wrong with a frame, said in the reader's language
// from the finding's code and numbers. The codestream reader's own reason for a damaged frame stays as it wrote it.
import type { DecodeCheckFinding } from '../imaging/decoded-image-check.js';
import type { LocaleFormat } from './locale-format.js';
import type { Translate } from './localizer.js';

/**
 * The finding's sentence (the part after "could not be decoded:") in `t`'s language, numbers in `format`'s digits
 * (as JavaScript writes them without one: the same in English and German but for decimals).
 */
export function decodeCheckMessage(finding: DecodeCheckFinding, t: Translate, format?: LocaleFormat): string {
  const n = (value: number) => (format ? format.number(value, 6) : String(value));
  const samples = (count: number) => t(count === 1 ? 'decodeCheck.sampleAPixel' : 'decodeCheck.samplesAPixel', { count: n(count) });
  switch (finding.code) {
    case 'damaged':
      return t('decodeCheck.damaged', { reason: finding.reason });
    case 'codestream-size':
    case 'decoded-size': {
      const sizes = { columns: n(finding.columns), rows: n(finding.rows), headerColumns: n(finding.headerColumns), headerRows: n(finding.headerRows) };
      if (finding.code === 'codestream-size') return t('decodeCheck.codestreamSize', sizes);
      if (finding.targetColumns === undefined || finding.targetRows === undefined) return t('decodeCheck.decodedSize', sizes);
      return t('decodeCheck.decodedSizeForVolume', { ...sizes, targetColumns: n(finding.targetColumns), targetRows: n(finding.targetRows) });
    }
    case 'codestream-components':
      return t('decodeCheck.codestreamComponents', {
        components: t(finding.components === 1 ? 'decodeCheck.component' : 'decodeCheck.components', { count: n(finding.components) }),
        samples: samples(finding.samples),
      });
    case 'codestream-bits':
      return t('decodeCheck.codestreamBits', { bits: n(finding.bits), allocated: n(finding.allocated) });
    case 'decoded-colour':
      return t(finding.colour ? 'decodeCheck.decodedColour' : 'decodeCheck.decodedGrey', { photometric: finding.photometric });
    case 'decoded-length':
      return t('decodeCheck.decodedLength', { length: n(finding.length), columns: n(finding.columns), rows: n(finding.rows), samples: samples(finding.samples), expected: n(finding.expected) });
    case 'decoded-range':
      return t('decodeCheck.decodedRange', { min: n(finding.min), max: n(finding.max), bits: n(finding.bits), low: n(finding.low), high: n(finding.high) });
  }
}
