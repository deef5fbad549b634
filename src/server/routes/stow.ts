// STOW-RS (PS3.18 10.5): storing instances sent as multipart/related; type="application/dicom", parsed as a stream
// so memory holds a few parts at a time however large the request, with a per-instance result in the response.
import { MaxFileSizeExceededError, MultipartParseError, parseMultipartStream } from '@remix-run/multipart-parser/node';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import type { DicomJsonDataset } from '../../dicomweb/dicom-json.js';
import { tagOf } from '../../dicom/tags.js';
import { isValidUid } from '../dicom/parse-instance.js';
import { HttpError, badRequest, notAcceptable } from '../http-error.js';
import { parseMediaType } from '../../dicomweb/media-type.js';
import { acceptsDicomJson } from '../media-types.js';
import { IngestError, type IngestErrorCode, type IngestResult, type Store } from '../store/store.js';
import { defaultLimits, type ServerLimits } from '../limits.js';
import { dicomwebBaseUrl, warningHeader } from './base-url.js';
import { dicomwebUrl } from '../../dicom/dicomweb-path.js';
import { storeFailureReasons as failureReasons, storeWarningReasons as warningReasons } from '../../dicom/store-status.js';

/**
 * Failure Reason (0008,1197) and Warning Reason (0008,1196) values, from the table the client reads them with. A Study
 * Instance UID that differs from the URL's is "does not match" (0xA900), as the standard's examples and most archives
 * answer it. A data set sent without Part 10 header is stored with "coercion of data elements" (0xB000): the stored
 * file is not the one sent; the Warning header says what changed.
 */
export { failureReasons, warningReasons };

/** Parts stored at once: parsing the next part overlaps the fsync of the previous ones, memory stays at a few parts. */
const concurrentParts = 8;

/** The Failure Reason of each way ingest refuses an instance. */
export const failureReasonOfIngestError: Readonly<Record<IngestErrorCode, number>> = {
  'not-dicom': failureReasons.cannotUnderstand,
  'not-an-instance': failureReasons.sopClassNotSupported,
  truncated: failureReasons.cannotUnderstand,
  malformed: failureReasons.cannotUnderstand,
  'missing-uid': failureReasons.doesNotMatch,
  'unsupported-transfer-syntax': failureReasons.transferSyntaxNotSupported,
  conflict: failureReasons.processingFailure,
  'study-mismatch': failureReasons.doesNotMatch,
  'limit-exceeded': failureReasons.outOfResources,
  'out-of-space': failureReasons.outOfResources,
};

interface InstanceOutcome {
  /** Known when the part could be read far enough to name the instance. */
  sopClassUid?: string;
  sopInstanceUid?: string;
  stored?: IngestResult;
  failureReason?: number;
  /** Stored with a warning: the Warning Reason of its ReferencedSOPSequence item. */
  warningReason?: number;
  /** Why it failed or what the warning is about, for the Warning header (DICOM JSON has no place for text). */
  reason?: string;
  /** Failed because the disk is full. */
  outOfSpace?: boolean;
}

/** The request body grew past max-request-bytes. */
class RequestTooLargeError extends Error {}

/** The boundary and part type of a STOW-RS request's Content-Type; throws 415/400 with the reason. */
function checkRequestType(contentType: string | undefined): string {
  const range = parseMediaType(contentType ?? '');
  if (range.mediaType !== 'multipart/related') {
    throw new HttpError(415, `STOW-RS takes multipart/related; type="application/dicom"; Content-Type was "${contentType ?? ''}"`);
  }
  const type = (range.parameters['type'] ?? 'application/dicom').toLowerCase();
  if (type !== 'application/dicom') {
    throw new HttpError(
      415,
      `this server stores instances sent as application/dicom parts; type="${type}" (metadata and bulk data parts) is not supported`,
    );
  }
  const boundary = range.parameters['boundary'];
  if (!boundary) throw badRequest('the multipart/related Content-Type has no boundary parameter');
  return boundary;
}

