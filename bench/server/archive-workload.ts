// The scale workload: STOW-RS with 5 parallel clients into an empty store and into one holding an archive of
// `instances` small images, QIDO study searches and a 1,000-instance series' metadata at that scale. Every server
// gets the same generated instances (src/sample-data/archive.ts); measures alternate between servers.
//
// Nothing is deleted along the way: on this machine's file system (ext4 mounted with `discard`) deleting files makes
// the next fsyncs slow for seconds, which would charge a deletion to the STOW after it. So the timed batches stay
// stored, and the archive is filled around them: a warm-up, timed batches into the empty store, the fill, timed
// batches that end exactly at `instances`, then the searches and the large series' metadata.
import { archiveInstances, archiveStudies, archiveStudy, studyInstances, type ArchiveInstance, type ArchiveStudy } from '../../src/sample-data/archive.js';
import { studyQuery, type StudyFilters } from '../../src/dicomweb/study-query.js';
import type { BenchServer } from './servers.js';
import { percentile, rateSpread, spreadOf, type Spread } from './stats.js';
import { bodiesOf, stowParallel } from './stow-client.js';

export interface ArchiveWorkloadOptions {
  /**
   * Instances stored in all when the searches run (default 100,000): the warm-up and timed batches, the
   * 1,000-instance series and the fill.
   */
  instances: number;
  /** Fresh instances a timed STOW batch sends (default 2,000). */
  batch: number;
  /** Timed STOW batches per server at each level (after an untimed warm-up of two batches). */
  stowRepetitions: number;
  /** QIDO: rounds of queries; a round's p95 is one repetition of the p95 figure. */
  qidoRounds: number;
  qidoPerRound: number;
  metadataRepetitions: number;
  /** The fill stops with an error past this many seconds. */
  fillTimeLimitSeconds: number;
  log: (line: string) => void;
}

/** The measured figure: how the STOW figures send (a client's choice, stated in the table). */
export const stowClients = 5;
export const stowInstancesPerRequest = 10;

/**
 * How each server is filled: its own fastest way measured here, since fill time is no figure. Both take STOW-RS
 * from 5 clients, in larger requests than the figure's 10: at ≈ 30,000 stored, alone, ours did ≈ 1,360–1,810
 * instances/s at 10 a request and ≈ 1,780–2,000 at 50; Orthanc ≈ 1,010–1,120 at 10, ≈ 1,080–1,220 at 20 and
 * ≈ 1,100–1,200 at 50 (10 clients or 3 were no faster for either). Orthanc's REST `POST /instances` (one file, or a
 * ZIP of 100 or 500, a request) and our `dicom-lightbox import` of a folder (one file at a time) were slower.
 */
const fillInstancesPerRequest: Record<BenchServer['name'], number> = { ours: 50, orthanc: 20 };
const fillClients = 5;

/** Study numbers: the archive from 0, the large series alone, then fresh batches far above both. */
const largeSeriesStudy = 900_000;
const largeSeriesInstances = 1_000;
const largeSeries = archiveStudy(largeSeriesStudy, { modality: 'CT', seriesSizes: [largeSeriesInstances] });
const firstBatchStudy = 1_000_000;
const batchStudyStride = 10_000;

/** The two searches a study list sends (src/dicomweb/study-query.ts), a page of 25 plus one to know if there are more. */
const pageLimit = 26;
export const archiveSearches: Array<{ key: string; label: string; filters: StudyFilters }> = [
  { key: 'name', label: 'patient-name prefix (PatientName=nakam*)', filters: { patientName: 'nakam' } },
  { key: 'date', label: 'study-date range (one year)', filters: { studyDateFrom: '20230101', studyDateTo: '20231231' } },
];

function searchUrl(root: string, filters: StudyFilters): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(studyQuery(filters, { limit: pageLimit, offset: 0 }))) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value)) for (const item of value) params.append(name, item);
    else params.append(name, String(value));
  }
  return `${root}/studies?${params}`;
}

/** How many studies a search must find among those stored: the generator's plan decides, not either server. */
function expectedMatches(filters: StudyFilters, stored: readonly ArchiveStudy[]): number {
  const matches = stored.filter((study) => {
    const family = study.patientName.split('^')[0]!;
    const nameMatches = !filters.patientName || family.startsWith(filters.patientName.toUpperCase());
    const dateMatches = (!filters.studyDateFrom || study.studyDate >= filters.studyDateFrom) && (!filters.studyDateTo || study.studyDate <= filters.studyDateTo);
    return nameMatches && dateMatches;
  });
  return Math.min(matches.length, pageLimit);
}

