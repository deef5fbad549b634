// WADO-RS rendered and thumbnail resources (PS3.18 10.4.1.1.3 and 10.4.1.1.4): frames decoded on the server,
// windowed with the instance's VOI (or the `window` parameter) and encoded as JPEG or PNG.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { numberOf, stringOf, type DicomJsonDataset } from '../../dicomweb/dicom-json.js';
import { pixelLayoutOf } from '../dicom/pixel-layout.js';
import { HttpError, badRequest, notAcceptable, notFound, undecodableFrame } from '../http-error.js';
import { FrameDecodeError, UnsupportedFrameError } from '../imaging/decode-frame.js';
import { DecodeQueueFullError, type FrameDecoder } from '../imaging/decode-pool.js';
import { inProcessDecoder } from '../imaging/in-process-decoder.js';
import { busy } from './decoded-frames.js';
import { renderFrame, type RenderOptions } from '../imaging/render-frame.js';
import { defaultVoiLutFunction, isVoiLutFunction, voiLutFunctionNamed, type VoiLutFunction } from '../../dicom/voi-lut-function.js';
import { parseAccept } from '../media-types.js';
import type { MultipartWritePart } from '../multipart.js';
import type { InstanceLocation } from '../store/instance-index.js';
import type { Store } from '../store/store.js';
import { dicomwebBaseUrl, warningHeader } from './base-url.js';
import { replyMultipart } from './reply-multipart.js';
import { parseFrameList } from './wado.js';
import { dicomwebUrl } from '../../dicom/dicomweb-path.js';

type RenderedType = 'image/jpeg' | 'image/png';
type Query = Record<string, string | string[] | undefined>;

/** A thumbnail fits this box unless the request gives a viewport: small enough for a series browser. */
const thumbnailSize = 128;
const defaultQuality = 90;

/** The image type for an Accept header: JPEG unless PNG is preferred; `multipart` when the answer holds several images. */
function negotiateImage(accept: string | undefined, several: boolean): { mediaType: RenderedType } | { reason: string } {
  const ranges = parseAccept(accept);
  if (ranges.length === 0) return { mediaType: 'image/jpeg' };
  for (const range of ranges) {
    let type = range.mediaType;
    if (type === 'multipart/related' || type === 'multipart/*') {
      if (!several) continue;
      type = (range.parameters['type'] ?? 'image/jpeg').toLowerCase();
    } else if (several && type !== '*/*') {
      continue;
    }
    if (type === 'image/jpeg' || type === 'image/png') return { mediaType: type };
    if (type === 'image/*' || type === '*/*') return { mediaType: 'image/jpeg' };
  }
  return {
    reason: several
      ? `several images render to multipart/related; type="image/jpeg" or "image/png"; Accept was "${accept}"`
      : `rendered images are available as image/jpeg or image/png; Accept was "${accept}"`,
  };
}

interface Presentation {
  window?: { center: number; width: number; function: VoiLutFunction };
  viewport?: { width: number; height: number };
  quality: number;
  warnings: string[];
}

/** The rendered resource's query parameters (PS3.18 8.3.5.1): quality, viewport, window; annotation and iccprofile are accepted and not applied. */
function presentationOf(query: Query, thumbnail: boolean): Presentation {
  const presentation: Presentation = { quality: defaultQuality, warnings: [] };
  if (thumbnail) presentation.viewport = { width: thumbnailSize, height: thumbnailSize };
  for (const [name, raw] of Object.entries(query)) {
    const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
    switch (name) {
      case 'quality': {
        const quality = Number(value);
        if (!/^\d{1,3}$/.test(value) || quality < 1 || quality > 100) throw badRequest(`quality must be an integer from 1 to 100; got "${value}"`);
        presentation.quality = quality;
        break;
      }
      case 'viewport': {
        const parts = value.split(',');
        if (parts.length !== 2) throw badRequest(`viewport must be vw,vh (cropping with sx,sy,sw,sh is not supported); got "${value}"`);
        const [width, height] = parts.map(Number) as [number, number];
        if (![width, height].every((size) => Number.isInteger(size) && size > 0 && size <= 8192)) {
          throw badRequest(`viewport sizes must be integers from 1 to 8192; got "${value}"`);
        }
        presentation.viewport = { width, height };
        break;
      }
      case 'window': {
        const [center, width, voiFunction = 'linear'] = value.split(',');
        const c = Number(center);
        const w = Number(width);
        // The query spells the VOI LUT Function terms in lower case with a hyphen (PS3.18 8.3.5.1.3): linear-exact.
        const fn = voiFunction.toUpperCase().replace('-', '_');
        if (!Number.isFinite(c) || !Number.isFinite(w) || w < 1 || !isVoiLutFunction(fn)) {
          throw badRequest(`window must be center,width,function with width ≥ 1 and function linear, linear-exact or sigmoid; got "${value}"`);
        }
        presentation.window = { center: c, width: w, function: fn };
        break;
      }
      case 'annotation':
      case 'iccprofile':
        presentation.warnings.push(`The ${name} parameter is not supported and was ignored.`);
        break;
      default:
        throw badRequest(`unknown query parameter "${name}" for a rendered resource`);
    }
  }
  return presentation;
}

