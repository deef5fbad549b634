// DELETE of a study, a series or an instance (not a PS3.18 transaction; the form dcm4chee and cloud archives
// use): index rows go first, then the files; 204 when something was deleted, 404 when nothing is stored there.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { notFound } from '../http-error.js';
import type { EntityTarget } from '../store/instance-index.js';
import type { Store } from '../store/store.js';

export async function deleteRoutes(app: FastifyInstance, options: { store: Store }): Promise<void> {
  const { store } = options;

  async function remove(reply: FastifyReply, target: EntityTarget, what: string) {
    const removed = await store.delete(target);
    if (removed === 0) throw notFound(`${what} is not stored here`);
    return reply.status(204).send();
  }

  // DELETE /dicom-web/studies/{StudyInstanceUID}
  app.delete<{ Params: { study: string } }>('/studies/:study', (request, reply) =>
    remove(reply, { studyInstanceUid: request.params.study }, `study ${request.params.study}`),
  );

  // DELETE /dicom-web/studies/{StudyInstanceUID}/series/{SeriesInstanceUID}
  app.delete<{ Params: { study: string; series: string } }>('/studies/:study/series/:series', (request, reply) => {
    const { study, series } = request.params;
    return remove(reply, { studyInstanceUid: study, seriesInstanceUid: series }, `series ${series} of study ${study}`);
  });

  // DELETE /dicom-web/studies/{StudyInstanceUID}/series/{SeriesInstanceUID}/instances/{SOPInstanceUID}
  app.delete<{ Params: { study: string; series: string; instance: string } }>(
    '/studies/:study/series/:series/instances/:instance',
    (request, reply) => {
      const { study, series, instance } = request.params;
      return remove(reply, { studyInstanceUid: study, seriesInstanceUid: series, sopInstanceUid: instance }, `instance ${instance} in series ${series} of study ${study}`);
    },
  );
}
