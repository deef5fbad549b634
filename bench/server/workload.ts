// The benchmark's workload against one DICOMweb root: STOW, QIDO, series metadata, frames at 1 and 6 connections,
// random frames of a multi-frame instance. Every loop is bounded in count; each figure is the median of its
// repetitions after a warm-up, with the min and max.
import { Agent, get as httpGet } from 'node:http';
import { percentile, rateSpread, spreadOf, type Spread } from './stats.js';
import { multipart, stow } from './stow-client.js';

export interface WorkloadData {
  studyInstanceUid: string;
  ctSeriesInstanceUid: string;
  /** The CT instances (Part 10 bytes) in InstanceNumber order, with their SOP Instance UIDs. */
  ct: Array<{ sopInstanceUid: string; bytes: Uint8Array }>;
  multiFrame: { seriesInstanceUid: string; sopInstanceUid: string; frames: number };
}

export interface WorkloadHooks {
  /** Removes a series (and its study when left empty); outside any timed work. */
  deleteSeries(studyInstanceUid: string, seriesInstanceUid: string): Promise<void>;
  /** Stores the multi-frame instance (by the server's fastest way; not timed). */
  storeMultiFrame(): Promise<void>;
}

export interface Measurements {
  stowInstancesPerSecond: Spread;
  stowMegabytesPerSecond: Spread;
  qidoMedianMs: Spread;
  /** The p95 of each round of queries: median, min and max over the rounds. */
  qidoP95Ms: Spread;
  seriesMetadataMs: Spread;
  framesPerSecond1: Spread;
  framesPerSecond6: Spread;
  randomMultiFrameFrameMs: Spread;
  /** CPU the server's processes spent (from /proc), per stored instance, per search, per frame served: ms. */
  stowCpuMsPerInstance: Spread;
  qidoCpuMs: Spread;
  frameCpuMs: Spread;
}

async function drain(response: Response, what: string): Promise<number> {
  const bytes = (await response.arrayBuffer()).byteLength;
  if (!response.ok) throw new Error(`${what}: ${response.status}`);
  return bytes;
}

/** Request headers a server needs besides the request's own (credentials); none for a server without authentication. */
type Credentials = Record<string, string>;

/** Stores the CT series by STOW-RS, 10 instances per request, one request at a time; seconds taken. */
async function stowSeries(root: string, ct: readonly Uint8Array[], credentials: Credentials): Promise<number> {
  const requests: Array<ReturnType<typeof multipart>> = [];
  for (let start = 0; start < ct.length; start += 10) requests.push(multipart(ct.slice(start, start + 10)));
  const started = performance.now();
  for (const request of requests) await stow(root, request, credentials);
  return (performance.now() - started) / 1000;
}

/** `uid` with its last four digits moved on by `repetition` (1 to 9,999): as long, and still a valid UID. */
export function freshUid(uid: string, repetition: number): string {
  const lastComponent = uid.slice(uid.lastIndexOf('.') + 1);
  if (lastComponent.length < 5 || !/^\d+$/.test(lastComponent)) throw new Error(`UID ${uid}: its last component is too short to vary`);
  const digits = String((Number(uid.slice(-4)) + repetition) % 10_000).padStart(4, '0');
  return `${uid.slice(0, -4)}${digits}`;
}

/**
 * The CT under new Study, Series and SOP Instance UIDs (`repetition` 1, 2, …): each timed STOW stores a study the
 * server has never seen, as a modality sending a new exam does. Deleting the series and sending the same UIDs
 * again would time the file system's handling of the deletes too (on this machine's ext4 with `discard`, writes
 * are slower for seconds after files are deleted), which weighs on each server differently. Each UID keeps its
 * length (only its last four digits change), so every element length, and the file's size, stays as it was.
 */
export function withFreshUids(data: WorkloadData, repetition: number): Uint8Array[] {
  const fresh = (uid: string) => freshUid(uid, repetition);
  const shared = [data.studyInstanceUid, data.ctSeriesInstanceUid];
  return data.ct.map(({ sopInstanceUid, bytes }) => {
    const copy = Buffer.from(bytes);
    for (const uid of [...shared, sopInstanceUid]) {
      const from = Buffer.from(uid, 'latin1');
      const to = Buffer.from(fresh(uid), 'latin1');
      let replaced = 0;
      for (let at = copy.indexOf(from); at >= 0; at = copy.indexOf(from, at + from.length)) {
        to.copy(copy, at);
        replaced += 1;
      }
      if (replaced === 0) throw new Error(`UID ${uid} not found in instance ${sopInstanceUid}`);
    }
    return new Uint8Array(copy.buffer, copy.byteOffset, copy.byteLength);
  });
}

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

