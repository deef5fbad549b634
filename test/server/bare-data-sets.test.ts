// Data sets without Part 10 header (no preamble, "DICM" or File Meta Information), as older systems write them:
// imported and sent by STOW-RS in implicit VR little endian, explicit VR little endian and explicit VR big endian
// (DCMTK's encodings of a variant image, stripped of their framing), then retrieved with dicomweb-client as Part 10
// files with a correct File Meta Information and the data set as sent.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import dicomParser from 'dicom-parser';
import { tagOf } from '../../src/dicomweb/tags.js';
import { uidFor } from '../../src/sample-data/uid.js';
import { variantInstance } from '../../src/sample-data/variant-instances.js';
import { variantByName, variantSeriesUid, variantSopInstanceUid, variantStudy } from '../../src/sample-data/variants.js';
import { implementationClassUid } from '../../src/server/dicom/file-meta-information.js';
import { transferSyntaxUids as transferSyntaxes } from '../../src/dicom/transfer-syntax.js';
import { ingestFolders, type FolderIngestReport } from '../../src/server/ingest-folder.js';
import { storeFailureReasons as failureReasons, storeWarningReasons as warningReasons } from '../../src/dicom/store-status.js';
import { openFileStore } from '../../src/server/store/store.js';
import { startListeningServer, type ListeningServer } from '../support/listening-server.js';
import { multipartBuffer, newBoundary, stowContentType } from './stow-helpers.js';

type Dataset = Record<string, { vr: string; Value?: unknown[] }>;
const items = (dataset: Dataset, keyword: 'ReferencedSOPSequence' | 'FailedSOPSequence') => (dataset[tagOf(keyword)]?.Value ?? []) as Dataset[];
const value = (dataset: Dataset | undefined, keyword: 'ReferencedSOPInstanceUID' | 'WarningReason' | 'FailureReason') => dataset?.[tagOf(keyword)]?.Value?.[0];

const encodings = [
  { name: 'implicit-le', dcmconv: '+ti', transferSyntaxUid: transferSyntaxes.implicitVrLittleEndian },
  { name: 'explicit-le', dcmconv: '+te', transferSyntaxUid: transferSyntaxes.explicitVrLittleEndian },
  { name: 'big-endian', dcmconv: '+tb', transferSyntaxUid: transferSyntaxes.explicitVrBigEndian },
] as const;
const variant = variantByName('mono2-u16');

interface BareInstance {
  /** `import/implicit-le`, `stow/big-endian`… */
  name: string;
  transferSyntaxUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  /** The Part 10 file DCMTK wrote. */
  part10: Buffer;
  /** That file without preamble, "DICM" and File Meta Information: what is imported or sent. */
  bare: Buffer;
}

let dir: string;
let server: ListeningServer;
let report: FolderIngestReport;
const imported: BareInstance[] = [];
const sent: BareInstance[] = [];

/** The offset of the data set in a Part 10 file: after the File Meta Information. */
function datasetOffset(part10: Uint8Array): number {
  return (dicomParser.readPart10Header(part10) as dicomParser.DataSet & { position: number }).position;
}

async function writeBareInstance(folder: string, route: 'import' | 'stow', encoding: (typeof encodings)[number]): Promise<BareInstance> {
  const syntaxName = `bare ${route} ${encoding.name}`;
  const source = join(folder, `${route}-${encoding.name}-source.dcm`);
  const output = join(folder, `${route}-${encoding.name}.dcm`);
  await writeFile(source, variantInstance(variant, syntaxName, 80));
  execFileSync('dcmconv', [encoding.dcmconv, source, output]);
  const part10 = await readFile(output);
  const meta = dicomParser.readPart10Header(part10);
  assert.equal(meta.string('x00020010'), encoding.transferSyntaxUid, 'DCMTK wrote the expected transfer syntax');
  return {
    name: `${route}/${encoding.name}`,
    transferSyntaxUid: encoding.transferSyntaxUid,
    seriesInstanceUid: variantSeriesUid(variant.name, syntaxName),
    sopInstanceUid: variantSopInstanceUid(variant.name, syntaxName),
    part10,
    bare: part10.subarray(datasetOffset(part10)),
  };
}