/** A tag's four bytes in a little-endian data set, as a latin1 string to search for. */
function littleEndianTag(tag: string): string {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt16LE(Number.parseInt(tag.slice(0, 4), 16), 0);
  bytes.writeUInt16LE(Number.parseInt(tag.slice(4, 8), 16), 2);
  return bytes.toString('latin1');
}

function sopUidsOf(bytes: Uint8Array): { sopClassUid?: string; sopInstanceUid?: string } {
  // Best effort, for naming a failed instance: the UIDs are near the start of any file, so a short scan does.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString('latin1');
  const find = (tagBytes: string) => {
    const at = head.indexOf(tagBytes);
    if (at < 0) return undefined;
    const explicit = head.slice(at + 4, at + 6) === 'UI';
    const length = explicit ? head.charCodeAt(at + 6) | (head.charCodeAt(at + 7) << 8) : head.charCodeAt(at + 4) | (head.charCodeAt(at + 5) << 8);
    // Explicit VR (tag, VR, 16-bit length) and implicit VR (tag, 32-bit length) both start the value 8 bytes after the tag.
    const start = at + 8;
    const uid = head.slice(start, start + length).replace(/[\0 ]+$/, '');
    return isValidUid(uid) ? uid : undefined;
  };
  return { sopClassUid: find(littleEndianTag(tagOf('SOPClassUID'))), sopInstanceUid: find(littleEndianTag(tagOf('SOPInstanceUID'))) };
}

/** Bytes before the first delimiter that may be dropped: RFC 2046's preamble, which nobody uses for content. */
const maximumPreambleBytes = 64 * 1024;

/**
 * The body from its first `--boundary` on. RFC 2046 §5.1.1 allows a preamble (and a CRLF) before the first
 * delimiter, and dicomweb-client sends one (`\r\n--boundary`), but the multipart parser insists on starting
 * with the delimiter.
 */
/** The body's chunks, failing with RequestTooLargeError once more than `limit` bytes came. */
async function* atMost(body: AsyncIterable<Buffer>, limit: number): AsyncGenerator<Buffer> {
  let received = 0;
  for await (const chunk of body) {
    received += chunk.length;
    if (received > limit) throw new RequestTooLargeError(`the request body is larger than ${limit} bytes (the limit max-request-bytes); the parts after that were not read`);
    yield chunk;
  }
}

async function* withoutPreamble(body: AsyncIterable<Buffer>, boundary: string): AsyncGenerator<Buffer> {
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  let head: Buffer = Buffer.alloc(0);
  const chunks = body[Symbol.asyncIterator]();
  for (;;) {
    const next = await chunks.next();
    if (next.done) {
      if (head.length > 0) yield head;
      return;
    }
    head = head.length === 0 ? next.value : Buffer.concat([head, next.value]);
    const at = head.indexOf(delimiter);
    if (at >= 0) {
      yield head.subarray(at);
      break;
    }
    if (head.length > maximumPreambleBytes) {
      yield head;
      break;
    }
  }
  for (;;) {
    const next = await chunks.next();
    if (next.done) return;
    yield next.value;
  }
}

async function storePart(store: Store, bytes: Uint8Array, partType: string | null | undefined, studyInstanceUid: string | undefined, log: (error: unknown) => void): Promise<InstanceOutcome> {
  if (partType && parseMediaType(partType).mediaType !== 'application/dicom') {
    return { failureReason: failureReasons.cannotUnderstand, reason: `a part of type "${partType}" is not an application/dicom instance` };
  }
  const uids = sopUidsOf(bytes);
  try {
    const stored = await store.ingest(bytes, studyInstanceUid === undefined ? {} : { studyInstanceUid });
    if (stored.status === 'kept-existing') {
      return {
        ...uids,
        failureReason: failureReasons.duplicateSopInstance,
        reason: `${stored.sopInstanceUid} is already stored with different content; the stored copy was kept`,
      };
    }
    const { sopClassUid, sopInstanceUid } = stored;
    if (stored.changed !== undefined) {
      return { sopClassUid, sopInstanceUid, stored, warningReason: warningReasons.coercionOfDataElements, reason: `stored with a warning: ${stored.changed}` };
    }
    return { sopClassUid, sopInstanceUid, stored };
  } catch (error) {
    if (error instanceof IngestError) {
      return { ...uids, failureReason: failureReasonOfIngestError[error.code], reason: error.message, ...(error.code === 'out-of-space' && { outOfSpace: true }) };
    }
    // Anything else is the server's fault; its text (a file path, an SQLite message) stays in the log.
    log(error);
    return { ...uids, failureReason: failureReasons.processingFailure, reason: 'the server failed to store it; see the server log' };
  }
}

