// WADO-RS (PS3.18 10.4): metadata of a study, series or instance, frames and bulk data, streamed from stored byte ranges.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DicomJsonDataset } from '../../dicomweb/dicom-json.js';
import { tagOf } from '../../dicom/tags.js';
import { swapBytes, swapUnitOfPixelData, swapUnitOfVr, vrAtPath, type SwapUnit } from '../dicom/byte-order.js';
import type { ByteRange } from '../dicom/parse-instance.js';
import { transferSyntaxUids } from '../../dicom/transfer-syntax.js';
import { HttpError, badRequest, notAcceptable, notFound, notFoundIfDeleted } from '../http-error.js';
import { acceptsDicomJson } from '../media-types.js';
import { createBoundary, multipartFraming, multipartRelatedContentType, type MultipartWritePart } from '../multipart.js';
import type { InstanceLocation } from '../store/instance-index.js';
import type { MetadataTarget, Store } from '../store/store.js';
import { dicomwebBaseUrl } from './base-url.js';
import { decodedFrames, decodedPhotometricWarning, storedPixelLayout } from './decoded-frames.js';
import { negotiateFrames, type FrameRepresentation } from './frame-negotiation.js';
import { replyMultipart } from './reply-multipart.js';
import type { FrameDecoder } from '../imaging/decode-pool.js';
import { inProcessDecoder } from '../imaging/in-process-decoder.js';
import { dicomwebUrl } from '../../dicom/dicomweb-path.js';

interface InstanceParams {
  study: string;
  series: string;
  instance: string;
}

/**
 * Metadata as stored is DICOM JSON text with BulkDataURIs relative to the DICOMweb root; they are made absolute
 * here, by the host the client used. The exact key-and-quote prefix cannot occur inside a JSON string value
 * (quotes there are escaped), so the replacement only touches BulkDataURI members.
 */
function metadataBody(request: FastifyRequest, instances: string[]): string {
  const absolute = `"BulkDataURI":"${dicomwebBaseUrl(request)}/studies/`;
  return `[${instances.join(',')}]`.replaceAll('"BulkDataURI":"studies/', absolute);
}

/**
 * Parses a frame list (PS3.18 10.4.1.1.3: comma-separated frame numbers, counted from 1, in any order). Frames
 * are answered in the order listed, each once: a repeated number is collapsed into its first mention, so a list
 * cannot multiply the work of one costly frame.
 */
export function parseFrameList(list: string): number[] {
  if (!/^\d+(,\d+)*$/.test(list)) throw badRequest(`malformed frame list "${list.slice(0, 100)}": expected frame numbers separated by commas, e.g. 1,2,3`);
  const frames = [...new Set(list.split(',').map(Number))];
  if (frames.some((frame) => frame < 1 || !Number.isSafeInteger(frame))) throw badRequest(`frame numbers start at 1: "${list.slice(0, 100)}"`);
  return frames;
}

/** The instance at the URL, or 404 when it is not stored there (the SOP Instance UID must sit in that series and study). */
async function instanceAt(store: Store, params: InstanceParams): Promise<InstanceLocation> {
  const instance = await store.findInstance(params.instance);
  if (!instance || instance.studyInstanceUid !== params.study || instance.seriesInstanceUid !== params.series) {
    throw notFound(`no instance ${params.instance} in series ${params.series} of study ${params.study}`);
  }
  return instance;
}

/**
 * Each buffer with its numbers byte-swapped (big-endian data answered as little endian). The store yields one buffer
 * per range, so no number straddles two buffers.
 */
async function* swapped(chunks: AsyncIterable<Buffer>, unit: SwapUnit): AsyncIterable<Buffer> {
  for await (const chunk of chunks) {
    swapBytes(chunk, unit);
    yield chunk;
  }
}

/** Frame responses up to this size are read into one buffer and written at once; larger ones stream part by part. */
const wholeBodyLimit = 16 * 1024 * 1024;

/** The swap unit of a frame's samples, as BitsAllocated says (big-endian native frames answered as little endian). */
function sampleSwapUnit(bitsAllocated: number | undefined): SwapUnit {
  return bitsAllocated === 16 || bitsAllocated === 32 || bitsAllocated === 64 ? ((bitsAllocated / 8) as SwapUnit) : 1;
}

/**
 * How the bytes of a bulk data element of a big-endian instance are swapped into little endian: by its VR, which the
 * instance's metadata records (pixel data by its samples, see swapUnitOfPixelData).
 */
async function bulkDataSwapUnit(store: Store, instance: InstanceLocation, path: string): Promise<SwapUnit> {
  const [metadata] = (await store.retrieveMetadata(instance)) ?? [];
  if (metadata === undefined) throw notFound(`instance ${instance.sopInstanceUid} was deleted`);
  const vr = vrAtPath(JSON.parse(metadata) as DicomJsonDataset, path);
  if (vr === undefined) throw new HttpError(500, `the metadata of instance ${instance.sopInstanceUid} has no element at ${path}, so its byte order is unknown`);
  return path.toUpperCase() === tagOf('PixelData') ? swapUnitOfPixelData(vr, instance.bitsAllocated) : swapUnitOfVr(vr);
}