async function stow(parts: Uint8Array[]) {
  const boundary = newBoundary();
  const response = await fetch(`${server.root}/studies`, {
    method: 'POST',
    headers: { 'Content-Type': stowContentType(boundary), Accept: 'application/dicom+json' },
    body: await multipartBuffer(boundary, parts),
  });
  return { status: response.status, warning: response.headers.get('warning') ?? '', body: JSON.parse(await response.text()) as Dataset };
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-bare-data-sets-test-'));
  const sources = join(dir, 'sources');
  const input = join(dir, 'input');
  await mkdir(sources);
  await mkdir(input);
  for (const encoding of encodings) {
    const instance = await writeBareInstance(sources, 'import', encoding);
    imported.push(instance);
    await writeFile(join(input, `${encoding.name}.bare`), instance.bare);
    sent.push(await writeBareInstance(sources, 'stow', encoding));
  }
  await writeFile(join(input, 'notes.txt'), 'plain text, not DICOM with or without a Part 10 header'.padEnd(400, '.'));
  const store = await openFileStore(join(dir, 'store'));
  report = await ingestFolders(store, [input]);
  server = await startListeningServer({ store }, { dir });
});

after(() => server?.close());

/** Checks a retrieved instance: a Part 10 file whose File Meta Information describes it, and the data set as sent. */
function assertPart10WithMetaHeader(retrieved: ArrayBuffer, instance: BareInstance): void {
  const bytes = new Uint8Array(retrieved);
  assert.deepEqual(bytes.subarray(0, 128), new Uint8Array(128), `${instance.name}: a zero preamble`);
  assert.equal(Buffer.from(bytes.subarray(128, 132)).toString('latin1'), 'DICM', `${instance.name}: "DICM" after the preamble`);
  const meta = dicomParser.readPart10Header(bytes) as dicomParser.DataSet & { position: number };
  const metaValue = (tag: string) => meta.string(`x${tag}`);
  assert.equal(meta.uint32('x00020000'), meta.position - 144, `${instance.name}: the group length counts the elements after it`);
  const version = meta.elements.x00020001!;
  assert.equal(version.vr, 'OB');
  assert.deepEqual([...bytes.subarray(version.dataOffset, version.dataOffset + version.length)], [0x00, 0x01]);
  assert.equal(metaValue('00020002'), variantSopClassUid(instance), `${instance.name}: Media Storage SOP Class UID`);
  assert.equal(metaValue('00020003'), instance.sopInstanceUid, `${instance.name}: Media Storage SOP Instance UID`);
  assert.equal(metaValue('00020010'), instance.transferSyntaxUid, `${instance.name}: the detected transfer syntax`);
  assert.equal(metaValue('00020012'), implementationClassUid);
  assert.ok(metaValue('00020013'), 'an Implementation Version Name');
  // The data set is stored as sent, so its pixel data is too; the whole file reads as DCMTK's own.
  assert.deepEqual(bytes.subarray(meta.position), new Uint8Array(instance.bare), `${instance.name}: the data set as sent`);
  const pixelKey = `x${tagOf('PixelData').toLowerCase()}`;
  const pixels = dicomParser.parseDicom(bytes).elements[pixelKey]!;
  const expected = dicomParser.parseDicom(instance.part10).elements[pixelKey]!;
  assert.deepEqual(
    bytes.subarray(pixels.dataOffset, pixels.dataOffset + pixels.length),
    new Uint8Array(instance.part10.subarray(expected.dataOffset, expected.dataOffset + expected.length)),
    `${instance.name}: the same pixel data`,
  );
}

function variantSopClassUid(instance: BareInstance): string {
  return dicomParser.parseDicom(instance.part10).string(`x${tagOf('SOPClassUID').toLowerCase()}`)!;
}