async function timedJson(url: string): Promise<{ ms: number; results: number }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { Accept: 'application/dicom+json' } });
  const text = await response.text();
  const ms = performance.now() - started;
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${text.slice(0, 200)}`);
  return { ms, results: (JSON.parse(text) as unknown[]).length };
}

/** A fresh batch: instances of studies nobody has stored, and those studies. */
function batch(index: number, instances: number): { instances: ArchiveInstance[]; studies: ArchiveStudy[] } {
  const range = { firstStudy: firstBatchStudy + index * batchStudyStride, instances };
  return { instances: [...archiveInstances(range)], studies: [...archiveStudies(range)] };
}

/** Timed STOW batches, one server after the other, each batch kept stored; instances per second. */
async function stowBatches(servers: BenchServer[], options: ArchiveWorkloadOptions, firstBatch: number, what: string, stored: ArchiveStudy[]): Promise<Record<string, Spread>> {
  const seconds: Record<string, number[]> = {};
  for (let run = 0; run < options.stowRepetitions; run++) {
    const { instances, studies } = batch(firstBatch + run, options.batch);
    stored.push(...studies);
    // Who goes first alternates, so neither server always follows the other's fsyncs.
    for (const server of run % 2 ? [...servers].reverse() : servers) {
      const bodies = [...bodiesOf(instances, stowInstancesPerRequest)];
      const started = performance.now();
      await stowParallel(server.root, bodies, { clients: stowClients });
      (seconds[server.name] ??= []).push((performance.now() - started) / 1000);
    }
    const rates = servers.map((server) => `${server.name} ${(options.batch / seconds[server.name]!.at(-1)!).toFixed(0)}/s`).join(', ');
    options.log(`STOW ${what}, batch ${run + 1}/${options.stowRepetitions}: ${rates}`);
  }
  return Object.fromEntries(servers.map((server) => [server.name, rateSpread(options.batch, seconds[server.name]!)]));
}

export interface FillReport {
  instances: number;
  /** Per server: how, seconds, instances per second. */
  servers: Record<string, { how: string; seconds: number; instancesPerSecond: number }>;
  wallSeconds: number;
}

/**
 * `count` instances, the 1,000-instance series first, into both servers at once (the machine is shared either way;
 * together it takes half the wall time).
 */
async function fill(servers: BenchServer[], options: ArchiveWorkloadOptions, count: number, stored: ArchiveStudy[]): Promise<FillReport> {
  const archiveRange = { firstStudy: 0, instances: count - largeSeriesInstances };
  stored.push(largeSeries, ...archiveStudies(archiveRange));
  const instancesOf = function* () {
    yield* studyInstances(largeSeries);
    yield* archiveInstances(archiveRange);
  };
  const started = performance.now();
  const deadline = started + options.fillTimeLimitSeconds * 1000;
  const sent: Record<string, number> = Object.fromEntries(servers.map((server) => [server.name, 0]));
  const finished: Record<string, number> = {};
  const progress = setInterval(() => {
    const elapsed = (performance.now() - started) / 1000;
    const each = servers.map((server) => `${server.name} ${sent[server.name]!.toLocaleString('en-US')} (${(sent[server.name]! / (((finished[server.name] ?? performance.now()) - started) / 1000)).toFixed(0)}/s)`);
    options.log(`filling ${count.toLocaleString('en-US')}: ${each.join(', ')}, ${elapsed.toFixed(0)} s`);
  }, 5_000);
  try {
    await Promise.all(
      servers.map(async (server) => {
        await stowParallel(server.root, bodiesOf(instancesOf(), fillInstancesPerRequest[server.name]), {
          clients: fillClients,
          deadline,
          onStored: (done) => (sent[server.name] = done),
        });
        finished[server.name] = performance.now();
      }),
    );
  } finally {
    clearInterval(progress);
  }
  const report: FillReport = { instances: count, servers: {}, wallSeconds: (performance.now() - started) / 1000 };
  for (const server of servers) {
    const seconds = (finished[server.name]! - started) / 1000;
    report.servers[server.name] = {
      how: `STOW-RS, ${fillClients} clients × ${fillInstancesPerRequest[server.name]} instances/request, alongside the other server's fill`,
      seconds,
      instancesPerSecond: count / seconds,
    };
  }
  options.log(`filled both in ${report.wallSeconds.toFixed(0)} s: ${servers.map((server) => `${server.name} ${report.servers[server.name]!.instancesPerSecond.toFixed(0)}/s`).join(', ')}`);
  return report;
}

/**
 * A fresh process of ours takes several thousand instances to reach its pace (measured in-process: ≈ 700/s at first,
 * ≈ 1,600/s from the same code on a second store), so the warm-up is two batches; Orthanc gets the same.
 */
const warmUpBatches = 2;

/** Why an archive of `instances` cannot hold its parts, or undefined when it can: checked before anything starts. */
export function archiveSizeProblem(instances: number, batchSize: number, stowRepetitions: number): string | undefined {
  // Batches take study numbers `batchStudyStride` apart: ≈ 50 instances a study leaves room for 500,000 in one.
  if (batchSize < 1 || batchSize > 50_000) return `BENCH_ARCHIVE_BATCH must be from 1 to 50,000, not ${batchSize}`;
  const least = (warmUpBatches + 2 * stowRepetitions) * batchSize + largeSeriesInstances;
  if (instances >= least) return undefined;
  return (
    `an archive of ${instances} cannot hold a warm-up of ${warmUpBatches} batches, 2 × ${stowRepetitions} timed batches of ${batchSize} and the ` +
    `${largeSeriesInstances}-instance series: make BENCH_ARCHIVE_INSTANCES at least ${least} (or 0 to skip the archive), or BENCH_ARCHIVE_BATCH smaller`
  );
}

