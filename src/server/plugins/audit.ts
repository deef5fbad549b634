// The audit trail of everything under /dicom-web: one onResponse hook records each request once answered, refused
// ones included (401, 403, 404), with who asked, from where, what about and how it ended.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { tagOf } from '../../dicom/tags.js';
import { auditEvents, type AuditEvent, type AuditEventId, type AuditLog, type AuditOutcome, type AuditedObject } from '../audit/audit-log.js';
import { isSearch } from '../routes/search-route.js';
import type { Store } from '../store/store.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The event a route's requests are, when not an access by method (a share link created: a Security Alert). */
    auditEvent?: AuditEventId;
  }
  interface FastifyRequest {
    /** What a route knows it touched beyond the URL (the instances a STOW stored); the audit trail names them. */
    audited: AuditedObject[] | undefined;
  }
}

export interface AuditOptions {
  log: AuditLog;
}

/** Patient IDs of studies remembered, so that a series of frame requests costs one lookup. */
const rememberedStudies = 1000;

function outcomeOf(statusCode: number): AuditOutcome {
  if (statusCode < 400) return 0;
  return statusCode < 500 ? 4 : 8;
}

function hasParameter(request: FastifyRequest, name: 'series'): boolean {
  return (request.params as Record<string, string | undefined> | undefined)?.[name] !== undefined;
}

/** The event of each kind of access, made once: every request's record names one of them. */
const accessEvents = {
  search: { ...auditEvents.query, action: 'E' },
  store: { ...auditEvents.instancesTransferred, action: 'C' },
  read: { ...auditEvents.instancesAccessed, action: 'R' },
  deleteSome: { ...auditEvents.instancesAccessed, action: 'D' },
  deleteStudy: { ...auditEvents.studyDeleted, action: 'D' },
} as const satisfies Record<string, AuditEventId>;

function eventOf(request: FastifyRequest): AuditEventId {
  const configured = request.routeOptions.config?.auditEvent;
  if (configured) return configured;
  if (isSearch(request)) return accessEvents.search;
  if (request.method === 'POST') return accessEvents.store;
  if (request.method !== 'DELETE') return accessEvents.read;
  return hasParameter(request, 'series') ? accessEvents.deleteSome : accessEvents.deleteStudy;
}

async function audit(app: FastifyInstance, options: AuditOptions & { store?: Store }): Promise<void> {
  const { log, store } = options;
  const patientOfStudy = new Map<string, string | undefined>();

  async function patientIdOf(studyInstanceUid: string): Promise<string | undefined> {
    if (!store) return undefined;
    if (patientOfStudy.has(studyInstanceUid)) return patientOfStudy.get(studyInstanceUid);
    const [match] = await store.search({
      level: 'study',
      conditions: [{ level: 'study', tag: tagOf('StudyInstanceUID'), vr: 'UI', match: { kind: 'uids', values: [studyInstanceUid] } }],
      limit: 1,
      offset: 0,
    });
    const patientId = match?.studyAttributes[tagOf('PatientID')]?.Value?.[0];
    const known = typeof patientId === 'string' ? patientId : undefined;
    // An unknown study is not remembered: it may be stored a moment later.
    if (match) {
      if (patientOfStudy.size >= rememberedStudies) patientOfStudy.clear();
      patientOfStudy.set(studyInstanceUid, known);
    }
    return known;
  }

  /** The objects of a request: those a route recorded, else the UIDs of its URL. */
  async function objectsOf(request: FastifyRequest): Promise<AuditedObject[]> {
    const params = (request.params ?? {}) as { study?: string; series?: string; instance?: string };
    const objects: AuditedObject[] = request.audited ?? (params.study ? [{ studyInstanceUid: params.study, seriesInstanceUid: params.series, sopInstanceUid: params.instance }] : []);
    return Promise.all(
      objects.map(async (object) => {
        const patientId = object.patientId ?? (object.studyInstanceUid ? await patientIdOf(object.studyInstanceUid) : undefined);
        return Object.fromEntries(Object.entries({ ...object, patientId }).filter(([, value]) => value !== undefined)) as AuditedObject;
      }),
    );
  }

  app.decorateRequest('audited', undefined);

  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method === 'OPTIONS') return;
    const reason = reply.statusCode >= 400 ? String(reply.getHeader('warning') ?? '').replace(/^299 \S+ /, '') || undefined : undefined;
    const event: AuditEvent = {
      time: new Date().toISOString(),
      event: eventOf(request),
      outcome: { indicator: outcomeOf(reply.statusCode), status: reply.statusCode, ...(reason && { reason }) },
      who: { user: request.principal?.name ?? null, address: request.ip, ...(request.refusedSubject && { refused: request.refusedSubject }) },
      what: await objectsOf(request),
      request: { method: request.method, url: request.url },
    };
    try {
      await log.append(event);
    } catch (error) {
      // The response is gone already; a trail that cannot be written is an operator's problem, loudly.
      request.log.error({ err: error }, 'the audit trail cannot be written');
    }
  });
}

/** Registered in the scope that holds the DICOMweb routes, beside the auth plugin. */
export const auditPlugin = fastifyPlugin(audit, { name: 'dicom-lightbox-audit', fastify: '5.x' });