/**
 * GETs a URL with node:http on a keep-alive agent and discards the body, counting its bytes: a client far
 * lighter than fetch, so that on a 2-core machine the servers, not the client, set the frame rate.
 */
function getDiscarding(agent: Agent, url: string, accept: string, credentials: Credentials): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpGet(url, { agent, headers: { ...credentials, Accept: accept } }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => (response.statusCode === 200 ? resolve(bytes) : reject(new Error(`frame: ${response.statusCode}`))));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

/**
 * Passes over the series in one frame measure. One pass (200 frames) takes about 0.1 s on the faster server: so
 * short a window measured the opening of the connections and any one pause (a collection in the client, a
 * preempted process) as much as the serving of frames (one quiet run's three repetitions: 882 to 1,569 frames/s).
 */
const framePasses = 5;

/**
 * Fetches every CT frame (frame 1 of each instance), `framePasses` times over, with `connections` requests in
 * flight on keep-alive connections opened for the measure; frames per second.
 */
async function fetchAllFrames(root: string, data: WorkloadData, connections: number, credentials: Credentials): Promise<number> {
  const series = data.ct.map(({ sopInstanceUid }) => `${root}/studies/${data.studyInstanceUid}/series/${data.ctSeriesInstanceUid}/instances/${sopInstanceUid}/frames/1`);
  const urls = Array.from({ length: framePasses }, () => series).flat();
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  let next = 0;
  const accept = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';
  const worker = async () => {
    while (next < urls.length) await getDiscarding(agent, urls[next++]!, accept, credentials);
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, worker));
  const rate = urls.length / ((performance.now() - started) / 1000);
  agent.destroy();
  return rate;
}

export interface Server {
  root: string;
  hooks: WorkloadHooks;
  /** Headers every request carries (an Authorization header for a server with authentication). */
  credentials?: Credentials;
  /** CPU seconds the server has used so far. */
  cpuSeconds(): Promise<number>;
}

export type Repetitions = { stow: number; qidoRounds: number; qidoPerRound: number; metadata: number; frames: number; randomFrames: number };

/**
 * Each measure, taken on every server in turn before the next measure starts: on a shared machine the load
 * drifts, and interleaving keeps a ratio from comparing one server's quiet minute with another's busy one.
 */
