// `node --import tsx bench/server/profile-one.ts [--secured] [--prof] [--stow] [serve options…]`: one serving process
// (`--workers 1`), 50 CT slices stored, then 4,000 frames at 6 connections and 1,000 QIDO searches; prints frames/s,
// the QIDO mean and the server's CPU per frame and per search from /proc. `--secured` adds JWT authentication and the
// audit trail as the benchmark's secured server has them; `--prof` writes a V8 CPU profile of the server (open it in
// Chrome DevTools) and prints its path. For finding where a request's time goes; the comparison with Orthanc is
// bench/server/run.ts.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { generateSampleInstances } from '../../src/sample-data/generate.js';
import { sampleStudy, sopInstanceUidOf } from '../../src/sample-data/phantom.js';
import { cpuSecondsOfTree } from './process-cpu.js';
import { multipart, stow } from './stow-client.js';
import { withFreshUids } from './workload.js';

const secured = process.argv.includes('--secured');
const profile = process.argv.includes('--prof');
// `--stow`: STOW alone, 5 more stores of the CT under fresh UIDs after the first, instead of frames and searches.
const stowOnly = process.argv.includes('--stow');
const serveOptions = process.argv.slice(2).filter((argument) => !['--secured', '--prof', '--stow'].includes(argument));
const slices = 50;
const counts = { warmFrames: 500, warmSearches: 100, frames: 4000, searches: 1000 };

const dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-profile-'));
const cli = new URL('../../src/server/cli.ts', import.meta.url).pathname;
const args = ['--import', 'tsx', ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${join(dir, 'profile')}`] : []), cli, 'serve', '--data', join(dir, 'data'), '--port', '0', '--workers', '1', ...serveOptions];
let headers: Record<string, string> = {};
if (secured) {
  const secret = randomBytes(32).toString('hex');
  await writeFile(join(dir, 'secret'), secret, { mode: 0o600 });
  args.push('--jwt-secret-file', join(dir, 'secret'), '--audit', join(dir, 'audit'));
  const token = await new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('profile').setIssuedAt().setExpirationTime('1h').sign(Buffer.from(secret, 'utf8'));
  headers = { Authorization: `Bearer ${token}` };
}
const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
const root = await new Promise<string>((resolve, reject) => {
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk;
    const match = /serving (http:\/\/[^/\s]+)\//.exec(output);
    if (match) resolve(`${match[1]}/dicom-web`);
  });
  child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
});

const seriesUid = sampleStudy.series[0].seriesInstanceUid;
const ct: Uint8Array[] = [];
for (const instance of generateSampleInstances({ ctSlices: slices })) {
  if (ct.length === slices) break;
  ct.push(instance.bytes);
}
for (let start = 0; start < slices; start += 10) await stow(root, multipart(ct.slice(start, start + 10)), headers);

const agent = new Agent({ keepAlive: true, maxSockets: 6 });
const get = (url: string, accept: string) =>
  new Promise<void>((resolve, reject) => {
    request(url, { agent, headers: { ...headers, accept } }, (response) => {
      response.resume();
      response.on('end', () => (response.statusCode! < 300 ? resolve() : reject(new Error(`${url}: ${response.statusCode}`))));
    })
      .on('error', reject)
      .end();
  });
const frameUrls = Array.from({ length: slices }, (_, index) => `${root}/studies/${sampleStudy.studyInstanceUid}/series/${seriesUid}/instances/${sopInstanceUidOf(seriesUid, index + 1)}/frames/1`);
async function frames(count: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  const accept = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';
  await Promise.all(Array.from({ length: 6 }, async () => {
    while (next < count) await get(frameUrls[next++ % slices]!, accept);
  }));
  return count / ((performance.now() - started) / 1000);
}
async function searches(count: number): Promise<number> {
  const started = performance.now();
  for (let index = 0; index < count; index++) await get(`${root}/studies?PatientName=light*`, 'application/dicom+json');
  return (performance.now() - started) / count;
}

async function stowRuns(runs: number): Promise<{ instancesPerSecond: number; cpuMsPerInstance: number }> {
  const data = {
    studyInstanceUid: sampleStudy.studyInstanceUid,
    ctSeriesInstanceUid: seriesUid,
    ct: ct.map((bytes, index) => ({ sopInstanceUid: sopInstanceUidOf(seriesUid, index + 1), bytes })),
    multiFrame: { seriesInstanceUid: '', sopInstanceUid: '', frames: 0 },
  };
  let seconds = 0;
  const cpu0 = await cpuSecondsOfTree(child.pid!);
  for (let run = 1; run <= runs; run++) {
    const fresh = withFreshUids(data, run);
    const started = performance.now();
    for (let start = 0; start < slices; start += 10) await stow(root, multipart(fresh.slice(start, start + 10)), headers);
    seconds += (performance.now() - started) / 1000;
  }
  const cpu1 = await cpuSecondsOfTree(child.pid!);
  return { instancesPerSecond: Math.round((runs * slices) / seconds), cpuMsPerInstance: Number((((cpu1 - cpu0) * 1000) / (runs * slices)).toFixed(2)) };
}

async function readRuns(): Promise<void> {
  await frames(counts.warmFrames);
  await searches(counts.warmSearches);
  const cpu0 = await cpuSecondsOfTree(child.pid!);
  const framesPerSecond = await frames(counts.frames);
  const cpu1 = await cpuSecondsOfTree(child.pid!);
  const searchMs = await searches(counts.searches);
  const cpu2 = await cpuSecondsOfTree(child.pid!);
  console.log(JSON.stringify({
    secured,
    framesPerSecond: Math.round(framesPerSecond),
    frameCpuMs: Number((((cpu1 - cpu0) * 1000) / counts.frames).toFixed(3)),
    qidoMs: Number(searchMs.toFixed(2)),
    qidoCpuMs: Number((((cpu2 - cpu1) * 1000) / counts.searches).toFixed(3)),
  }));
}

try {
  if (stowOnly) console.log(JSON.stringify({ secured, stow: await stowRuns(5) }));
  else await readRuns();
} finally {
  agent.destroy();
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}
if (profile) {
  const [written] = await readdir(join(dir, 'profile'));
  console.log(`profile: ${join(dir, 'profile', written!)} (the data folder beside it is removed)`);
  await rm(join(dir, 'data'), { recursive: true, force: true });
} else {
  await rm(dir, { recursive: true, force: true });
}
