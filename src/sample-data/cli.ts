// Command line: `tsx src/sample-data/cli.ts <dir> [--ct-slices N]` writes the sample studies, the sample patient's prior and
// the compressed series into <dir>: what `serve --sample` stores.
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { generateCompressedSampleInstances } from './compressed.js';
import { writeInstances, writeSampleData } from './generate.js';
import { generatePriorInstances } from './prior.js';

const usage = 'usage: tsx src/sample-data/cli.ts <dir> [--ct-slices N]';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { 'ct-slices': { type: 'string' } }, allowPositionals: true });
  const dir = positionals[0];
  const ctSlices = values['ct-slices'] === undefined ? undefined : Number(values['ct-slices']);
  if (positionals.length !== 1 || !dir || (ctSlices !== undefined && !(Number.isInteger(ctSlices) && ctSlices > 0))) {
    console.error(usage);
    process.exitCode = 2;
    return;
  }
  const started = performance.now();
  const paths = [
    ...(await writeSampleData(dir, ctSlices === undefined ? {} : { ctSlices })),
    ...(await writeInstances(dir, generatePriorInstances())),
    ...(await writeInstances(dir, await generateCompressedSampleInstances())),
  ];
  let bytes = 0;
  for (const path of paths) bytes += (await stat(path)).size;
  const seconds = (performance.now() - started) / 1000;
  console.log(`wrote ${paths.length} files, ${(bytes / 1e6).toFixed(1)} MB, to ${dir} in ${seconds.toFixed(1)} s`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