export interface ArchiveResults {
  /** Instances stored before the first and after the last timed batch, at each level. */
  stowEmptyStored: [number, number];
  stowEmpty: Record<string, Spread>;
  stowAtScaleStored: [number, number];
  stowAtScale: Record<string, Spread>;
  /** Per search key, per server. */
  searchMedianMs: Record<string, Record<string, Spread>>;
  searchP95Ms: Record<string, Record<string, Spread>>;
  /** Results each search returned (the same on every server, checked). */
  searchResults: Record<string, number>;
  largeSeriesMetadataMs: Record<string, Spread>;
  fill: FillReport;
}

export async function runArchiveWorkload(servers: BenchServer[], options: ArchiveWorkloadOptions): Promise<ArchiveResults> {
  const { log, batch: batchSize, stowRepetitions } = options;
  const timed = stowRepetitions * batchSize;
  const warmUpCount = warmUpBatches * batchSize;
  const fillCount = options.instances - warmUpCount - 2 * timed;
  const problem = archiveSizeProblem(options.instances, batchSize, stowRepetitions);
  if (problem) throw new RangeError(problem);
  const stored: ArchiveStudy[] = [];

  // Warm-up (JIT, connections, folders): untimed and kept.
  const warmUp = batch(0, warmUpCount);
  stored.push(...warmUp.studies);
  for (const server of servers) await stowParallel(server.root, bodiesOf(warmUp.instances, stowInstancesPerRequest), { clients: stowClients });
  const stowEmpty = await stowBatches(servers, options, 1, 'into an empty store', stored);

  const fillReport = await fill(servers, options, fillCount, stored);
  const stowAtScale = await stowBatches(servers, options, 1 + stowRepetitions, `up to ${options.instances.toLocaleString('en-US')} stored`, stored);

  const searchMedianMs: ArchiveResults['searchMedianMs'] = {};
  const searchP95Ms: ArchiveResults['searchP95Ms'] = {};
  const searchResults: ArchiveResults['searchResults'] = {};
  for (const { key, filters } of archiveSearches) {
    const expected = expectedMatches(filters, stored);
    for (const server of servers) {
      for (let warm = 0; warm < 5; warm++) {
        const { results } = await timedJson(searchUrl(server.root, filters));
        if (results !== expected) throw new Error(`${server.name} answered ${results} studies to the ${key} search; the archive holds ${expected} (up to the limit)`);
      }
    }
    const all: Record<string, number[]> = {};
    const p95s: Record<string, number[]> = {};
    for (let round = 0; round < options.qidoRounds; round++) {
      const times: Record<string, number[]> = {};
      for (let query = 0; query < options.qidoPerRound; query++) {
        for (const server of servers) (times[server.name] ??= []).push((await timedJson(searchUrl(server.root, filters))).ms);
      }
      for (const server of servers) {
        (all[server.name] ??= []).push(...times[server.name]!);
        (p95s[server.name] ??= []).push(percentile(times[server.name]!, 95));
      }
    }
    searchMedianMs[key] = Object.fromEntries(servers.map((server) => [server.name, spreadOf(all[server.name]!)]));
    searchP95Ms[key] = Object.fromEntries(servers.map((server) => [server.name, spreadOf(p95s[server.name]!)]));
    searchResults[key] = expected;
    log(`QIDO ${key} search (${expected} results): ${servers.map((server) => `${server.name} median ${searchMedianMs[key]![server.name]!.median.toFixed(1)} ms`).join(', ')}`);
  }

  const metadataUrl = (root: string) => `${root}/studies/${largeSeries.studyInstanceUid}/series/${largeSeries.series[0]!.seriesInstanceUid}/metadata`;
  for (const server of servers) {
    for (let warm = 0; warm < 2; warm++) {
      const { results } = await timedJson(metadataUrl(server.root));
      if (results !== largeSeriesInstances) throw new Error(`${server.name} answered metadata of ${results} instances, not ${largeSeriesInstances}`);
    }
  }
  const metadata: Record<string, number[]> = {};
  for (let run = 0; run < options.metadataRepetitions; run++) {
    for (const server of servers) (metadata[server.name] ??= []).push((await timedJson(metadataUrl(server.root))).ms);
  }
  const largeSeriesMetadataMs = Object.fromEntries(servers.map((server) => [server.name, spreadOf(metadata[server.name]!)]));
  log(`series metadata, ${largeSeriesInstances.toLocaleString('en-US')} instances: ${servers.map((server) => `${server.name} ${largeSeriesMetadataMs[server.name]!.median.toFixed(0)} ms`).join(', ')}`);

  return {
    stowEmptyStored: [warmUpCount, warmUpCount + timed],
    stowEmpty,
    stowAtScaleStored: [options.instances - timed, options.instances],
    stowAtScale,
    searchMedianMs, searchP95Ms, searchResults, largeSeriesMetadataMs, fill: fillReport };
}
