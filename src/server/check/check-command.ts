// The `check` command of the CLI: opens the store (which reclaims temporary files and settles interrupted deletes),
// checks it, prints the report; exit status 0 when nothing is left wrong, 1 otherwise.
import { openFileStore } from '../store/store.js';
import { checkStore, formatCheckReport } from './check-store.js';

export async function runCheckCommand(dataDir: string, options: { repair: boolean }, out: NodeJS.WritableStream): Promise<number> {
  const store = await openFileStore(dataDir);
  try {
    const report = await checkStore(store, options);
    out.write(formatCheckReport(report, options.repair));
    return report.problems.every((problem) => problem.repaired) ? 0 : 1;
  } finally {
    await store.close();
  }
}
