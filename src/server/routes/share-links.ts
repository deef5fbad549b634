// Share links (not a PS3.18 transaction): a writer creates a read-only, one-study, expiring link for a second
// opinion, and revokes it. Both need the write role (or admin); a token limited to some studies shares those only,
// since the auth hook checks the study in the URL.
import type { FastifyInstance } from 'fastify';
import { tagOf, vrOf } from '../../dicom/tags.js';
import { auditEvents, auditEventTypes, type AuditEventId } from '../audit/audit-log.js';
import { shareLinkLifetime, type ShareLinks } from '../auth/share-links.js';
import { badRequest, notFound } from '../http-error.js';
import type { Store } from '../store/store.js';

interface CreateBody {
  /** Seconds the link lasts. */
  expiresIn?: unknown;
}

/**
 * Creating or revoking a link changes who may read a study: a Security Alert (PS3.15 A.5.3.11, whose Event Action
 * is always Execute) of type Object Security Attributes Changed; the audited object names the study, the link's id
 * and whether it was created or revoked.
 */
const shareLinkChanged: AuditEventId = { ...auditEvents.securityAlert, type: auditEventTypes.objectSecurityAttributesChanged, action: 'E' };

export async function shareLinkRoutes(app: FastifyInstance, options: { store: Store; shareLinks: ShareLinks }): Promise<void> {
  const { store, shareLinks } = options;

  async function isStored(studyInstanceUid: string): Promise<boolean> {
    const matches = await store.search({
      level: 'study',
      conditions: [{ level: 'study', tag: tagOf('StudyInstanceUID'), vr: vrOf('StudyInstanceUID'), match: { kind: 'uids', values: [studyInstanceUid] } }],
      limit: 1,
      offset: 0,
    });
    return matches.length > 0;
  }

  // POST /dicom-web/studies/{StudyInstanceUID}/share-links   body (optional): {"expiresIn": seconds}
  app.post<{ Params: { study: string }; Body: CreateBody | undefined }>('/studies/:study/share-links', { config: { role: 'write', auditEvent: shareLinkChanged } }, async (request, reply) => {
    const { study } = request.params;
    const expiresIn = request.body?.expiresIn ?? shareLinkLifetime.default;
    if (typeof expiresIn !== 'number' || !Number.isInteger(expiresIn) || expiresIn < shareLinkLifetime.minimum || expiresIn > shareLinkLifetime.maximum) {
      throw badRequest(`expiresIn is a whole number of seconds from ${shareLinkLifetime.minimum} to ${shareLinkLifetime.maximum}`);
    }
    if (!(await isStored(study))) throw notFound(`no study ${study}`);
    const { link, token } = await shareLinks.create(study, request.principal?.name ?? 'anonymous', expiresIn);
    const expiresAt = new Date(link.expiresAt * 1000).toISOString();
    request.audited = [{ studyInstanceUid: study, shareLink: { id: link.id, change: 'created', expiresAt } }];
    // The token rides in the fragment: browsers never send a fragment to a server, nor in a Referer.
    const url = `${request.protocol}://${request.host}/?study=${encodeURIComponent(study)}#share=${token}`;
    reply.header('Cache-Control', 'no-store');
    return reply.status(201).send({ id: link.id, studyInstanceUid: study, expiresAt, token, url });
  });

  // DELETE /dicom-web/studies/{StudyInstanceUID}/share-links/{id}
  app.delete<{ Params: { study: string; id: string } }>('/studies/:study/share-links/:id', { config: { role: 'write', auditEvent: shareLinkChanged } }, async (request, reply) => {
    const { study, id } = request.params;
    if (!(await shareLinks.find(id, study))) throw notFound(`no share link ${id} to study ${study}`);
    await shareLinks.revoke(id);
    request.audited = [{ studyInstanceUid: study, shareLink: { id, change: 'revoked' } }];
    return reply.status(204).send();
  });
}