/** dciodvfy's error and warning lines about a file (it reports File Meta Information faults as either), or undefined without dicom3tools. */
function dciodvfyFindings(file: string): string[] | undefined {
  try {
    execFileSync('which', ['dciodvfy'], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  let output: string;
  try {
    output = execFileSync('dciodvfy', [file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    // dciodvfy exits non-zero when it finds errors; what it found is on stderr as well as stdout.
    const failed = error as { stdout?: string; stderr?: string };
    output = `${failed.stdout ?? ''}${failed.stderr ?? ''}`;
  }
  return output.split('\n').filter((line) => /^(Error|Warning)/.test(line));
}

describe('data sets without Part 10 header', () => {
  test('the implementation class UID is the one the sample generator writes', () => {
    assert.equal(implementationClassUid, uidFor('dicom-lightbox implementation'));
  });

  test('import stores each encoding with a warning in the report, and skips what is not DICOM with a reason', () => {
    assert.equal(report.stored, encodings.length, JSON.stringify(report));
    assert.equal(report.failed.length, 0, JSON.stringify(report.failed));
    assert.deepEqual(report.changed.map(({ path }) => path.replace(/.*\//, '')).sort(), encodings.map(({ name }) => `${name}.bare`).sort());
    for (const { reason } of report.changed) assert.match(reason, /no Part 10 header/);
    assert.equal(report.skipped.length, 1);
    assert.match(report.skipped[0]!.path, /notes\.txt$/);
    assert.match(report.skipped[0]!.reason, /not a DICOM file/);
  });

  test('imported instances are retrieved as Part 10 files with a correct File Meta Information', async () => {
    for (const instance of imported) {
      const retrieved = await server.client.retrieveInstance({
        studyInstanceUID: variantStudy.studyInstanceUid,
        seriesInstanceUID: instance.seriesInstanceUid,
        sopInstanceUID: instance.sopInstanceUid,
      });
      assertPart10WithMetaHeader(retrieved, instance);
    }
  });

  test('STOW-RS stores each encoding with Warning Reason 0xB000 and a Warning header: 202', async () => {
    const result = await stow(sent.map(({ bare }) => new Uint8Array(bare)));
    assert.equal(result.status, 202);
    const referenced = items(result.body, 'ReferencedSOPSequence');
    assert.deepEqual(referenced.map((item) => value(item, 'ReferencedSOPInstanceUID')), sent.map(({ sopInstanceUid }) => sopInstanceUid));
    assert.deepEqual(referenced.map((item) => value(item, 'WarningReason')), sent.map(() => warningReasons.coercionOfDataElements));
    assert.equal(result.body[tagOf('FailedSOPSequence')], undefined);
    for (const instance of sent) assert.match(result.warning, new RegExp(`${instance.sopInstanceUid}: stored with a warning: .*no Part 10 header`));
    for (const instance of sent) {
      const retrieved = await server.client.retrieveInstance({
        studyInstanceUID: variantStudy.studyInstanceUid,
        seriesInstanceUID: instance.seriesInstanceUid,
        sopInstanceUID: instance.sopInstanceUid,
      });
      assertPart10WithMetaHeader(retrieved, instance);
    }
  });

  test('re-sending a bare data set is idempotent: the same header is written, and the instance is stored once', async () => {
    const result = await stow([new Uint8Array(sent[0]!.bare)]);
    assert.equal(result.status, 202);
    assert.equal(value(items(result.body, 'ReferencedSOPSequence')[0], 'WarningReason'), warningReasons.coercionOfDataElements);
    const found = await server.client.searchForInstances({ studyInstanceUID: variantStudy.studyInstanceUid, seriesInstanceUID: sent[0]!.seriesInstanceUid });
    assert.equal(found.length, 1);
  });

  test('STOW-RS refuses what is not DICOM with "cannot understand" and says why', async () => {
    const result = await stow([Buffer.from('{"00080016": {"vr": "UI"}}'.padEnd(200, ' '))]);
    assert.equal(result.status, 409);
    assert.equal(value(items(result.body, 'FailedSOPSequence')[0], 'FailureReason'), failureReasons.cannotUnderstand);
    assert.match(result.warning, /not a DICOM file: no Part 10 header .*first bytes: 7b 22 30 30/);
  });

  test('dciodvfy finds nothing wrong in the stored files that it does not find in DCMTK\'s own Part 10 files', async (context) => {
    const checked = join(dir, 'dciodvfy');
    await mkdir(checked, { recursive: true });
    for (const instance of [...imported, ...sent]) {
      const stored = join(checked, `${instance.name.replace('/', '-')}.dcm`);
      await writeFile(
        stored,
        new Uint8Array(
          await server.client.retrieveInstance({
            studyInstanceUID: variantStudy.studyInstanceUid,
            seriesInstanceUID: instance.seriesInstanceUid,
            sopInstanceUID: instance.sopInstanceUid,
          }),
        ),
      );
      const reference = join(checked, `${instance.name.replace('/', '-')}-dcmtk.dcm`);
      await writeFile(reference, instance.part10);
      const findings = dciodvfyFindings(stored);
      if (!findings) {
        context.skip('dciodvfy (Debian dicom3tools) is not installed');
        return;
      }
      assert.deepEqual(findings, dciodvfyFindings(reference), instance.name);
    }
  });
});
