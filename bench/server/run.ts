// `npx tsx bench/server/run.ts [--workers N]`: our server and Orthanc on loopback, the same generated data and workload, a
// table of both with the ratio against the targets, and bench/results/server.json.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateMultiFrameCt, generateSampleInstances, multiFrameCt } from '../../src/sample-data/generate.js';
import { sampleStudy, sopInstanceUidOf } from '../../src/sample-data/phantom.js';
import { orthancUnavailable, startOrthanc } from '../../test/support/orthanc.js';
import { runWorkloads, type Measurements, type WorkloadData } from './workload.js';

const slices = 200;
const repetitions = { stow: 3, qido: 50, metadata: 10, frames: 3, randomFrames: 20 };
const cli = fileURLToPath(new URL('../../src/server/cli.ts', import.meta.url));
const resultsFile = fileURLToPath(new URL('../results/server.json', import.meta.url));
/** `--workers N` is handed to `dicom-lightbox serve`; without it the server's default (one per CPU) applies. */
const workersArgument = (() => {
  const at = process.argv.indexOf('--workers');
  return at >= 0 ? process.argv[at + 1] : undefined;
})();
const workers = workersArgument ?? String(availableParallelism());

async function startOurs(dataDir: string): Promise<{ root: string; child: ChildProcess }> {
  // Its own process, as Orthanc has: the benchmark's client does not share its event loop.
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'serve', '--data', dataDir, '--host', '127.0.0.1', '--port', '0', '--workers', workers], { stdio: ['ignore', 'pipe', 'inherit'] });
  const root = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      const match = /serving (http:\/\/[^/\s]+)\//.exec(output);
      if (match) resolve(`${match[1]}/dicom-web`);
    });
    child.on('exit', (code) => reject(new Error(`our server exited with ${code}`)));
  });
  return { root, child };
}

async function main(): Promise<void> {
  const unavailable = orthancUnavailable();
  if (unavailable) throw new Error(`the benchmark compares with Orthanc: ${unavailable}`);
  process.stderr.write(`generating a ${slices}-slice CT and a 200-frame multi-frame instance…\n`);
  const ctSeriesInstanceUid = sampleStudy.series[0].seriesInstanceUid;
  const ct: WorkloadData['ct'] = [];
  // The demo CT comes first in the generator's order; the rest of the sample studies is not needed.
  for (const instance of generateSampleInstances({ ctSlices: slices })) {
    if (ct.length === slices) break;
    ct.push({ sopInstanceUid: sopInstanceUidOf(ctSeriesInstanceUid, ct.length + 1), bytes: instance.bytes });
  }
  const multiFrame = generateMultiFrameCt({ frames: 200 });
  const data: WorkloadData = {
    studyInstanceUid: sampleStudy.studyInstanceUid,
    ctSeriesInstanceUid,
    ct,
    multiFrame: { seriesInstanceUid: multiFrameCt.seriesInstanceUid, sopInstanceUid: multiFrameCt.sopInstanceUid, frames: 200 },
  };
  const multiFrameBody = () => {
    const boundary = 'bench-multi-frame';
    return {
      body: new Uint8Array(Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), Buffer.from(multiFrame.bytes), Buffer.from(`\r\n--${boundary}--\r\n`)])),
      contentType: `multipart/related; type="application/dicom"; boundary=${boundary}`,
    };
  };

  const dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-bench-'));
  let results: Record<string, Measurements>;
  process.stderr.write('starting our server and Orthanc; measures alternate between them…\n');
  const ourServer = await startOurs(join(dir, 'ours'));
  const orthanc = await startOrthanc();
  try {
    results = await runWorkloads(
      {
        ours: {
          root: ourServer.root,
          hooks: {
            async deleteCtSeries() {
              await (await fetch(`${ourServer.root}/studies/${data.studyInstanceUid}/series/${ctSeriesInstanceUid}`, { method: 'DELETE' })).arrayBuffer();
            },
            async storeMultiFrame() {
              const { body, contentType } = multiFrameBody();
              await (await fetch(`${ourServer.root}/studies`, { method: 'POST', headers: { 'Content-Type': contentType }, body })).arrayBuffer();
            },
          },
        },
        orthanc: {
          root: orthanc.dicomwebRoot,
          hooks: {
            async deleteCtSeries() {
              const lookup = await fetch(`${orthanc.restRoot}/tools/lookup`, { method: 'POST', body: ctSeriesInstanceUid });
              for (const { ID, Type } of (await lookup.json()) as Array<{ ID: string; Type: string }>) {
                if (Type === 'Series') await (await fetch(`${orthanc.restRoot}/series/${ID}`, { method: 'DELETE' })).arrayBuffer();
              }
            },
            async storeMultiFrame() {
              await orthanc.store([multiFrame.bytes]);
            },
          },
        },
      },
      data,
      repetitions,
    );
  } finally {
    ourServer.child.kill('SIGTERM');
    await orthanc.stop();
    await rm(dir, { recursive: true, force: true });
  }

  const ours = results.ours!;
  const theirs = results.orthanc!;
  const rows: Array<[string, keyof Measurements, 'higher' | 'lower', string]> = [
    ['STOW instances/s (10 per request)', 'stowInstancesPerSecond', 'higher', 'ours ≥ 2× Orthanc'],
    ['STOW MB/s', 'stowMegabytesPerSecond', 'higher', ''],
    ['QIDO study search, median ms', 'qidoMedianMs', 'lower', 'ours ≤ Orthanc'],
    ['QIDO study search, p95 ms', 'qidoP95Ms', 'lower', ''],
    [`series metadata (${slices} instances), ms`, 'seriesMetadataMs', 'lower', 'ours ≤ 0.5× Orthanc'],
    ['frames/s, 1 connection', 'framesPerSecond1', 'higher', ''],
    ['frames/s, 6 connections', 'framesPerSecond6', 'higher', 'ours ≥ 1.5× Orthanc'],
    ['random frame of a 200-frame file, ms', 'randomMultiFrameFrameMs', 'lower', 'ours ≤ 10 ms'],
  ];
  const format = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
  const lines = [
    `| measure | ours | Orthanc | ours/Orthanc | target |`,
    `|---|---:|---:|---:|---|`,
    ...rows.map(([label, key, , target]) => `| ${label} | ${format(ours[key])} | ${format(theirs[key])} | ${(ours[key] / theirs[key]).toFixed(2)} | ${target} |`),
  ];
  // The load average says how much else ran: on a shared machine it explains a noisy run.
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, our server ${workers} process${workers === '1' ? '' : 'es'}, load average ${loadavg().map((load) => load.toFixed(1)).join(' ')}`;
  process.stdout.write(`\n${machine}\n\n${lines.join('\n')}\n`);
  await mkdir(join(resultsFile, '..'), { recursive: true });
  await writeFile(resultsFile, JSON.stringify({ date: new Date().toISOString(), machine, workers: Number(workers), loadAverage: loadavg(), slices, repetitions, ours, orthanc: theirs }, null, 2));
  process.stdout.write(`\nwritten to ${resultsFile}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
