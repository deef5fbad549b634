// `npx tsx bench/server/run.ts [--workers N]`: our server and Orthanc on loopback, the same generated data and
// workload, a table of both with the ratio against the targets, and bench/results/server.json.
// Two parts, each on fresh servers: a 200-slice 512² CT (STOW, QIDO, metadata, frames, a multi-frame file), measured
// on our server as it starts by default, on our server with JWT authentication and the audit trail on, and on
// Orthanc; then an archive of small images (STOW with parallel clients empty and at scale, QIDO and a 1,000-instance
// series' metadata at scale). BENCH_ARCHIVE_INSTANCES sets the archive's size (default 100,000; 0 skips that part),
// BENCH_ARCHIVE_BATCH the instances of each timed STOW batch (default 2,000).
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateMultiFrameCt, generateSampleInstances, multiFrameCt } from '../../src/sample-data/generate.js';
import { sampleStudy, sopInstanceUidOf } from '../../src/sample-data/phantom.js';
import { orthancUnavailable } from '../../test/support/orthanc.js';
import { archiveImageSize } from '../../src/sample-data/archive.js';
import { archiveSearches, archiveSizeProblem, runArchiveWorkload, stowClients, stowInstancesPerRequest, type ArchiveResults } from './archive-workload.js';
import { startOrthancPeer, startOurs, stopAll } from './servers.js';
import { formatSpread, type Spread } from './stats.js';
import { multipart, stow } from './stow-client.js';
import { runWorkloads, type Measurements, type WorkloadData } from './workload.js';

const slices = 200;
const repetitions = { stow: 3, qidoRounds: 5, qidoPerRound: 20, metadata: 10, frames: 3, randomFrames: 20 };
const resultsFile = fileURLToPath(new URL('../results/server.json', import.meta.url));
/** `--workers N` is handed to `dicom-lightbox serve`; without it the server's default (one per CPU) applies. */
const workersArgument = (() => {
  const at = process.argv.indexOf('--workers');
  return at >= 0 ? process.argv[at + 1] : undefined;
})();
const workers = workersArgument ?? String(availableParallelism());

