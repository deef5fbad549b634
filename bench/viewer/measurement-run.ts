// `npx tsx bench/viewer/measurement-run.ts`: the measurement benchmarks that `npm run bench` runs as its
// `measurements` part: the ellipse ROI handle drag beside bare Cornerstone3D (measurement-drag.ts) and the first image
// of a study with a 50-measurement SR beside the same study without one (measurement-report.ts), each in its own
// process; their rows together in bench/results/measurements.json.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const result = (name: string) => fileURLToPath(new URL(`../results/${name}.json`, import.meta.url));
const rows: unknown[] = [];
let failed = false;
for (const name of ['measurement-drag', 'measurement-report']) {
  // A stale file from an earlier run must not pass for this one's.
  rmSync(result(name), { force: true });
  const script = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  const outcome = spawnSync(process.execPath, ['--import', 'tsx', script], { stdio: 'inherit', timeout: 10 * 60_000, killSignal: 'SIGTERM' });
  if (outcome.status !== 0 || !existsSync(result(name))) {
    process.stderr.write(`${name} failed (${outcome.status ?? outcome.signal})\n`);
    failed = true;
    continue;
  }
  rows.push(...(JSON.parse(readFileSync(result(name), 'utf8')) as { figures: unknown[] }).figures);
}
writeFileSync(result('measurements'), `${JSON.stringify({ date: new Date().toISOString(), cpus: cpus().length, loadAverage: loadavg(), figures: rows }, null, 2)}\n`);
if (failed) process.exitCode = 1;