/** How to render the frames of an instance: its stored layout (rendering replaces it with the decoded one) and VOI. */
function renderOptionsOf(metadata: DicomJsonDataset, presentation: Presentation, mediaType: RenderedType): RenderOptions {
  const layout = pixelLayoutOf(metadata);
  if (!layout) throw new HttpError(501, 'the instance has PixelData but no Rows, Columns or BitsAllocated, so nothing is rendered');
  const center = numberOf(metadata, 'WindowCenter') ?? Number.NaN;
  const width = numberOf(metadata, 'WindowWidth') ?? Number.NaN;
  // The instance's own VOI (PS3.3 C.11.2): the first window when several are given.
  const instanceWindow =
    Number.isFinite(center) && Number.isFinite(width) && width >= 1
      ? { center, width, function: voiLutFunctionNamed(stringOf(metadata, 'VOILUTFunction')) ?? defaultVoiLutFunction }
      : undefined;
  const window = presentation.window ?? instanceWindow;
  return {
    layout,
    rescaleSlope: numberOf(metadata, 'RescaleSlope') || 1,
    rescaleIntercept: numberOf(metadata, 'RescaleIntercept') ?? 0,
    ...(window && { window }),
    ...(presentation.viewport && { viewport: presentation.viewport }),
    mediaType,
    quality: presentation.quality,
  };
}

async function renderInstanceFrame(store: Store, decoder: FrameDecoder, instance: InstanceLocation, frame: number, presentation: Presentation, mediaType: RenderedType): Promise<Buffer> {
  if (instance.numberOfFrames === 0) throw notFound(`instance ${instance.sopInstanceUid} has no pixel data to render`);
  if (frame > instance.numberOfFrames) throw notFound(`instance ${instance.sopInstanceUid} has ${instance.numberOfFrames} frame(s); no frame ${frame}`);
  if (!instance.frames) throw new HttpError(501, `the frames of instance ${instance.sopInstanceUid} cannot be told apart, so none is rendered`);
  const texts = await store.retrieveMetadata({ studyInstanceUid: instance.studyInstanceUid, seriesInstanceUid: instance.seriesInstanceUid, sopInstanceUid: instance.sopInstanceUid });
  const metadata = JSON.parse(texts![0]!) as DicomJsonDataset;
  const chunks: Buffer[] = [];
  for await (const chunk of store.readRanges(instance, instance.frames[frame - 1]!)) chunks.push(chunk);
  const options = renderOptionsOf(metadata, presentation, mediaType);
  let decoded;
  try {
    decoded = await decoder.decodeFrame(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), instance.transferSyntaxUid, options.layout);
  } catch (error) {
    if (error instanceof DecodeQueueFullError) throw busy(error.message);
    if (error instanceof UnsupportedFrameError) throw new HttpError(501, error.message);
    if (error instanceof FrameDecodeError) throw undecodableFrame(instance.sopInstanceUid, frame, error.message);
    throw error;
  }
  return renderFrame(decoded.samples, { ...options, layout: decoded.layout });
}

function sendImages(request: FastifyRequest, reply: FastifyReply, images: Array<{ bytes: Buffer; location: string }>, mediaType: RenderedType, several: boolean, warnings: string[]) {
  if (warnings.length > 0) reply.header('Warning', warnings.map((warning) => warningHeader(request, warning)));
  if (!several) {
    reply.type(mediaType);
    return reply.send(images[0]!.bytes);
  }
  const parts: MultipartWritePart[] = images.map(({ bytes, location }) => ({
    headers: { 'Content-Type': mediaType, 'Content-Location': location },
    length: bytes.length,
    body: [bytes],
  }));
  return replyMultipart(reply, mediaType, parts);
}

interface InstanceParams {
  study: string;
  series: string;
  instance: string;
}