/** A whole number from the environment, or the default; anything else is an error rather than a silent default. */
function environmentCount(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text.replace(/[_,]/g, ''));
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, not "${text}"`);
  return value;
}
const archiveInstances = environmentCount('BENCH_ARCHIVE_INSTANCES', 100_000);
const archiveBatch = environmentCount('BENCH_ARCHIVE_BATCH', 2_000);
const stowRepetitions = 3;

const log = (line: string) => process.stderr.write(`${line}\n`);

/** One line of the table: the same shape as bench/results/viewer.json's and size.json's figures. */
interface Figure {
  figure: string;
  ours: Spread;
  peer: Spread;
  peerIs: string;
  target: string;
}

async function ctWorkload(): Promise<{ results: Record<string, Measurements>; auditLines: number }> {
  log(`generating a ${slices}-slice CT and a 200-frame multi-frame instance…`);
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
  log('starting our server, our server with JWT authentication and the audit trail, and Orthanc; measures alternate between them…');
  const ours = await startOurs(workers);
  const secured = await startOurs(workers, { secured: true });
  const orthanc = await startOrthancPeer();
  try {
    const results = await runWorkloads(
      {
        ours: {
          root: ours.root,
          cpuSeconds: () => ours.cpuSeconds(),
          hooks: {
            deleteSeries: (study, series) => ours.deleteSeries(study, series),
            storeMultiFrame: () => stow(ours.root, multipart([multiFrame.bytes])),
          },
        },
        secured: {
          root: secured.root,
          credentials: secured.credentials!,
          cpuSeconds: () => secured.cpuSeconds(),
          hooks: {
            deleteSeries: (study, series) => secured.deleteSeries(study, series),
            storeMultiFrame: () => stow(secured.root, multipart([multiFrame.bytes]), secured.credentials),
          },
        },
        orthanc: {
          root: orthanc.root,
          cpuSeconds: () => orthanc.cpuSeconds(),
          hooks: {
            deleteSeries: (study, series) => orthanc.deleteSeries(study, series),
            storeMultiFrame: () => orthanc.storeByRest([multiFrame.bytes]),
          },
        },
      },
      data,
      repetitions,
    );
    return { results, auditLines: await secured.auditLines() };
  } finally {
    await ours.stop();
    await secured.stop();
    await orthanc.stop();
  }
}

async function archiveWorkload(): Promise<ArchiveResults> {
  log(`archive: ${archiveInstances.toLocaleString('en-US')} small instances; starting a fresh pair of servers…`);
  const ours = await startOurs(workers);
  const orthanc = await startOrthancPeer();
  try {
    return await runArchiveWorkload([ours, orthanc], {
      instances: archiveInstances,
      batch: archiveBatch,
      stowRepetitions,
      qidoRounds: 5,
      qidoPerRound: 20,
      metadataRepetitions: 10,
      // Far above the ≈ 3–4 minutes the default takes on 2 cores: only a hung server should reach it.
      fillTimeLimitSeconds: 15 * 60,
      log,
    });
  } finally {
    await ours.stop();
    await orthanc.stop();
  }
}

function ctFigures(results: Record<string, Measurements>): Figure[] {
  const rows: Array<[string, keyof Measurements, string]> = [
    [`STOW ingest, ${slices}×512² CT (10 per request, 1 client), instances/s`, 'stowInstancesPerSecond', 'ours ≥ 2× Orthanc'],
    ['STOW ingest, MB/s', 'stowMegabytesPerSecond', ''],
    ['QIDO study search (PatientName=light*), median ms', 'qidoMedianMs', 'ours ≤ Orthanc'],
    ['QIDO study search, p95 ms', 'qidoP95Ms', ''],
    [`series metadata, ${slices} instances, ms`, 'seriesMetadataMs', 'ours ≤ 0.5× Orthanc'],
    ['frames/s, 1 connection', 'framesPerSecond1', ''],
    ['frames/s, 6 connections', 'framesPerSecond6', 'ours ≥ 1.5× Orthanc'],
    ['random frame of a 200-frame file, ms', 'randomMultiFrameFrameMs', 'ours ≤ 10 ms'],
  ];
  const plain = rows.map(([figure, key, target]) => ({ figure, ours: results.ours![key], peer: results.orthanc![key], peerIs: 'Orthanc (Debian)', target }));
  // The price of trust: the same server with every request carrying a JWT (HS256) checked, and recorded in the
  // hash-chained audit trail, beside itself without either; its STOW beside Orthanc's.
  const securedLabel = 'with JWT auth + audit trail';
  const withoutTrust = 'our server without auth and audit';
  const secured: Figure[] = [
    { figure: `${securedLabel}: QIDO study search, median ms`, ours: results.secured!.qidoMedianMs, peer: results.ours!.qidoMedianMs, peerIs: withoutTrust, target: 'ratio ≤ 1.10' },
    { figure: `${securedLabel}: frames/s, 1 connection`, ours: results.secured!.framesPerSecond1, peer: results.ours!.framesPerSecond1, peerIs: withoutTrust, target: 'ratio ≥ 0.90' },
    { figure: `${securedLabel}: frames/s, 6 connections`, ours: results.secured!.framesPerSecond6, peer: results.ours!.framesPerSecond6, peerIs: withoutTrust, target: 'ratio ≥ 0.90' },
    // CPU the servers' processes spent, from /proc: what load on a shared machine moves least.
    { figure: `${securedLabel}: CPU per QIDO study search, ms`, ours: results.secured!.qidoCpuMs, peer: results.ours!.qidoCpuMs, peerIs: withoutTrust, target: 'ratio ≤ 1.10' },
    { figure: `${securedLabel}: CPU per frame (6 connections), ms`, ours: results.secured!.frameCpuMs, peer: results.ours!.frameCpuMs, peerIs: withoutTrust, target: 'ratio ≤ 1.10' },
    {
      figure: `${securedLabel}: CPU per stored instance, ms`,
      ours: results.secured!.stowCpuMsPerInstance,
      peer: results.orthanc!.stowCpuMsPerInstance,
      peerIs: 'Orthanc (Debian)',
      target: 'ours ≤ 1.0× Orthanc',
    },
    {
      figure: `${securedLabel}: STOW ingest, ${slices}×512² CT (10 per request, 1 client), instances/s`,
      ours: results.secured!.stowInstancesPerSecond,
      peer: results.orthanc!.stowInstancesPerSecond,
      peerIs: 'Orthanc (Debian)',
      target: 'ours ≥ 1.0× Orthanc',
    },
  ];
  return [...plain, ...secured];
}

function archiveFigures(results: ArchiveResults): Figure[] {
  const scale = `${archiveInstances.toLocaleString('en-US')} stored`;
  const images = `${archiveImageSize}×${archiveImageSize}`;
  const peerIs = 'Orthanc (Debian, SQLite index)';
  const pair = (values: Record<string, Spread>) => ({ ours: values.ours!, peer: values.orthanc! });
  const stowLabel = `STOW ingest, ${stowClients} clients × ${stowInstancesPerRequest} instances/request, ${images} images`;
  const range = ([from, to]: [number, number]) => `${from.toLocaleString('en-US')}→${to.toLocaleString('en-US')}`;
  return [
    { figure: `${stowLabel}, empty store (stored ${range(results.stowEmptyStored)}, after an untimed warm-up), instances/s`, ...pair(results.stowEmpty), peerIs, target: '' },
    { figure: `${stowLabel}, stored ${range(results.stowAtScaleStored)}, instances/s`, ...pair(results.stowAtScale), peerIs, target: '' },
    ...archiveSearches.flatMap(({ key, label }) => [
      { figure: `QIDO ${label}, limit 26, ${scale}, median ms`, ...pair(results.searchMedianMs[key]!), peerIs, target: '' },
      { figure: `QIDO ${label}, limit 26, ${scale}, p95 ms`, ...pair(results.searchP95Ms[key]!), peerIs, target: '' },
    ]),
    { figure: `series metadata, 1,000 instances (${images}), ${scale}, ms`, ...pair(results.largeSeriesMetadataMs), peerIs, target: '' },
  ];
}

async function main(): Promise<void> {
  const unavailable = orthancUnavailable();
  if (unavailable) throw new Error(`the benchmark compares with Orthanc: ${unavailable}`);
  const sizeProblem = archiveInstances > 0 ? archiveSizeProblem(archiveInstances, archiveBatch, stowRepetitions) : undefined;
  if (sizeProblem) throw new Error(sizeProblem);
  const started = performance.now();
  const ct = await ctWorkload();
  const archive = archiveInstances > 0 ? await archiveWorkload() : undefined;
  const figures = [...ctFigures(ct.results), ...(archive ? archiveFigures(archive) : [])];

  const lines = [
    '| measure | ours (min–max) | peer (min–max) | peer is | ours/peer | target |',
    '|---|---:|---:|---|---:|---|',
    ...figures.map((row) => `| ${row.figure} | ${formatSpread(row.ours)} | ${formatSpread(row.peer)} | ${row.peerIs} | ${(row.ours.median / row.peer.median).toFixed(2)} | ${row.target} |`),
  ];
  // The load average says how much else ran: on a shared machine it explains a noisy run.
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, our server ${workers} process${workers === '1' ? '' : 'es'}, load average ${loadavg().map((load) => load.toFixed(1)).join(' ')}`;
  const trail = `audit trail of the secured server: ${ct.auditLines.toLocaleString('en-US')} lines`;
  const fill = archive
    ? `archive: ${archive.fill.instances.toLocaleString('en-US')} of its instances filled in ${archive.fill.wallSeconds.toFixed(0)} s, both servers at once: ${Object.entries(archive.fill.servers).map(([name, { how, instancesPerSecond }]) => `${name} ${how}, ${instancesPerSecond.toFixed(0)} instances/s`).join('; ')}`
    : 'archive part skipped (BENCH_ARCHIVE_INSTANCES=0)';
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`\n${machine}\n${trail}\n${fill}\nbench:server took ${seconds.toFixed(0)} s\n\n${lines.join('\n')}\n`);
  await mkdir(join(resultsFile, '..'), { recursive: true });
  await writeFile(
    resultsFile,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        machine,
        cpus: cpus().length,
        workers: Number(workers),
        loadAverage: loadavg(),
        seconds,
        slices,
        repetitions,
        securedAuditLines: ct.auditLines,
        archive: archive && { instances: archiveInstances, batch: archiveBatch, searchResults: archive.searchResults, fill: archive.fill },
        figures: figures.map((row) => ({ ...row, ratio: row.ours.median / row.peer.median })),
      },
      null,
      2,
    ),
  );
  process.stdout.write(`\nwritten to ${resultsFile}\n`);
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => stopAll());
