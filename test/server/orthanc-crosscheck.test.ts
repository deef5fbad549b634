// The same generated studies in our server and in Orthanc: QIDO result sets, metadata values and frame bytes
// compared. Every difference must be a known one, and each known one names the side PS3.18 backs.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseMultipart } from '@remix-run/multipart-parser/node';
import { generateSampleInstances } from '../../src/sample-data/generate.js';
import { sampleStudy, secondStudy, sopInstanceUidOf } from '../../src/sample-data/phantom.js';
import { openFileStore, type DicomStore } from '../../src/server/store/store.js';
import { orthancUnavailable, startOrthanc, type RunningOrthanc } from '../support/orthanc.js';
import { variantFixtureFiles, writeVariantFixtures, type TransferSyntaxFixture } from '../support/variant-fixtures.js';
import { startListeningServer, type ListeningServer } from '../support/listening-server.js';
import { multiFrame, writeMultiFrameFiles, type MultiFrameFiles } from './fixtures.js';

type Dataset = Record<string, { vr: string; Value?: unknown[] }>;
const skip = orthancUnavailable();
const ctSeries = sampleStudy.series[0];
const mrSeries = sampleStudy.series[1];

let dir: string;
let store: DicomStore;
let server: ListeningServer | undefined;
let ours: string;
let orthanc: RunningOrthanc | undefined;
let theirs: string;
let files: MultiFrameFiles;
let variants: TransferSyntaxFixture[];

/**
 * Variant images in the syntaxes whose decoding is compared (Orthanc decodes with DCMTK), plus JPEG 2000, which
 * Orthanc 1.10 cannot decode.
 */
const decodedVariants = [
  'mono2-u16/jpeg-lossless',
  'mono2-s16/jpeg-lossless',
  'rgb/jpeg-lossless-sv1',
  'mono2-u16/jpeg-ls-near-lossless',
  'mono2-u8/jpeg-baseline',
  'rgb/jpeg-baseline',
  'mono2-u12/jpeg-extended',
  'ybr-full/rle',
  'multiframe-u16/deflated',
  'ybr-full-422/explicit-le',
  'mono2-u16/jpeg2000-lossless',
];

before(async () => {
  if (skip) return;
  dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-crosscheck-'));
  files = await writeMultiFrameFiles(dir);
  const instances = [...generateSampleInstances({ ctSlices: 4 })].map((instance) => instance.bytes);
  for (const path of Object.values(files)) instances.push(new Uint8Array(await readFile(path)));
  const variantsDir = join(dir, 'variants');
  variants = (await writeVariantFixtures(variantsDir)).fixtures.filter((fixture) => decodedVariants.includes(fixture.name));
  for (const fixture of variants) instances.push(new Uint8Array(await readFile(variantFixtureFiles(variantsDir, fixture).file)));
  store = await openFileStore(join(dir, 'store'));
  for (const bytes of instances) await store.ingest(bytes);
  server = await startListeningServer({ store }, { dir });
  ours = server.root;
  orthanc = await startOrthanc();
  theirs = orthanc.dicomwebRoot;
  await orthanc.store(instances);
});

after(async () => {
  await orthanc?.stop();
  if (server) await server.close();
  else if (dir) await rm(dir, { recursive: true, force: true });
});

/** What a difference is, and which side PS3.18 (or PS3.4, PS3.5) backs. */
interface KnownDifference {
  ours: string;
  orthanc: string;
  backed: 'ours' | 'Orthanc' | 'both conform';
  why: string;
}

async function json(url: string): Promise<{ status: number; body: Dataset[] }> {
  const response = await fetch(url, { headers: { Accept: 'application/dicom+json' } });
  const text = await response.text();
  return { status: response.status, body: response.ok && text ? (JSON.parse(text) as Dataset[]) : [] };
}

const first = (dataset: Dataset, tag: string) => dataset[tag]?.Value?.[0];