/**
 * Frames as multipart/related. The common case (a few frames) is one buffer: part heads written and each
 * frame's ranges read straight into their place, one allocation, no copy, one write to the socket; a frame
 * read is then a cached location, a read from a cached file handle, and the send.
 */
async function sendFrames(
  reply: FastifyReply,
  store: Store,
  instance: InstanceLocation,
  frames: Array<{ ranges: ByteRange[]; location: string }>,
  representation: FrameRepresentation,
): Promise<FastifyReply> {
  const parts = frames.map(({ ranges, location }) => framePart(store, instance, ranges, representation, location));
  const boundary = createBoundary();
  const { heads, close, length } = multipartFraming(boundary, parts);
  if (length > wholeBodyLimit) return replyMultipart(reply, representation.mediaType, parts);
  const body = Buffer.allocUnsafe(length);
  let at = 0;
  for (const [index, { ranges }] of frames.entries()) {
    body.set(heads[index]!, at);
    at += heads[index]!.length;
    try {
      await store.readRangesInto(instance, ranges, body, at);
    } catch (error) {
      throw notFoundIfDeleted(error, instance.sopInstanceUid);
    }
    const partLength = parts[index]!.length;
    if (representation.swapBytes) swapBytes(body.subarray(at, at + partLength), sampleSwapUnit(instance.bitsAllocated));
    at += partLength;
  }
  body.set(close, at);
  reply.type(multipartRelatedContentType(boundary, representation.mediaType));
  reply.header('Content-Length', length);
  return reply.send(body);
}

/** Frames of a compressed instance decoded to explicit VR little endian, one part each. */
async function sendDecodedFrames(
  request: FastifyRequest,
  reply: FastifyReply,
  store: Store,
  decoder: FrameDecoder,
  instance: InstanceLocation,
  frames: Array<{ number: number; ranges: ByteRange[]; location: string }>,
  representation: FrameRepresentation,
): Promise<FastifyReply> {
  const layout = await storedPixelLayout(store, instance);
  const decoded = await decodedFrames(store, decoder, instance, layout, frames);
  const warning = decodedPhotometricWarning(request, instance, layout);
  if (warning) reply.header('Warning', warning);
  const parts: MultipartWritePart[] = decoded.map((bytes, index) => ({
    headers: { 'Content-Type': representation.partContentType, 'Content-Location': frames[index]!.location },
    length: bytes.length,
    body: [bytes],
  }));
  return replyMultipart(reply, representation.mediaType, parts);
}

function framePart(store: Store, instance: InstanceLocation, ranges: ByteRange[], representation: FrameRepresentation, location: string): MultipartWritePart {
  return {
    headers: { 'Content-Type': representation.partContentType, 'Content-Location': location },
    length: ranges.reduce((sum, range) => sum + range.length, 0),
    body: representation.swapBytes ? swapped(store.readRanges(instance, ranges), sampleSwapUnit(instance.bitsAllocated)) : store.readRanges(instance, ranges),
  };
}