export async function renderedRoutes(app: FastifyInstance, options: { store: Store; decoder?: FrameDecoder }): Promise<void> {
  const { store } = options;
  const decoder = options.decoder ?? inProcessDecoder;

  async function instanceAt(params: InstanceParams): Promise<InstanceLocation> {
    const [instance] = await store.instancesAt({ studyInstanceUid: params.study, seriesInstanceUid: params.series, sopInstanceUid: params.instance });
    if (!instance) throw notFound(`no instance ${params.instance} in series ${params.series} of study ${params.study}`);
    return instance;
  }

  /** Renders one frame of each instance (1 for rendered, the middle one for thumbnails), as one image or a multipart. */
  async function render(request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply, instances: InstanceLocation[], frames: number[] | 'first' | 'middle', thumbnail: boolean, several: boolean) {
    const negotiation = negotiateImage(request.headers.accept, several);
    if ('reason' in negotiation) throw notAcceptable(negotiation.reason);
    const presentation = presentationOf(request.query, thumbnail);
    const images: Array<{ bytes: Buffer; location: string }> = [];
    const renderable = instances.filter((instance) => instance.numberOfFrames > 0);
    if (renderable.length === 0) throw notFound('nothing there has pixel data to render');
    for (const instance of renderable) {
      const numbers = frames === 'first' ? [1] : frames === 'middle' ? [Math.ceil(instance.numberOfFrames / 2)] : frames;
      for (const frame of numbers) {
        images.push({ bytes: await renderInstanceFrame(store, decoder, instance, frame, presentation, negotiation.mediaType), location: dicomwebUrl(dicomwebBaseUrl(request), instance, { frames: [frame], rendered: true }) });
      }
    }
    return sendImages(request, reply, images, negotiation.mediaType, several, presentation.warnings);
  }

  // GET /dicom-web/studies/{StudyInstanceUID}/series/{SeriesInstanceUID}/instances/{SOPInstanceUID}/rendered
  // A multi-frame instance renders its first frame: a JPEG or PNG holds one image.
  app.get<{ Params: InstanceParams; Querystring: Query }>('/studies/:study/series/:series/instances/:instance/rendered', async (request, reply) =>
    render(request, reply, [await instanceAt(request.params)], 'first', false, false),
  );

  // GET /dicom-web/studies/{StudyInstanceUID}/series/{SeriesInstanceUID}/instances/{SOPInstanceUID}/frames/{FrameList}/rendered
  app.get<{ Params: InstanceParams & { frames: string }; Querystring: Query }>(
    '/studies/:study/series/:series/instances/:instance/frames/:frames/rendered',
    async (request, reply) => {
      const frames = parseFrameList(request.params.frames);
      return render(request, reply, [await instanceAt(request.params)], frames, false, frames.length > 1);
    },
  );

  // GET /dicom-web/studies/{StudyInstanceUID}/series/{SeriesInstanceUID}/rendered
  // One image per instance (its first frame), as multipart/related.
  app.get<{ Params: { study: string; series: string }; Querystring: Query }>('/studies/:study/series/:series/rendered', async (request, reply) => {
    const instances = await store.instancesAt({ studyInstanceUid: request.params.study, seriesInstanceUid: request.params.series });
    if (instances.length === 0) throw notFound(`series ${request.params.series} of study ${request.params.study} is not stored here`);
    return render(request, reply, instances, 'first', false, true);
  });

  // GET /dicom-web/studies/{StudyInstanceUID}/series/{SeriesInstanceUID}/instances/{SOPInstanceUID}/thumbnail
  app.get<{ Params: InstanceParams; Querystring: Query }>('/studies/:study/series/:series/instances/:instance/thumbnail', async (request, reply) =>
    render(request, reply, [await instanceAt(request.params)], 'middle', true, false),
  );

  // GET /dicom-web/studies/{StudyInstanceUID}/series/{SeriesInstanceUID}/instances/{SOPInstanceUID}/frames/{FrameNumber}/thumbnail
  app.get<{ Params: InstanceParams & { frames: string }; Querystring: Query }>(
    '/studies/:study/series/:series/instances/:instance/frames/:frames/thumbnail',
    async (request, reply) => {
      const frames = parseFrameList(request.params.frames);
      if (frames.length > 1) throw badRequest('a thumbnail is of one frame; give one frame number');
      return render(request, reply, [await instanceAt(request.params)], frames, true, false);
    },
  );

  // GET /dicom-web/studies/{StudyInstanceUID}/series/{SeriesInstanceUID}/thumbnail
  // The series' middle instance stands for it: in a stack that is the slice most likely to show anatomy.
  app.get<{ Params: { study: string; series: string }; Querystring: Query }>('/studies/:study/series/:series/thumbnail', async (request, reply) => {
    const instances = (await store.instancesAt({ studyInstanceUid: request.params.study, seriesInstanceUid: request.params.series })).filter((instance) => instance.numberOfFrames > 0);
    if (instances.length === 0) throw notFound(`series ${request.params.series} of study ${request.params.study} has no image stored here`);
    return render(request, reply, [instances[Math.floor((instances.length - 1) / 2)]!], 'middle', true, false);
  });

  // GET /dicom-web/studies/{StudyInstanceUID}/thumbnail
  // The first series with images, by series number, and its middle instance.
  app.get<{ Params: { study: string }; Querystring: Query }>('/studies/:study/thumbnail', async (request, reply) => {
    const instances = (await store.instancesAt({ studyInstanceUid: request.params.study })).filter((instance) => instance.numberOfFrames > 0);
    if (instances.length === 0) throw notFound(`study ${request.params.study} has no image stored here`);
    const series = instances.filter((instance) => instance.seriesInstanceUid === instances[0]!.seriesInstanceUid);
    return render(request, reply, [series[Math.floor((series.length - 1) / 2)]!], 'middle', true, false);
  });
}