function sopReference(outcome: InstanceOutcome): DicomJsonDataset {
  const item: DicomJsonDataset = {};
  if (outcome.sopClassUid) item[tagOf('ReferencedSOPClassUID')] = { vr: 'UI', Value: [outcome.sopClassUid] };
  if (outcome.sopInstanceUid) item[tagOf('ReferencedSOPInstanceUID')] = { vr: 'UI', Value: [outcome.sopInstanceUid] };
  return item;
}

/** The Store Instances response dataset (PS3.18 10.5.3.1). */
function responseDataset(outcomes: InstanceOutcome[], base: string, studyInstanceUid: string | undefined): DicomJsonDataset {
  const dataset: DicomJsonDataset = {};
  const stored = outcomes.filter((outcome) => outcome.stored);
  const failed = outcomes.filter((outcome) => !outcome.stored);
  const studies = new Set(stored.map((outcome) => outcome.stored!.studyInstanceUid));
  const study = studyInstanceUid ?? (studies.size === 1 ? [...studies][0] : undefined);
  if (study) dataset[tagOf('RetrieveURL')] = { vr: 'UR', Value: [dicomwebUrl(base, { studyInstanceUid: study })] };
  if (failed.length > 0) {
    dataset[tagOf('FailedSOPSequence')] = {
      vr: 'SQ',
      Value: failed.map((outcome) => ({ ...sopReference(outcome), [tagOf('FailureReason')]: { vr: 'US', Value: [outcome.failureReason] } })),
    };
  }
  if (stored.length > 0) {
    dataset[tagOf('ReferencedSOPSequence')] = {
      vr: 'SQ',
      Value: stored.map((outcome) => {
                return {
          ...sopReference(outcome),
          [tagOf('RetrieveURL')]: { vr: 'UR', Value: [dicomwebUrl(base, outcome.stored!)] },
          ...(outcome.warningReason !== undefined && { [tagOf('WarningReason')]: { vr: 'US', Value: [outcome.warningReason] } }),
        };
      }),
    };
  }
  return dataset;
}

