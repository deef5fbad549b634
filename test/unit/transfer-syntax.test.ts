import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codecNameOf, codecOf, isEncapsulatedSyntax, isLossySyntax, transferSyntaxes, transferSyntaxOf, transferSyntaxUids } from '../../src/dicom/transfer-syntax.js';

test('the native syntaxes and how their datasets are encoded', () => {
  const implicit = transferSyntaxOf('1.2.840.10008.1.2')!;
  assert.equal(implicit.explicitVr, false);
  assert.equal(implicit.encapsulated, false);
  const bigEndian = transferSyntaxOf(transferSyntaxUids.explicitVrBigEndian)!;
  assert.deepEqual([bigEndian.bigEndian, bigEndian.retired, bigEndian.encapsulated], [true, true, false]);
  assert.equal(transferSyntaxOf(transferSyntaxUids.deflatedExplicitVrLittleEndian)!.deflated, true);
  assert.equal(transferSyntaxOf(transferSyntaxUids.encapsulatedUncompressed)!.encapsulated, true);
});

test('lossy syntaxes, JPEG XL and HTJ2K included', () => {
  const lossy = ['.4.50', '.4.51', '.4.81', '.4.91', '.4.93', '.4.111', '.4.112', '.4.203', '.4.100', '.4.102.1', '.4.107', '.4.108'];
  const lossless = ['', '.1', '.2', '.4.57', '.4.70', '.4.80', '.4.90', '.4.92', '.4.110', '.4.201', '.4.202', '.5'];
  for (const tail of lossy) assert.equal(isLossySyntax(`1.2.840.10008.1.2${tail}`), true, tail);
  for (const tail of lossless) assert.equal(isLossySyntax(`1.2.840.10008.1.2${tail}`), false, tail);
  assert.equal(isLossySyntax(undefined), false);
  assert.equal(isLossySyntax('1.2.3.4.5'), false, 'an unknown syntax is not assumed lossy');
});

test('video syntaxes are marked as video with their media types', () => {
  assert.equal(transferSyntaxOf('1.2.840.10008.1.2.4.100')!.mediaType, 'video/mpeg');
  assert.equal(transferSyntaxOf('1.2.840.10008.1.2.4.108')!.mediaType, 'video/mp4');
  assert.ok(transferSyntaxes.filter((entry) => entry.video).every((entry) => entry.lossy && entry.encapsulated));
  assert.equal(transferSyntaxOf(transferSyntaxUids.htj2k)!.video, false);
});

test('frame media types follow PS3.18 Table 8.7.3-5', () => {
  assert.equal(transferSyntaxOf(transferSyntaxUids.jpegLsLossless)!.mediaType, 'image/jls');
  assert.equal(transferSyntaxOf(transferSyntaxUids.htj2kLossless)!.mediaType, 'image/jphc');
  assert.equal(transferSyntaxOf(transferSyntaxUids.jpegXlLossless)!.mediaType, 'image/jxl');
  assert.equal(transferSyntaxOf(transferSyntaxUids.rleLossless)!.mediaType, 'image/dicom-rle');
  assert.equal(transferSyntaxOf(transferSyntaxUids.explicitVrLittleEndian)!.mediaType, 'application/octet-stream');
});

test('an unknown syntax counts as encapsulated; UIDs padded with NUL or space are found', () => {
  assert.equal(isEncapsulatedSyntax('1.2.3.4.5'), true);
  assert.equal(isEncapsulatedSyntax(transferSyntaxUids.explicitVrLittleEndian), false);
  assert.equal(transferSyntaxOf('1.2.840.10008.1.2.4.50\0')?.uid, '1.2.840.10008.1.2.4.50');
  assert.equal(transferSyntaxOf('1.2.840.10008.1.2.4.50 ')?.uid, '1.2.840.10008.1.2.4.50');
});

test('each UID appears once', () => {
  assert.equal(new Set(transferSyntaxes.map((entry) => entry.uid)).size, transferSyntaxes.length);
});

test('each compressed syntax names its codestream family, the decode path and its messages read it from here', () => {
  const families: Record<string, string | undefined> = {
    '1.2.840.10008.1.2.1': undefined,
    '1.2.840.10008.1.2.1.98': undefined,
    '1.2.840.10008.1.2.4.50': 'jpeg',
    '1.2.840.10008.1.2.4.51': 'jpeg',
    '1.2.840.10008.1.2.4.57': 'jpeg-lossless',
    '1.2.840.10008.1.2.4.70': 'jpeg-lossless',
    '1.2.840.10008.1.2.4.80': 'jpeg-ls',
    '1.2.840.10008.1.2.4.81': 'jpeg-ls',
    '1.2.840.10008.1.2.4.90': 'jpeg-2000',
    '1.2.840.10008.1.2.4.93': 'jpeg-2000',
    '1.2.840.10008.1.2.4.201': 'htj2k',
    '1.2.840.10008.1.2.4.203': 'htj2k',
    '1.2.840.10008.1.2.4.112': 'jpeg-xl',
    '1.2.840.10008.1.2.5': 'rle',
    '1.2.840.10008.1.2.4.100.1': 'mpeg2',
    '1.2.840.10008.1.2.4.105': 'h264',
    '1.2.840.10008.1.2.4.108': 'hevc',
    '1.2.3.4': undefined,
  };
  for (const [uid, family] of Object.entries(families)) assert.equal(codecOf(uid), family, uid);
  // The pre-standard HTJ2K UID reads as HTJ2K, yet is no syntax of the table (the server neither stores nor offers it).
  assert.equal(codecOf('3.2.840.10008.1.2.4.96\0'), 'htj2k');
  assert.equal(transferSyntaxOf('3.2.840.10008.1.2.4.96'), undefined);
  assert.equal(codecNameOf('1.2.840.10008.1.2.4.80'), 'JPEG-LS');
  assert.equal(codecNameOf('1.2.840.10008.1.2.4.57'), 'JPEG lossless');
  assert.equal(codecNameOf('1.2.840.10008.1.2.1'), undefined);
  assert.ok(transferSyntaxes.filter((entry) => entry.encapsulated && entry.uid !== transferSyntaxUids.encapsulatedUncompressed).every((entry) => entry.codec), 'every compressed syntax has its codec');
});
