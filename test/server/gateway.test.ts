// Gateway mode against a real Orthanc: same answers as Orthanc gives directly, but on our origin, with CORS,
// URLs in JSON pointing at the gateway, statuses and multipart headers passed through, STOW forwarded.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { after, before, describe, test } from 'node:test';
import { generateSampleInstances } from '../../src/sample-data/generate.js';
import { sampleStudy, sopInstanceUidOf } from '../../src/sample-data/phantom.js';
import { StreamingReplace } from '../../src/server/routes/gateway.js';
import { startListeningServer, type ListeningServer } from '../support/listening-server.js';
import { orthancUnavailable, startOrthanc, type RunningOrthanc } from '../support/orthanc.js';
import { multiFrame, writeMultiFrameFiles } from './fixtures.js';

type Dataset = Record<string, { vr: string; Value?: unknown[]; BulkDataURI?: string }>;
const skip = orthancUnavailable();
const ctSeries = sampleStudy.series[0];
const browserOrigin = 'http://127.0.0.1:9';

let dir: string;
let orthanc: RunningOrthanc | undefined;
let gateway: ListeningServer | undefined;
let root: string;

test('StreamingReplace rewrites matches however the body is cut into chunks', async () => {
  const text = 'x"http://a:1/dicom-web/studies/1"y"http://a:1/dicom-web"z http://a:1/dicom';
  const expected = text.replaceAll('http://a:1/dicom-web', 'http://gateway/dicom-web');
  for (let cut = 0; cut <= text.length; cut++) {
    const chunks = [Buffer.from(text.slice(0, cut)), Buffer.from(text.slice(cut))];
    const output = await buffer(Readable.from(chunks).pipe(new StreamingReplace('http://a:1/dicom-web', 'http://gateway/dicom-web')));
    assert.equal(output.toString(), expected, `cut at ${cut}`);
  }
});

describe('gateway to Orthanc', { skip }, () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-gateway-'));
    orthanc = await startOrthanc();
    const files = await writeMultiFrameFiles(dir);
    await orthanc.store([...[...generateSampleInstances({ ctSlices: 2 })].map((instance) => instance.bytes), files.native]);
    gateway = await startListeningServer({ upstream: orthanc.dicomwebRoot, cors: [browserOrigin] });
    root = gateway.root;
  });

  after(async () => {
    await gateway?.close();
    await orthanc?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('QIDO through the gateway answers what Orthanc answers, with URLs on the gateway', async () => {
    const client = gateway!.client;
    const studies = (await client.searchForStudies({ queryParams: { PatientName: 'light*' } })) as Dataset[];
    const direct = (await (await fetch(`${orthanc!.dicomwebRoot}/studies?PatientName=light*`)).json()) as Dataset[];
    assert.equal(studies.length, 1);
    assert.equal(studies[0]!['0020000D']!.Value![0], direct[0]!['0020000D']!.Value![0]);
    assert.equal(studies[0]!['00081190']!.Value![0], `${root}/studies/${sampleStudy.studyInstanceUid}`);
    assert.equal(direct[0]!['00081190']!.Value![0], `${orthanc!.dicomwebRoot}/studies/${sampleStudy.studyInstanceUid}`);
  });

  test('metadata BulkDataURIs point at the gateway and can be followed through it', async () => {
    const client = gateway!.client;
    const metadata = (await client.retrieveSeriesMetadata({ studyInstanceUID: sampleStudy.studyInstanceUid, seriesInstanceUID: ctSeries.seriesInstanceUid })) as Dataset[];
    const uri = metadata[0]!['7FE00010']!.BulkDataURI!;
    assert.ok(uri.startsWith(`${root}/`), uri);
    const response = await fetch(uri, { headers: { Accept: 'multipart/related; type="application/octet-stream"' } });
    assert.equal(response.status, 200);
    assert.ok((await response.arrayBuffer()).byteLength > 512 * 512 * 2);
  });

  test('frames: same bytes, the multipart Content-Type with its boundary and the Content-Length pass through', async () => {
    const path = `/studies/${multiFrame.studyInstanceUid}/series/${multiFrame.seriesInstanceUid}/instances/${multiFrame.sopInstanceUidOf('native')}/frames/2,3`;
    const accept = { Accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=1.2.840.10008.1.2.1' };
    const [viaGateway, direct] = await Promise.all([fetch(`${root}${path}`, { headers: accept }), fetch(`${orthanc!.dicomwebRoot}${path}`, { headers: accept })]);
    assert.equal(viaGateway.status, 200);
    // Orthanc draws a new boundary for each response: compare with the boundaries taken out.
    const boundaryOf = (response: Response) => /boundary=([^;]+)/.exec(response.headers.get('content-type')!)![1]!;
    const [a, b] = [boundaryOf(viaGateway), boundaryOf(direct)];
    assert.equal(viaGateway.headers.get('content-type')!.replace(a, 'B'), direct.headers.get('content-type')!.replace(b, 'B'));
    assert.equal(viaGateway.headers.get('content-length'), direct.headers.get('content-length'));
    const [bodyA, bodyB] = [Buffer.from(await viaGateway.arrayBuffer()).toString('latin1'), Buffer.from(await direct.arrayBuffer()).toString('latin1')];
    assert.ok(bodyA.length > multiFrame.rows * multiFrame.columns * 2 * 2);
    assert.equal(bodyA.replaceAll(a, 'B'), bodyB.replaceAll(b, 'B'));
  });

  test('statuses pass through: 404 for an unknown study, 400 for a bad frame list', async () => {
    assert.equal((await fetch(`${root}/studies/1.2.3.4/metadata`)).status, 404);
    const bad = await fetch(`${root}/studies/${sampleStudy.studyInstanceUid}/series/${ctSeries.seriesInstanceUid}/instances/${sopInstanceUidOf(ctSeries.seriesInstanceUid, 1)}/frames/x`);
    assert.equal(bad.status, (await fetch(bad.url.replace(root, orthanc!.dicomwebRoot))).status);
  });

  test('STOW-RS is forwarded, body streamed: the instance lands in Orthanc', async () => {
    const client = gateway!.client;
    const bytes = new Uint8Array(await readFile(join(dir, 'implicit.dcm')));
    await client.storeInstances({ datasets: [bytes.slice().buffer as ArrayBuffer] });
    const found = await (await fetch(`${orthanc!.dicomwebRoot}/instances?SOPInstanceUID=${multiFrame.sopInstanceUidOf('implicit')}`)).json();
    assert.equal((found as unknown[]).length, 1);
  });

  test('CORS is answered by the gateway (Orthanc has none)', async () => {
    const preflight = await fetch(`${root}/studies`, {
      method: 'OPTIONS',
      headers: { Origin: browserOrigin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), browserOrigin);
    const search = await fetch(`${root}/studies`, { headers: { Origin: browserOrigin } });
    assert.equal(search.headers.get('access-control-allow-origin'), browserOrigin);
    assert.match(search.headers.get('access-control-expose-headers') ?? '', /Content-Type/);
  });

  test('an upstream that does not answer is 502 with the reason', async () => {
    const down = await startListeningServer({ upstream: 'http://127.0.0.1:9/dicom-web' });
    try {
      const response = await fetch(`${down.root}/studies`);
      assert.equal(response.status, 502);
      assert.match(await response.text(), /cannot be reached/);
    } finally {
      await down.close();
    }
  });
});
