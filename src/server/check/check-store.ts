// `dicom-lightbox check [--repair]`: the index against the files. Every indexed instance must have its file, with
// the SHA-256 recorded at ingest (and a deflated one its inflated copy); every file must be named by the index.
// Repair drops rows whose file is gone, re-indexes files nobody names (or removes those that cannot be stored or
// are another copy of an instance stored already) and rebuilds missing inflated copies. A file whose hash differs
// is reported and left alone: which of the two is right is for a person to decide.
import { createHash } from 'node:crypto';
import type { DicomStore } from '../store/store.js';
import { isIndexedBlob } from '../store/store.js';
import type { InstanceLocation } from '../store/instance-index.js';
import { transferSyntaxUids } from '../../dicom/transfer-syntax.js';
import { parseInstance } from '../dicom/parse-instance.js';

export interface CheckProblem {
  kind: 'missing-file' | 'missing-inflated-copy' | 'hash-mismatch' | 'orphan-file';
  /** The blob key (relative to the store's blob folder). */
  blobKey: string;
  sopInstanceUid?: string;
  /** What repair did; absent when not repairing or when left alone. */
  repaired?: 'row-dropped' | 're-indexed' | 'file-removed' | 'copy-rebuilt';
}

export interface CheckReport {
  instances: number;
  files: number;
  problems: CheckProblem[];
}

async function sha256Of(stream: NodeJS.ReadableStream): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const inflatedSuffix = '.inflated';

/** Checks (and with `repair`, repairs) the store; see the file's opening comment. */
export async function checkStore(store: DicomStore, options: { repair?: boolean } = {}): Promise<CheckReport> {
  const { index, blobs } = store;
  if (!index.allInstances) throw new Error('this index cannot list its instances, so it cannot be checked');
  const problems: CheckProblem[] = [];
  let instances = 0;
  const missing: InstanceLocation[] = [];
  for await (const instance of index.allInstances()) {
    instances += 1;
    if (!(await blobs.has(instance.blobKey))) {
      problems.push({ kind: 'missing-file', blobKey: instance.blobKey, sopInstanceUid: instance.sopInstanceUid });
      missing.push(instance);
      continue;
    }
    if ((await sha256Of(blobs.readStream(instance.blobKey))) !== instance.sha256) {
      problems.push({ kind: 'hash-mismatch', blobKey: instance.blobKey, sopInstanceUid: instance.sopInstanceUid });
    }
    const inflatedKey = instance.blobKey + inflatedSuffix;
    if (instance.transferSyntaxUid === transferSyntaxUids.deflatedExplicitVrLittleEndian && !(await blobs.has(inflatedKey))) {
      const problem: CheckProblem = { kind: 'missing-inflated-copy', blobKey: inflatedKey, sopInstanceUid: instance.sopInstanceUid };
      if (options.repair) {
        const { inflated } = parseInstance(await blobs.read(instance.blobKey), () => '');
        if (inflated) {
          await blobs.put(inflatedKey, inflated);
          problem.repaired = 'copy-rebuilt';
        }
      }
      problems.push(problem);
    }
  }
  if (options.repair) {
    for (const instance of missing) {
      await index.remove({ studyInstanceUid: instance.studyInstanceUid, seriesInstanceUid: instance.seriesInstanceUid, sopInstanceUid: instance.sopInstanceUid });
      problems.find((problem) => problem.kind === 'missing-file' && problem.blobKey === instance.blobKey)!.repaired = 'row-dropped';
    }
  }

  let files = 0;
  const keys: string[] = [];
  for await (const key of blobs.keys()) keys.push(key);
  // Instance files before inflated copies: re-indexing a deflated file writes its copy.
  keys.sort((a, b) => Number(a.endsWith(inflatedSuffix)) - Number(b.endsWith(inflatedSuffix)));
  for (const key of keys) {
    files += 1;
    if (await isIndexedBlob(index, key)) continue;
    const problem: CheckProblem = { kind: 'orphan-file', blobKey: key };
    problems.push(problem);
    if (!options.repair) continue;
    if (!key.endsWith(inflatedSuffix)) {
      try {
        const result = await store.ingest(await blobs.read(key));
        problem.sopInstanceUid = result.sopInstanceUid;
        if (result.status === 'stored' && (await isIndexedBlob(index, key))) {
          problem.repaired = 're-indexed';
          continue;
        }
      } catch {
        // Not storable: removed below.
      }
    }
    // Not storable, another copy of an instance indexed already, or an inflated copy nobody names.
    if (!(await isIndexedBlob(index, key))) {
      await blobs.delete(key);
      problem.repaired = 'file-removed';
    } else {
      problem.repaired = 're-indexed';
    }
  }
  return { instances, files, problems };
}

/** The report as lines for a person, ending with a summary. */
export function formatCheckReport(report: CheckReport, repair: boolean): string {
  const lines = report.problems.map((problem) => {
    const what = {
      'missing-file': 'indexed, but its file is missing',
      'missing-inflated-copy': 'a deflated instance whose inflated copy is missing',
      'hash-mismatch': 'its file differs from the one stored (SHA-256); left alone',
      'orphan-file': 'a file the index does not name',
    }[problem.kind];
    const done = problem.repaired ? ` → ${problem.repaired}` : '';
    return `${problem.blobKey}${problem.sopInstanceUid ? ` (${problem.sopInstanceUid})` : ''}: ${what}${done}`;
  });
  const unrepaired = report.problems.filter((problem) => !problem.repaired).length;
  lines.push(
    `${report.instances} instance(s) indexed, ${report.files} file(s); ${report.problems.length} problem(s)` +
      (repair ? `, ${report.problems.length - unrepaired} repaired` : report.problems.length > 0 ? ' (run with --repair to repair)' : ''),
  );
  return `${lines.join('\n')}\n`;
}