describe('Orthanc cross-check', { skip }, () => {
  const queries: Array<{ path: string; key: string; known?: KnownDifference }> = [
    { path: '/studies', key: '0020000D' },
    { path: '/studies?PatientName=light*', key: '0020000D' },
    { path: '/studies?PatientName=LIGHTBOX^PHANTOM', key: '0020000D' },
    { path: '/studies?PatientID=LB-0001', key: '0020000D' },
    { path: '/studies?StudyDate=20260101-20260131', key: '0020000D' },
    { path: '/studies?StudyDate=-20251231', key: '0020000D' },
    {
      path: '/studies?StudyTime=0900-1000',
      key: '0020000D',
      known: {
        ours: 'the sample study (09:30) and the variant study (StudyTime 100000)',
        orthanc: 'the sample study only',
        backed: 'ours',
        why: 'PS3.4 C.2.2.2.5.1: a range up to "1000" includes 10:00:00; Orthanc leaves 100000 out',
      },
    },
    { path: '/studies?ModalitiesInStudy=MR', key: '0020000D' },
    { path: '/studies?AccessionNumber=LBACC000?', key: '0020000D' },
    { path: `/studies?StudyInstanceUID=${sampleStudy.studyInstanceUid},${secondStudy.studyInstanceUid}`, key: '0020000D' },
    { path: '/series', key: '0020000E' },
    { path: '/series?Modality=CT', key: '0020000E' },
    { path: '/series?SeriesDescription=*sagittal', key: '0020000E' },
    { path: `/studies/${sampleStudy.studyInstanceUid}/series`, key: '0020000E' },
    { path: `/studies/${sampleStudy.studyInstanceUid}/series?SeriesNumber=${mrSeries.seriesNumber}`, key: '0020000E' },
    { path: `/studies/${sampleStudy.studyInstanceUid}/series/${ctSeries.seriesInstanceUid}/instances`, key: '00080018' },
    { path: `/studies/${sampleStudy.studyInstanceUid}/series/${mrSeries.seriesInstanceUid}/instances?InstanceNumber=2`, key: '00080018' },
    { path: `/studies/${sampleStudy.studyInstanceUid}/instances?Modality=OT`, key: '00080018' },
    { path: `/instances?SOPInstanceUID=${sopInstanceUidOf(ctSeries.seriesInstanceUid, 2)}`, key: '00080018' },
    { path: '/studies?PatientName=nobody', key: '0020000D' },
  ];

  test('QIDO result sets agree for a table of queries', async (t) => {
    const differences: string[] = [];
    for (const query of queries) {
      const [a, b] = await Promise.all([json(`${ours}${query.path}`), json(`${theirs}${query.path}`)]);
      const setOf = (results: Dataset[]) => results.map((result) => String(first(result, query.key))).sort();
      const outcome = (result: { status: number; body: Dataset[] }) => `${result.status} ${JSON.stringify(setOf(result.body))}`;
      if (outcome(a) !== outcome(b)) {
        differences.push(query.path);
        assert.ok(query.known, `${query.path}: ours ${outcome(a)}, Orthanc ${outcome(b)}`);
        t.diagnostic(`${query.path}: ${query.known.why} (the standard backs ${query.known.backed})`);
      }
    }
    t.diagnostic(`${queries.length} queries, ${differences.length} known differences`);
  });

  test('study-level derived attributes agree', async () => {
    const fields = 'includefield=NumberOfStudyRelatedSeries&includefield=NumberOfStudyRelatedInstances';
    const [a, b] = await Promise.all([json(`${ours}/studies?${fields}`), json(`${theirs}/studies?${fields}`)]);
    const summary = (results: Dataset[]) =>
      results
        .map((result) => [first(result, '0020000D'), Number(first(result, '00201206')), Number(first(result, '00201208')), result['00080061']?.Value?.slice().sort()])
        .sort((x, y) => String(x[0]).localeCompare(String(y[0])));
    assert.deepEqual(summary(a.body), summary(b.body));
  });

  test('series metadata: key attributes of every instance agree', async () => {
    const keys = ['00080016', '00080018', '00080060', '00100010', '00100020', '00200013', '00200032', '00200037', '00280010', '00280011', '00280030', '00280100', '00281050', '00281051', '00281052', '00281053'];
    // DS and IS values: Orthanc may write them as strings or numbers; compare as numbers.
    const normal = (value: unknown): unknown => (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value);
    for (const series of [ctSeries, mrSeries]) {
      const path = `/studies/${sampleStudy.studyInstanceUid}/series/${series.seriesInstanceUid}/metadata`;
      const [a, b] = await Promise.all([json(`${ours}${path}`), json(`${theirs}${path}`)]);
      assert.equal(a.body.length, b.body.length);
      const bySop = new Map(b.body.map((instance) => [String(first(instance, '00080018')), instance]));
      for (const instance of a.body) {
        const other = bySop.get(String(first(instance, '00080018')))!;
        for (const key of keys) {
          assert.deepEqual(instance[key]?.Value?.map(normal), other[key]?.Value?.map(normal), `${key} of ${first(instance, '00080018')}`);
        }
        assert.ok(instance['7FE00010']?.hasOwnProperty('BulkDataURI') && other['7FE00010']?.hasOwnProperty('BulkDataURI'), 'PixelData as BulkDataURI on both');
      }
    }
  });

  /** Each frame's bytes and the part Content-Type, or the status when not 200. */
  async function frames(root: string, sop: string, series: string, frameList: string, accept: string, study = sampleStudy.studyInstanceUid) {
    const response = await fetch(`${root}/studies/${study}/series/${series}/instances/${sop}/frames/${frameList}`, { headers: { Accept: accept } });
    if (response.status !== 200) return { status: response.status, parts: [] as Array<{ type: string; bytes: Buffer }> };
    const boundary = /boundary="?([^";]+)"?/.exec(response.headers.get('content-type') ?? '')![1]!;
    const body = Buffer.from(await response.arrayBuffer());
    const parts = [...parseMultipart(body, { boundary, maxFileSize: 1 << 30 })].map((part) => ({ type: part.headers['content-type'] ?? '', bytes: Buffer.from(part.bytes) }));
    return { status: 200, parts };
  }

  const anySyntax = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';
  const explicitLittleEndian = 'multipart/related; type="application/octet-stream"; transfer-syntax=1.2.840.10008.1.2.1';
  const jpegLsAsStored = 'multipart/related; type="image/jls"; transfer-syntax=*';
  const jpegLs = 'multipart/related; type="image/jls"; transfer-syntax=1.2.840.10008.1.2.4.80';

  const frameCases: Array<{ name: string; sop: () => string; series: string; frameList: string; accept: string; known?: KnownDifference }> = [
    { name: 'CT slice, explicit LE, default syntax', sop: () => sopInstanceUidOf(ctSeries.seriesInstanceUid, 2), series: ctSeries.seriesInstanceUid, frameList: '1', accept: explicitLittleEndian },
    { name: 'CT slice, explicit LE, any syntax', sop: () => sopInstanceUidOf(ctSeries.seriesInstanceUid, 2), series: ctSeries.seriesInstanceUid, frameList: '1', accept: anySyntax },
    { name: 'multi-frame native, frames 3,1', sop: () => multiFrame.sopInstanceUidOf('native'), series: multiFrame.seriesInstanceUid, frameList: '3,1', accept: explicitLittleEndian },
    { name: 'multi-frame implicit VR, frame 2', sop: () => multiFrame.sopInstanceUidOf('implicit'), series: multiFrame.seriesInstanceUid, frameList: '2', accept: explicitLittleEndian },
    { name: 'multi-frame big endian, frame 2, explicit LE', sop: () => multiFrame.sopInstanceUidOf('bigEndian'), series: multiFrame.seriesInstanceUid, frameList: '2', accept: explicitLittleEndian },
    {
      name: 'multi-frame big endian, frame 2, any syntax',
      sop: () => multiFrame.sopInstanceUidOf('bigEndian'),
      series: multiFrame.seriesInstanceUid,
      frameList: '2',
      accept: anySyntax,
      known: {
        ours: '200, the frame as explicit VR little endian',
        orthanc: '500',
        backed: 'ours',
        why: 'PS3.18 8.7.3.5: with transfer-syntax=* the server picks a syntax it can send; a 500 is never a conforming answer',
      },
    },
    { name: 'multi-frame JPEG-LS, frames 1,2,3, any syntax', sop: () => multiFrame.sopInstanceUidOf('jpegLs'), series: multiFrame.seriesInstanceUid, frameList: '1,2,3', accept: anySyntax },
    { name: 'multi-frame RLE, frames 2,3, any syntax', sop: () => multiFrame.sopInstanceUidOf('rle'), series: multiFrame.seriesInstanceUid, frameList: '2,3', accept: anySyntax },
    { name: 'multi-frame JPEG-LS, frame 2, image/jls', sop: () => multiFrame.sopInstanceUidOf('jpegLs'), series: multiFrame.seriesInstanceUid, frameList: '2', accept: jpegLs },
    {
      name: 'multi-frame JPEG-LS, frame 3, image/jls with transfer-syntax=*',
      sop: () => multiFrame.sopInstanceUidOf('jpegLs'),
      series: multiFrame.seriesInstanceUid,
      frameList: '3',
      accept: jpegLsAsStored,
      known: {
        ours: '200, the frame as stored',
        orthanc: '400',
        backed: 'ours',
        why: 'PS3.18 8.7.3.5.2 allows transfer-syntax=* with any media type ("any syntax the server has"); Orthanc accepts * only with application/octet-stream',
      },
    },
    // Compressed frames asked for uncompressed: both decode (ours with CharLS and our RLE decoder, Orthanc with DCMTK).
    { name: 'multi-frame JPEG-LS, frame 2, explicit LE', sop: () => multiFrame.sopInstanceUidOf('jpegLs'), series: multiFrame.seriesInstanceUid, frameList: '2', accept: explicitLittleEndian },
    { name: 'multi-frame RLE, frames 3,1, explicit LE', sop: () => multiFrame.sopInstanceUidOf('rle'), series: multiFrame.seriesInstanceUid, frameList: '3,1', accept: explicitLittleEndian },
  ];

  test('frame bytes agree for every transfer syntax of the fixtures', async (t) => {
    for (const frameCase of frameCases) {
      const [a, b] = await Promise.all([
        frames(ours, frameCase.sop(), frameCase.series, frameCase.frameList, frameCase.accept),
        frames(theirs, frameCase.sop(), frameCase.series, frameCase.frameList, frameCase.accept),
      ]);
      const same = a.status === b.status && a.parts.length === b.parts.length && a.parts.every((part, index) => part.bytes.equals(b.parts[index]!.bytes));
      if (frameCase.known) {
        assert.ok(!same, `${frameCase.name}: the known difference is gone; remove it from the table`);
        t.diagnostic(`${frameCase.name}: ours ${frameCase.known.ours}, Orthanc ${frameCase.known.orthanc}; the standard backs ${frameCase.known.backed}: ${frameCase.known.why}`);
        continue;
      }
      assert.equal(a.status, 200, `${frameCase.name}: ours answered ${a.status}`);
      assert.equal(b.status, 200, `${frameCase.name}: Orthanc answered ${b.status}`);
      assert.equal(a.parts.length, b.parts.length, frameCase.name);
      a.parts.forEach((part, index) => assert.ok(part.bytes.equals(b.parts[index]!.bytes), `${frameCase.name}: part ${index + 1} differs (${part.bytes.length} vs ${b.parts[index]!.bytes.length} bytes)`));
    }
  });

  /**
   * Lossy JPEG decoded by libjpeg-turbo (ours) and by DCMTK's IJG code (Orthanc) may differ by the rounding of the
   * two inverse DCTs; every other syntax decodes to the same bytes.
   */
  const lossyDecoderDifference = 2;
  const decodedKnown: Record<string, KnownDifference> = {
    'ybr-full-422/explicit-le': {
      ours: '200, the frame as stored (two bytes a pixel)',
      orthanc: '400 "Bad file format"',
      backed: 'ours',
      why: 'PS3.3 C.7.6.3.1.2: native YBR_FULL_422 keeps one Cb and Cr for each pair of pixels, so a frame is rows × columns × 2 bytes; Orthanc expects three samples a pixel',
    },
    'mono2-u16/jpeg2000-lossless': {
      ours: '200, decoded by OpenJPEG',
      orthanc: '500',
      backed: 'ours',
      why: 'PS3.18 8.7.3.5.2: a server that cannot decode answers 406; Orthanc 1.10 has no JPEG 2000 decoder and fails',
    },
  };

  test('compressed and deflated frames asked for uncompressed: the same samples as Orthanc decodes', async (t) => {
    assert.equal(variants.length, decodedVariants.length);
    for (const fixture of variants) {
      const frameList = fixture.variant.startsWith('multiframe') ? '1,2,3,4,5,6' : '1';
      const [a, b] = await Promise.all(
        [ours, theirs].map((root) => frames(root, fixture.sopInstanceUid, fixture.seriesInstanceUid, frameList, explicitLittleEndian, fixture.studyInstanceUid)),
      );
      const known = decodedKnown[fixture.name];
      if (known) {
        assert.ok(a!.status === 200 && b!.status !== 200, `${fixture.name}: the known difference is gone (ours ${a!.status}, Orthanc ${b!.status}); remove it`);
        t.diagnostic(`${fixture.name}: ours ${known.ours}, Orthanc ${known.orthanc}; the standard backs ${known.backed}: ${known.why}`);
        continue;
      }
      assert.equal(a!.status, 200, `${fixture.name}: ours answered ${a!.status}`);
      assert.equal(b!.status, 200, `${fixture.name}: Orthanc answered ${b!.status}`);
      assert.equal(a!.parts.length, b!.parts.length, fixture.name);
      for (const [index, part] of a!.parts.entries()) {
        const other = b!.parts[index]!.bytes;
        assert.equal(part.bytes.length, other.length, `${fixture.name} part ${index + 1}: ${part.bytes.length} vs ${other.length} bytes`);
        if (!fixture.lossy || fixture.syntax === 'jpeg-ls-near-lossless') {
          assert.ok(part.bytes.equals(other), `${fixture.name} part ${index + 1}: bytes differ`);
          continue;
        }
        const wide = fixture.variant !== 'mono2-u8' && fixture.variant !== 'rgb';
        let largest = 0;
        for (let at = 0; at < part.bytes.length; at += wide ? 2 : 1) {
          largest = Math.max(largest, Math.abs(wide ? part.bytes.readUInt16LE(at) - other.readUInt16LE(at) : part.bytes[at]! - other[at]!));
        }
        t.diagnostic(`${fixture.name}: largest sample difference from Orthanc's decoding ${largest}`);
        assert.ok(largest <= lossyDecoderDifference, `${fixture.name}: samples differ by up to ${largest} from Orthanc's`);
      }
    }
  });

  test('a STOW-RS of nothing storable: ours 409 naming the failure, Orthanc 400 (the standard backs ours)', async (t) => {
    const boundary = 'crosscheck-boundary';
    const body = `--${boundary}\r\nContent-Type: application/dicom\r\n\r\nnot a DICOM file\r\n--${boundary}--\r\n`;
    const post = (root: string) =>
      fetch(`${root}/studies`, { method: 'POST', headers: { 'Content-Type': `multipart/related; type="application/dicom"; boundary=${boundary}`, Accept: 'application/dicom+json' }, body });
    const [a, b] = await Promise.all([post(ours), post(theirs)]);
    assert.equal(a.status, 409);
    const failed = ((await a.json()) as Dataset)['00081198']?.Value as Dataset[];
    assert.equal(first(failed[0]!, '00081197'), 0xc000);
    assert.equal(b.status, 400);
    await b.arrayBuffer();
    t.diagnostic('PS3.18 10.5.3: 409 when no instance was stored, with a Failed SOP Sequence giving each Failure Reason; Orthanc answers 400 with an empty sequence');
  });

  test('thumbnails: ours answers, Orthanc 404 (the standard backs ours: /thumbnail is a PS3.18 resource)', async () => {
    const path = `/studies/${sampleStudy.studyInstanceUid}/series/${ctSeries.seriesInstanceUid}/thumbnail`;
    const [a, b] = await Promise.all([fetch(`${ours}${path}`), fetch(`${theirs}${path}`)]);
    assert.equal(a.status, 200);
    assert.equal(a.headers.get('content-type'), 'image/jpeg');
    assert.equal(b.status, 404);
    await Promise.all([a.arrayBuffer(), b.arrayBuffer()]);
  });
});