export async function wadoRoutes(app: FastifyInstance, options: { store: Store; decoder?: FrameDecoder }): Promise<void> {
  const { store } = options;
  const decoder = options.decoder ?? inProcessDecoder;

  async function sendMetadata(request: FastifyRequest, reply: FastifyReply, target: MetadataTarget, what: string) {
    if (!acceptsDicomJson(request.headers.accept)) {
      throw notAcceptable(`metadata is available as application/dicom+json only; Accept was "${request.headers.accept}"`);
    }
    const instances = await store.retrieveMetadata(target);
    if (!instances) throw notFound(`${what} is not stored here`);
    reply.type('application/dicom+json');
    return metadataBody(request, instances);
  }

  // GET /dicom-web/studies/{StudyInstanceUID}/metadata
  app.get<{ Params: { study: string } }>('/studies/:study/metadata', (request, reply) =>
    sendMetadata(request, reply, { studyInstanceUid: request.params.study }, `study ${request.params.study}`),
  );

  // GET /dicom-web/studies/{StudyInstanceUID}/series/{SeriesInstanceUID}/metadata
  app.get<{ Params: { study: string; series: string } }>('/studies/:study/series/:series/metadata', (request, reply) => {
    const { study, series } = request.params;
    return sendMetadata(request, reply, { studyInstanceUid: study, seriesInstanceUid: series }, `series ${series} of study ${study}`);
  });

  // GET /dicom-web/studies/{StudyInstanceUID}/series/{SeriesInstanceUID}/instances/{SOPInstanceUID}/metadata
  app.get<{ Params: InstanceParams }>('/studies/:study/series/:series/instances/:instance/metadata', (request, reply) => {
    const { study, series, instance } = request.params;
    return sendMetadata(
      request,
      reply,
      { studyInstanceUid: study, seriesInstanceUid: series, sopInstanceUid: instance },
      `instance ${instance} in series ${series} of study ${study}`,
    );
  });

  // GET /dicom-web/studies/{StudyInstanceUID}/series/{SeriesInstanceUID}/instances/{SOPInstanceUID}/frames/{FrameList}
  app.get<{ Params: InstanceParams & { frames: string } }>(
    '/studies/:study/series/:series/instances/:instance/frames/:frames',
    async (request, reply) => {
      const frameNumbers = parseFrameList(request.params.frames);
      const instance = await instanceAt(store, request.params);
      if (instance.numberOfFrames === 0) throw notFound(`instance ${instance.sopInstanceUid} has no pixel data, so no frames`);
      // A frame past the end names a resource that does not exist: 404, as for any unknown target resource
      // (PS3.18 status codes: 404 for a target resource that does not exist); the list itself was well formed, so not 400.
      const missing = frameNumbers.filter((frame) => frame > instance.numberOfFrames);
      if (missing.length > 0) {
        throw notFound(`instance ${instance.sopInstanceUid} has ${instance.numberOfFrames} frame(s); no frame ${missing.join(', ')}`);
      }
      if (!instance.frames) {
        throw new HttpError(
          501,
          `the frames of instance ${instance.sopInstanceUid} cannot be told apart (encapsulated, several fragments per frame, no Basic Offset Table); not implemented yet`,
        );
      }
      const negotiation = negotiateFrames(request.headers.accept, instance.transferSyntaxUid);
      if (!negotiation.ok) throw notAcceptable(negotiation.reason);
      const { representation } = negotiation;
      const base = dicomwebBaseUrl(request);
      const frames = instance.frames;
      const asked = frameNumbers.map((frame) => ({ number: frame, ranges: frames[frame - 1]!, location: dicomwebUrl(base, instance, { frames: [frame] }) }));
      if (representation.decode) return sendDecodedFrames(request, reply, store, decoder, instance, asked, representation);
      return sendFrames(reply, store, instance, asked, representation);
    },
  );

  // GET /dicom-web/studies/{StudyInstanceUID}/series/{SeriesInstanceUID}/instances/{SOPInstanceUID}/bulkdata/{path}
  app.get<{ Params: InstanceParams & { '*': string } }>(
    '/studies/:study/series/:series/instances/:instance/bulkdata/*',
    async (request, reply) => {
      const instance = await instanceAt(store, request.params);
      const path = request.params['*'];
      const base = dicomwebBaseUrl(request);
      const frameUrl = (frame: number) => dicomwebUrl(base, instance, { frames: [frame] });
      const location = await store.findBulkData(instance.sopInstanceUid, path);
      if (!location) {
        // Encapsulated pixel data has no single value range: its bulk data is its frames, one part each.
        if (path === tagOf('PixelData') && instance.frames && instance.numberOfFrames > 0) {
          const negotiation = negotiateFrames(request.headers.accept, instance.transferSyntaxUid);
          if (!negotiation.ok) throw notAcceptable(negotiation.reason);
          const frames = instance.frames;
          if (negotiation.representation.decode) {
            const all = frames.map((ranges, index) => ({ number: index + 1, ranges, location: frameUrl(index + 1) }));
            return sendDecodedFrames(request, reply, store, decoder, instance, all, negotiation.representation);
          }
          const parts = frames.map((ranges, index) =>
            framePart(store, instance, ranges, negotiation.representation, frameUrl(index + 1)),
          );
          return replyMultipart(reply, negotiation.representation.mediaType, parts);
        }
        throw notFound(`instance ${instance.sopInstanceUid} has no bulk data at ${path}`);
      }
      const negotiation = negotiateFrames(request.headers.accept, transferSyntaxUids.explicitVrLittleEndian);
      if (!negotiation.ok) throw notAcceptable(negotiation.reason.replace('frames are', 'bulk data is'));
      // Bulk data goes as explicit VR little endian (PS3.18 8.7.3.5.2): a big-endian instance's is swapped by VR.
      const unit = instance.transferSyntaxUid === transferSyntaxUids.explicitVrBigEndian ? await bulkDataSwapUnit(store, instance, path) : 1;
      const bytes = store.readRanges(instance, [location]);
      const part: MultipartWritePart = {
        headers: { 'Content-Type': 'application/octet-stream', 'Content-Location': dicomwebUrl(base, instance, { bulkdata: path }) },
        length: location.length,
        body: unit === 1 ? bytes : swapped(bytes, unit),
      };
      return replyMultipart(reply, 'application/octet-stream', [part]);
    },
  );
}
