// `npm run bench`: every speed and size figure beside its peer, from one run of each benchmark (server, viewer,
// size, measurements), printed as one table and written to bench/results/all.json. Each part can run alone too
// (`npm run bench:server`, `bench:viewer`, `bench:size`, `bench:measurements`).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { formatSpread, ratioText, type Spread } from './stats.js';

/** A part's figure: a bare number (sizes) or a median, with its spread when the part measured one. */
type Figure = number | (Pick<Spread, 'median'> & Partial<Spread>);

interface Row {
  figure: string;
  ours: Figure;
  peer: Figure;
  peerIs: string;
  target?: string;
}

const results = (name: string) => fileURLToPath(new URL(`./results/${name}.json`, import.meta.url));
const parts = ['server', 'viewer', 'size', 'measurements'] as const;
/** Each part's script; a part named like its folder runs that folder's run.ts. */
const scripts: Record<(typeof parts)[number], string> = { server: 'server/run.ts', viewer: 'viewer/run.ts', size: 'size/run.ts', measurements: 'viewer/measurement-run.ts' };

/** Runs one part in its own process; true when it finished and wrote its results. */
function run(part: (typeof parts)[number]): boolean {
  process.stderr.write(`\n== bench:${part}\n`);
  const started = performance.now();
  const script = fileURLToPath(new URL(`./${scripts[part]}`, import.meta.url));
  // The time limit is a backstop for a hung part; each part bounds its own loops. SIGTERM lets it stop its servers.
  const outcome = spawnSync(process.execPath, ['--import', 'tsx', script], { stdio: 'inherit', timeout: 15 * 60_000, killSignal: 'SIGTERM' });
  process.stderr.write(`bench:${part} took ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  if (outcome.status !== 0) process.stderr.write(`bench:${part} failed (${outcome.status ?? outcome.signal}); its rows are missing below\n`);
  return outcome.status === 0;
}

/** Every part writes bench/results/<part>.json with its rows as `figures`. */
function listedRows(name: string): Row[] {
  return JSON.parse(readFileSync(results(name), 'utf8')).figures as Row[];
}

const median = (value: Figure) => (typeof value === 'number' ? value : value.median);

const started = performance.now();
const selected = process.argv.slice(2).filter((part): part is (typeof parts)[number] => (parts as readonly string[]).includes(part));
const ran = new Map((selected.length ? selected : parts).map((part) => [part, run(part)]));

const rows: Row[] = [];
for (const part of parts) {
  // A part that failed in this run may have left an older file behind: its figures would pass for today's.
  if (ran.get(part) === false) continue;
  if (existsSync(results(part))) rows.push(...listedRows(part));
  else process.stderr.write(`no bench/results/${part}.json: run bench:${part}\n`);
}
const table = [
  '| figure | ours (min–max) | peer (min–max) | peer is | ours/peer | target |',
  '|---|---|---|---|---|---|',
  ...rows.map((row) => `| ${row.figure} | ${formatSpread(row.ours)} | ${formatSpread(row.peer)} | ${row.peerIs} | ${ratioText(median(row.ours), median(row.peer))} | ${row.target ?? ''} |`),
];
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`\n${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), ${new Date().toISOString()}, ${seconds.toFixed(0)} s\n\n${table.join('\n')}\n`);
writeFileSync(results('all'), JSON.stringify({ date: new Date().toISOString(), cpus: cpus().length, seconds, rows }, null, 2));
