// WADO-RS retrieve of whole instances (PS3.18 10.4.1.1.1): a study, a series or one instance as
// multipart/related; type="application/dicom", each Part 10 file streamed from its blob.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notAcceptable, notFound } from '../http-error.js';
import { parseAccept } from '../media-types.js';
import type { MultipartWritePart } from '../multipart.js';
import type { EntityTarget, InstanceLocation } from '../store/instance-index.js';
import type { Store } from '../store/store.js';
import { dicomwebBaseUrl } from './base-url.js';
import { replyMultipart } from './reply-multipart.js';
import { dicomwebUrl } from '../../dicom/dicomweb-path.js';

/**
 * The transfer syntax asked for (`*` for "as stored"), or a 406 reason. Files are sent as stored, never
 * transcoded: an Accept without `transfer-syntax` gets them as stored too, each part naming its syntax, which
 * is what every client we know of does with it (PS3.18's default would be explicit VR little endian).
 */
function negotiateInstances(accept: string | undefined): { transferSyntax: string } | { reason: string } {
  const ranges = parseAccept(accept);
  if (ranges.length === 0) return { transferSyntax: '*' };
  for (const range of ranges) {
    const wholeMultipart = range.mediaType === 'multipart/related' || range.mediaType === 'multipart/*' || range.mediaType === '*/*';
    const partType = (range.parameters['type'] ?? 'application/dicom').toLowerCase();
    if (wholeMultipart && (partType === 'application/dicom' || partType === '*/*' || partType === 'application/*')) {
      return { transferSyntax: range.parameters['transfer-syntax'] ?? '*' };
    }
  }
  return { reason: `instances are available as multipart/related; type="application/dicom" only; Accept was "${accept}"` };
}

export async function retrieveRoutes(app: FastifyInstance, options: { store: Store }): Promise<void> {
  const { store } = options;

  async function retrieve(request: FastifyRequest, reply: FastifyReply, target: EntityTarget, what: string) {
    const negotiation = negotiateInstances(request.headers.accept);
    if ('reason' in negotiation) throw notAcceptable(negotiation.reason);
    const instances = await store.instancesAt(target);
    if (instances.length === 0) throw notFound(`${what} is not stored here`);
    const { transferSyntax } = negotiation;
    const other = instances.find((instance: InstanceLocation) => transferSyntax !== '*' && instance.transferSyntaxUid !== transferSyntax);
    if (other) {
      throw notAcceptable(
        `instance ${other.sopInstanceUid} is stored as ${other.transferSyntaxUid} and this server does not transcode; ask for transfer-syntax=* or ${other.transferSyntaxUid}`,
      );
    }
    const base = dicomwebBaseUrl(request);
    const parts: MultipartWritePart[] = instances.map((instance) => ({
      headers: {
        'Content-Type': `application/dicom; transfer-syntax=${instance.transferSyntaxUid}`,
        'Content-Location': dicomwebUrl(base, instance),
      },
      length: instance.size,
      // Opened only when the part is written: a study of thousands of files holds one open file at a time.
      body: {
        async *[Symbol.asyncIterator]() {
          yield* store.readInstance(instance) as AsyncIterable<Buffer>;
        },
      },
    }));
    return replyMultipart(reply, 'application/dicom', parts);
  }

  // GET /dicom-web/studies/{StudyInstanceUID}
  app.get<{ Params: { study: string } }>('/studies/:study', (request, reply) =>
    retrieve(request, reply, { studyInstanceUid: request.params.study }, `study ${request.params.study}`),
  );

  // GET /dicom-web/studies/{StudyInstanceUID}/series/{SeriesInstanceUID}
  app.get<{ Params: { study: string; series: string } }>('/studies/:study/series/:series', (request, reply) => {
    const { study, series } = request.params;
    return retrieve(request, reply, { studyInstanceUid: study, seriesInstanceUid: series }, `series ${series} of study ${study}`);
  });

  // GET /dicom-web/studies/{StudyInstanceUID}/series/{SeriesInstanceUID}/instances/{SOPInstanceUID}
  app.get<{ Params: { study: string; series: string; instance: string } }>(
    '/studies/:study/series/:series/instances/:instance',
    (request, reply) => {
      const { study, series, instance } = request.params;
      return retrieve(
        request,
        reply,
        { studyInstanceUid: study, seriesInstanceUid: series, sopInstanceUid: instance },
        `instance ${instance} in series ${series} of study ${study}`,
      );
    },
  );
}