export async function stowRoutes(app: FastifyInstance, options: { store: Store; limits?: Pick<ServerLimits, 'maxPartBytes' | 'maxRequestBytes' | 'maxInFlightBytes'> }): Promise<void> {
  const { store } = options;
  const { maxPartBytes, maxRequestBytes, maxInFlightBytes } = options.limits ?? defaultLimits;

  // The body stays a stream: the route parses it part by part.
  app.addContentTypeParser('multipart/related', (_request, payload, done) => done(null, payload));

  async function storeInstances(request: FastifyRequest, reply: FastifyReply, studyInstanceUid: string | undefined) {
    if (!acceptsDicomJson(request.headers.accept)) {
      throw notAcceptable(`the Store Instances response is available as application/dicom+json only; Accept was "${request.headers.accept}"`);
    }
    if (studyInstanceUid !== undefined && !isValidUid(studyInstanceUid)) throw badRequest(`"${studyInstanceUid}" is not a valid Study Instance UID`);
    const boundary = checkRequestType(request.headers['content-type']);
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxRequestBytes) {
      reply.header('Connection', 'close');
      throw new HttpError(413, `the request body is ${declared} bytes, more than ${maxRequestBytes} (the limit max-request-bytes); send the instances in several requests`);
    }
    const body = request.body as Readable;
    const outcomes: InstanceOutcome[] = [];
    const inFlight = new Set<Promise<void>>();
    let inFlightBytes = 0;
    let malformed: string | undefined;
    const log = (error: unknown) => request.log.error(error);
    try {
      for await (const part of parseMultipartStream(Readable.from(withoutPreamble(atMost(body, maxRequestBytes), boundary)), {
        boundary,
        maxFileSize: maxPartBytes,
        maxParts: Number.POSITIVE_INFINITY,
        maxTotalSize: Number.POSITIVE_INFINITY,
      })) {
        const index = outcomes.length;
        outcomes.push({});
        const bytes = part.content.length === 1 ? part.content[0]! : part.bytes;
        inFlightBytes += bytes.length;
        const task = storePart(store, bytes, part.headers['content-type'], studyInstanceUid, log).then((outcome) => {
          outcomes[index] = outcome;
        });
        inFlight.add(task);
        void task.finally(() => {
          inFlight.delete(task);
          inFlightBytes -= bytes.length;
        });
        // Memory holds the parts being stored: wait for some to finish before parsing the next.
        while (inFlight.size >= concurrentParts || (inFlight.size > 0 && inFlightBytes >= maxInFlightBytes)) await Promise.race(inFlight);
      }
    } catch (error) {
      if (error instanceof MaxFileSizeExceededError) {
        outcomes.push({ failureReason: failureReasons.outOfResources, reason: `a part is larger than ${maxPartBytes} bytes (the limit max-part-bytes)` });
      } else if (error instanceof RequestTooLargeError) {
        outcomes.push({ failureReason: failureReasons.outOfResources, reason: error.message });
        // The rest of the body is not read: the connection closes once answered.
        reply.header('Connection', 'close');
      } else if (error instanceof MultipartParseError || (error as Error).message?.includes('boundary')) {
        malformed = (error as Error).message;
      } else {
        malformed = `the request body could not be read: ${(error as Error).message}`;
      }
      if (!(error instanceof RequestTooLargeError)) body.resume();
    }
    await Promise.all(inFlight);
    if (outcomes.length === 0) throw badRequest(malformed ? `malformed multipart body: ${malformed}` : 'the request holds no instance');
    const storedCount = outcomes.filter((outcome) => outcome.stored).length;
    // The audit trail names what was stored, which the URL does not say.
    request.audited = outcomes.flatMap(({ stored }) =>
      stored ? [{ studyInstanceUid: stored.studyInstanceUid, seriesInstanceUid: stored.seriesInstanceUid, sopInstanceUid: stored.sopInstanceUid }] : [],
    );
    const warned = outcomes.some((outcome) => outcome.warningReason !== undefined);
    const warnings = outcomes.flatMap((outcome, index) => (outcome.reason ? [`${outcome.sopInstanceUid ?? `part ${index + 1}`}: ${outcome.reason}`] : []));
    if (malformed) warnings.push(`the body ended malformed after ${outcomes.length} part(s): ${malformed}`);
    // Warning header values stay short: the first reasons say enough, and a header has a size limit.
    if (warnings.length > 0) reply.header('Warning', warnings.slice(0, 10).map((warning) => warningHeader(request, warning)));
    // PS3.18 10.5.3: 202 when some instances failed or were stored with warnings.
    // Nothing stored for want of disk space: 507 Insufficient Storage (RFC 4918), which the client may retry later.
    const outOfSpace = storedCount === 0 && outcomes.some((outcome) => outcome.outOfSpace);
    reply.status(storedCount === outcomes.length && !malformed && !warned ? 200 : storedCount > 0 ? 202 : outOfSpace ? 507 : 409);
    reply.type('application/dicom+json');
    return JSON.stringify(responseDataset(outcomes, dicomwebBaseUrl(request), studyInstanceUid));
  }

  // POST /dicom-web/studies
  app.post('/studies', (request, reply) => storeInstances(request, reply, undefined));

  // POST /dicom-web/studies/{StudyInstanceUID}
  app.post<{ Params: { study: string } }>('/studies/:study', (request, reply) => storeInstances(request, reply, request.params.study));
}