export async function runWorkloads(servers: Record<string, Server>, data: WorkloadData, repetitions: Repetitions): Promise<Record<string, Measurements>> {
  const names = Object.keys(servers);
  const credentialsOf = (name: string) => servers[name]!.credentials ?? {};
  /** The CPU milliseconds a server spends on `action` (nothing else is sent to it meanwhile), and what it answered. */
  const cpuMsOf = async <T>(name: string, action: () => Promise<T>): Promise<[number, T]> => {
    const before = await servers[name]!.cpuSeconds();
    const value = await action();
    return [((await servers[name]!.cpuSeconds()) - before) * 1000, value];
  };
  const stowCpu: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  const results: Record<string, Partial<Measurements>> = Object.fromEntries(names.map((name) => [name, {}]));
  const megabytes = data.ct.reduce((sum, { bytes }) => sum + bytes.length, 0) / 1e6;

  // STOW: a warm-up run that stores the CT the later measures read, then timed runs, each of the same CT under
  // fresh UIDs (the same bytes for every server), so that each stores a new study and nothing is deleted before
  // or between them.
  const stowSeconds: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let run = 0; run <= repetitions.stow; run++) {
    const ct = run === 0 ? data.ct.map(({ bytes }) => bytes) : withFreshUids(data, run);
    for (const name of names) {
      const [cpuMs, seconds] = await cpuMsOf(name, () => stowSeries(servers[name]!.root, ct, credentialsOf(name)));
      if (run > 0) {
        stowSeconds[name]!.push(seconds);
        stowCpu[name]!.push(cpuMs / ct.length);
      }
    }
  }
  for (const name of names) {
    results[name]!.stowInstancesPerSecond = rateSpread(data.ct.length, stowSeconds[name]!);
    results[name]!.stowMegabytesPerSecond = rateSpread(megabytes, stowSeconds[name]!);
  }
  // The repetitions' studies go again (untimed), so that QIDO and the rest see the same store as before: one study
  // of the phantom's patient.
  for (let run = 1; run <= repetitions.stow; run++) {
    for (const name of names) await servers[name]!.hooks.deleteSeries(freshUid(data.studyInstanceUid, run), freshUid(data.ctSeriesInstanceUid, run));
  }
  for (const name of names) await servers[name]!.hooks.storeMultiFrame();

  const get = (name: string, url: string, what: string, accept = 'application/dicom+json') => async () =>
    drain(await fetch(url, { headers: { ...credentialsOf(name), Accept: accept } }), what);
  const series = (times: Record<string, number[]>, name: string) => (times[name] ??= []);

  const qido: Record<string, number[]> = {};
  const qidoP95: Record<string, number[]> = {};
  const metadata: Record<string, number[]> = {};
  for (const name of names) {
    const { root } = servers[name]!;
    for (let warm = 0; warm < 5; warm++) await get(name, `${root}/studies?PatientName=light*`, 'QIDO')();
    await get(name, `${root}/studies/${data.studyInstanceUid}/series/${data.ctSeriesInstanceUid}/metadata`, 'metadata')();
  }
  const qidoCpu: Record<string, number[]> = {};
  for (let round = 0; round < repetitions.qidoRounds; round++) {
    const times: Record<string, number[]> = {};
    const cpu: Record<string, number> = {};
    for (let run = 0; run < repetitions.qidoPerRound; run++) {
      for (const name of names) {
        const [cpuMs, ms] = await cpuMsOf(name, timed.bind(null, get(name, `${servers[name]!.root}/studies?PatientName=light*`, 'QIDO')));
        series(times, name).push(ms);
        cpu[name] = (cpu[name] ?? 0) + cpuMs;
      }
    }
    for (const name of names) {
      series(qido, name).push(...times[name]!);
      series(qidoP95, name).push(percentile(times[name]!, 95));
      series(qidoCpu, name).push(cpu[name]! / repetitions.qidoPerRound);
    }
  }
  for (let run = 0; run < repetitions.metadata; run++) {
    for (const name of names) {
      series(metadata, name).push(await timed(get(name, `${servers[name]!.root}/studies/${data.studyInstanceUid}/series/${data.ctSeriesInstanceUid}/metadata`, 'metadata')));
    }
  }

  // Warm-up: the JIT, the page cache and any handle cache, for every server alike.
  for (const name of names) for (let warm = 0; warm < 3; warm++) await fetchAllFrames(servers[name]!.root, data, 6, credentialsOf(name));
  const frames1: Record<string, number[]> = {};
  const frames6: Record<string, number[]> = {};
  const frameCpu: Record<string, number[]> = {};
  for (let run = 0; run < repetitions.frames; run++) {
    for (const name of names) {
      series(frames1, name).push(await fetchAllFrames(servers[name]!.root, data, 1, credentialsOf(name)));
      const [cpuMs, rate] = await cpuMsOf(name, () => fetchAllFrames(servers[name]!.root, data, 6, credentialsOf(name)));
      series(frames6, name).push(rate);
      series(frameCpu, name).push(cpuMs / (framePasses * data.ct.length));
    }
  }

  // Random frames of the multi-frame instance, in a fixed pseudo-random order (the same for every server).
  const { seriesInstanceUid, sopInstanceUid, frames } = data.multiFrame;
  const accept = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';
  const frameUrl = (root: string, frame: number) => `${root}/studies/${data.studyInstanceUid}/series/${seriesInstanceUid}/instances/${sopInstanceUid}/frames/${frame}`;
  const random: Record<string, number[]> = {};
  for (const name of names) await get(name, frameUrl(servers[name]!.root, 1), 'multi-frame frame', accept)();
  let seed = 12345;
  for (let run = 0; run < repetitions.randomFrames; run++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const frame = 1 + (seed % frames);
    for (const name of names) series(random, name).push(await timed(get(name, frameUrl(servers[name]!.root, frame), 'multi-frame frame', accept)));
  }

  return Object.fromEntries(
    names.map((name) => [
      name,
      {
        ...results[name],
        qidoMedianMs: spreadOf(qido[name]!),
        qidoP95Ms: spreadOf(qidoP95[name]!),
        seriesMetadataMs: spreadOf(metadata[name]!),
        framesPerSecond1: spreadOf(frames1[name]!),
        framesPerSecond6: spreadOf(frames6[name]!),
        randomMultiFrameFrameMs: spreadOf(random[name]!),
        stowCpuMsPerInstance: spreadOf(stowCpu[name]!),
        qidoCpuMs: spreadOf(qidoCpu[name]!),
        frameCpuMs: spreadOf(frameCpu[name]!),
      } as Measurements,
    ]),
  );
}
