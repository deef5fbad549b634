// `npm run bench`: every speed and size figure beside its peer, from one run of each benchmark (server, viewer,
// size), printed as one table and written to bench/results/all.json. Each part can run alone too
// (`npm run bench:server`, `bench:viewer`, `bench:size`).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

interface Spread {
  median: number;
  min?: number;
  max?: number;
}

interface Row {
  figure: string;
  ours: Spread | number;
  peer: Spread | number;
  peerIs: string;
  target?: string;
}

const results = (name: string) => fileURLToPath(new URL(`./results/${name}.json`, import.meta.url));
const parts = ['server', 'viewer', 'size'] as const;

function run(part: (typeof parts)[number]): boolean {
  process.stderr.write(`\n== bench:${part}\n`);
  const script = fileURLToPath(new URL(`./${part}/run.ts`, import.meta.url));
  const outcome = spawnSync(process.execPath, ['--import', 'tsx', script], { stdio: 'inherit', timeout: 15 * 60_000 });
  if (outcome.status !== 0) process.stderr.write(`bench:${part} failed (${outcome.status ?? outcome.signal}); its rows are missing below\n`);
  return outcome.status === 0;
}

/** bench/results/server.json keeps ours and Orthanc's figures by name. */
function serverRows(): Row[] {
  const { ours, orthanc } = JSON.parse(readFileSync(results('server'), 'utf8'));
  const row = (figure: string, key: string, target = ''): Row => ({ figure, ours: ours[key], peer: orthanc[key], peerIs: 'Orthanc (Debian)', target });
  return [
    row('STOW ingest, 200×512² CT, instances/s', 'stowInstancesPerSecond', '≥ 2'),
    row('STOW ingest, MB/s', 'stowMegabytesPerSecond'),
    row('QIDO study search, median ms', 'qidoMedianMs', '≤ 1'),
    row('QIDO study search, p95 ms', 'qidoP95Ms'),
    row('series metadata, 200 instances, ms', 'seriesMetadataMs', '≤ 0.5'),
    row('frames/s, 1 connection', 'framesPerSecond1'),
    row('frames/s, 6 connections', 'framesPerSecond6', '≥ 1.5'),
    row('random frame of a 200-frame file, ms', 'randomMultiFrameFrameMs', 'ours ≤ 10 ms'),
  ];
}

/** bench/results/viewer.json and size.json hold rows already. */
function listedRows(name: string): Row[] {
  return JSON.parse(readFileSync(results(name), 'utf8')).figures as Row[];
}

const median = (value: Spread | number) => (typeof value === 'number' ? value : value.median);
const shown = (value: Spread | number) => {
  if (typeof value === 'number') return format(value);
  const spread = value.min !== undefined && value.max !== undefined ? ` (${format(value.min)}–${format(value.max)})` : '';
  return `${format(value.median)}${spread}`;
};
const format = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(value >= 10 ? 1 : 2));

const selected = process.argv.slice(2).filter((part): part is (typeof parts)[number] => (parts as readonly string[]).includes(part));
for (const part of selected.length ? selected : parts) run(part);

const rows: Row[] = [];
for (const [name, read] of [['server', serverRows], ['viewer', () => listedRows('viewer')], ['size', () => listedRows('size')]] as const) {
  if (existsSync(results(name))) rows.push(...read());
  else process.stderr.write(`no bench/results/${name}.json: run bench:${name}\n`);
}
const table = [
  '| figure | ours (min–max) | peer (min–max) | peer is | ours/peer | target |',
  '|---|---|---|---|---|---|',
  ...rows.map((row) => `| ${row.figure} | ${shown(row.ours)} | ${shown(row.peer)} | ${row.peerIs} | ${(median(row.ours) / median(row.peer)).toFixed(2)} | ${row.target ?? ''} |`),
];
process.stdout.write(`\n${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), ${new Date().toISOString()}\n\n${table.join('\n')}\n`);
writeFileSync(results('all'), JSON.stringify({ date: new Date().toISOString(), cpus: cpus().length, rows }, null, 2));
