// A DICOMweb backend: where its services live, how requests are authorized, and the PS3.18 transactions the viewer uses.
import { dicomwebUrl } from '../dicom/dicomweb-path.js';
import { numberOf, stringOf, type DicomJsonDataset } from './dicom-json.js';
import { DicomwebError, errorFromResponse, networkError, type DicomwebRequest } from './errors.js';
import { mediaTypeParameter, readMultipart } from './multipart.js';
import { createBoundary, multipartBytes, multipartRelatedContentType } from './multipart-writer.js';
import { storeInstancesResultOf, warningTexts, type StoreInstancesResult } from './store-response.js';

/** A value of a QIDO-RS query parameter; a list becomes repeated (includefield) or comma-joined (UIDs) by the caller. */
export type QueryValue = string | number | boolean | readonly string[] | undefined;
export type Query = Record<string, QueryValue>;

export interface RequestOptions {
  /** Aborts the request (a new study was asked for, the element was removed). */
  signal?: AbortSignal;
  /** The fetch priority hint: the image on screen goes before frames fetched ahead. */
  priority?: RequestPriority;
}

export interface FrameRequestOptions extends RequestOptions {
  /**
   * The byte length of each frame when the caller knows it (a native frame: rows × columns × samples × bytes): the
   * answer is then read without scanning the frames' bytes for the multipart delimiter.
   */
  frameLength?: number;
}

/** One frame of a WADO-RS frames answer. */
export interface RetrievedFrame {
  frameNumber: number;
  /** The part's media type, e.g. `application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1` or `image/jls`. */
  contentType: string;
  /** The `transfer-syntax` the server named for the part, if it named one. */
  transferSyntaxUid?: string;
  /** The frame's bytes, as the transfer syntax encodes them (a view into the answer). */
  bytes: Uint8Array;
}

/** Frames in whatever transfer syntax the server holds them (PS3.18 8.7.3.5.2: `*` asks the origin's own). */
const framesAccept = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';

export interface DicomwebSourceOptions {
  /** The service root, e.g. `https://pacs.example/dicom-web`; used for every service not given its own root. */
  root: string;
  qidoRoot?: string;
  wadoRoot?: string;
  stowRoot?: string;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** The one auth hook: returns the `Authorization` header value (e.g. `Bearer …`), called before each request. */
  getAuthorization?: () => string | undefined | Promise<string | undefined>;
  /** Tries again after a network failure or a 5xx, never after a 4xx; default 2 (3 tries in all). */
  retries?: number;
  /** The first wait before trying again, doubled each time; default 300 ms. */
  retryDelayMs?: number;
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** Resolves a root against the page, so `/dicom-web` works as well as an absolute URL. */
function absolute(url: string): string {
  const base = typeof location === 'undefined' ? undefined : location.href;
  return trimSlash(base ? new URL(url, base).href : url);
}

export class DicomwebSource {
  readonly qidoRoot: string;
  readonly wadoRoot: string;
  readonly stowRoot: string;
  headers: Record<string, string>;
  /** Set this to authorize requests; it is awaited before each one, so it may refresh a token. */
  getAuthorization?: DicomwebSourceOptions['getAuthorization'];
  retries: number;
  retryDelayMs: number;
  /** Learnt from the backend's answers: which optional services it has. */
  readonly capabilities: BackendCapabilities = {};

  constructor(options: DicomwebSourceOptions | string) {
    const config = typeof options === 'string' ? { root: options } : options;
    this.qidoRoot = absolute(config.qidoRoot ?? config.root);
    this.wadoRoot = absolute(config.wadoRoot ?? config.root);
    this.stowRoot = absolute(config.stowRoot ?? config.root);
    this.headers = { ...config.headers };
    this.getAuthorization = config.getAuthorization;
    this.retries = config.retries ?? 2;
    this.retryDelayMs = config.retryDelayMs ?? 300;
  }

  /** The headers every request to this backend carries, the authorization included. */
  async requestHeaders(): Promise<Record<string, string>> {
    const headers = { ...this.headers };
    const authorization = await this.getAuthorization?.();
    if (authorization) headers.Authorization = authorization;
    return headers;
  }

  /**
   * Whether `url` is on the origin of one of this source's service roots. Only those receive its headers and
   * authorization: a URL from a server's answer (a BulkDataURI, a RetrieveURL) may name any host.
   */
  isOwnOrigin(url: string): boolean {
    let origin: string;
    try {
      origin = new URL(url, typeof location === 'undefined' ? undefined : location.href).origin;
    } catch {
      return false;
    }
    return [this.qidoRoot, this.wadoRoot, this.stowRoot].some((root) => new URL(root).origin === origin);
  }

  /** QIDO-RS Search for Studies (PS3.18 10.6). */
  searchForStudies(query: Query = {}, options: RequestOptions = {}): Promise<DicomJsonDataset[]> {
    return this.getJson(`${dicomwebUrl(this.qidoRoot)}${queryString(query)}`, 'study-search', options);
  }

  /** QIDO-RS Search for Series within a study (PS3.18 10.6). */
  searchForSeries(studyInstanceUid: string, query: Query = {}, options: RequestOptions = {}): Promise<DicomJsonDataset[]> {
    const url = `${dicomwebUrl(this.qidoRoot, { studyInstanceUid }, 'series')}${queryString(query)}`;
    return this.getJson(url, 'series-search', options);
  }

  /** WADO-RS Retrieve Series Metadata (PS3.18 10.4): every instance's attributes, bulk data by reference. */
  retrieveSeriesMetadata(studyInstanceUid: string, seriesInstanceUid: string, options: RequestOptions = {}): Promise<DicomJsonDataset[]> {
    return this.getJson(dicomwebUrl(this.wadoRoot, { studyInstanceUid, seriesInstanceUid }, 'metadata'), 'series-metadata', options);
  }

  /** The WADO-RS URL of a study. */
  studyUrl(studyInstanceUid: string): string {
    return dicomwebUrl(this.wadoRoot, { studyInstanceUid });
  }

  /** The WADO-RS URL of a series; frames and instances hang below it. */
  seriesUrl(studyInstanceUid: string, seriesInstanceUid: string): string {
    return dicomwebUrl(this.wadoRoot, { studyInstanceUid, seriesInstanceUid });
  }

  /** The WADO-RS URL of one frame (1-based, PS3.18 10.4.1.1.4). */
  frameUrl(studyInstanceUid: string, seriesInstanceUid: string, sopInstanceUid: string, frameNumber: number): string {
    return dicomwebUrl(this.wadoRoot, { studyInstanceUid, seriesInstanceUid, sopInstanceUid }, { frames: [frameNumber] });
  }

  /**
   * WADO-RS Retrieve Frames (PS3.18 10.4.1.1.4): frames of one instance, in the order asked for, each in the
   * transfer syntax the server holds it in. Several frame numbers make one request (`frames/1,2,3`); a backend that
   * refuses such a list, or answers it with the wrong number of parts, is asked for the frames one at a time, and
   * from then on always (`capabilities.frameLists`).
   */
  async retrieveInstanceFrames(
    studyInstanceUid: string,
    seriesInstanceUid: string,
    sopInstanceUid: string,
    frameNumbers: readonly number[],
    options: FrameRequestOptions = {},
  ): Promise<RetrievedFrame[]> {
    const oneByOne = () =>
      Promise.all(frameNumbers.map(async (frameNumber) => (await this.retrieveFrameList(studyInstanceUid, seriesInstanceUid, sopInstanceUid, [frameNumber], options))[0]!));
    if (frameNumbers.length < 2) return this.retrieveFrameList(studyInstanceUid, seriesInstanceUid, sopInstanceUid, frameNumbers, options);
    if (this.capabilities.frameLists === false) return oneByOne();
    try {
      const frames = await this.retrieveFrameList(studyInstanceUid, seriesInstanceUid, sopInstanceUid, frameNumbers, options);
      this.capabilities.frameLists = true;
      return frames;
    } catch (error) {
      if (!(error instanceof DicomwebError) || !refusesFrameList(error) || this.capabilities.frameLists === true) throw error;
      // Only when each frame alone is answered is the list the backend's gap (not, say, the instance's syntax).
      const frames = await oneByOne();
      this.capabilities.frameLists = false;
      return frames;
    }
  }

  private retrieveFrameList(
    studyInstanceUid: string,
    seriesInstanceUid: string,
    sopInstanceUid: string,
    frameNumbers: readonly number[],
    options: FrameRequestOptions,
  ): Promise<RetrievedFrame[]> {
    const url = dicomwebUrl(this.wadoRoot, { studyInstanceUid, seriesInstanceUid, sopInstanceUid }, { frames: frameNumbers });
    const what = 'frame';
    return this.request(url, framesAccept, what, options, async (response) => {
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await response.arrayBuffer());
      } catch (cause) {
        if (options.signal?.aborted) throw cause;
        throw networkError(url, what, cause); // the connection dropped mid-answer: worth another try
      }
      const contentType = response.headers.get('content-type') ?? 'application/octet-stream';
      let parts: Array<{ contentType: string; body: Uint8Array }>;
      if (!/^multipart\//i.test(contentType)) parts = [{ contentType, body: bytes }];
      else {
        try {
          parts = readMultipart(bytes, contentType, frameNumbers.map(() => options.frameLength));
        } catch (cause) {
          throw DicomwebError.of('bad-response', { code: 'multipart', request: what, params: { detail: (cause as Error).message } }, url, response.status);
        }
      }
      if (parts.length !== frameNumbers.length) {
        throw DicomwebError.of('bad-response', { code: 'frame-count', request: what, params: { asked: frameNumbers.length, answered: parts.length } }, url, response.status);
      }
      return parts.map((part, index) => ({
        frameNumber: frameNumbers[index]!,
        contentType: part.contentType,
        transferSyntaxUid: mediaTypeParameter(part.contentType, 'transfer-syntax'),
        bytes: part.body,
      }));
    });
  }

  /** Whether a URL belongs to this backend's WADO-RS service (used to authorize image requests). */
  serves(url: string): boolean {
    return url.startsWith(`${this.wadoRoot}/`);
  }

  /** QIDO-RS Search for Instances within a series (PS3.18 10.6). */
  searchForInstances(
    studyInstanceUid: string,
    seriesInstanceUid: string,
    query: Query = {},
    options: RequestOptions = {},
  ): Promise<DicomJsonDataset[]> {
    const url = `${dicomwebUrl(this.qidoRoot, { studyInstanceUid, seriesInstanceUid }, 'instances')}${queryString(query)}`;
    return this.getJson(url, 'instance-search', options);
  }

  /**
   * A small picture of a series: the WADO-RS series thumbnail (PS3.18 10.4.1.1.6) where the backend has one,
   * else the rendered middle frame of the series (PS3.18 10.4.1.1.5), which more servers answer (Orthanc 1.10's
   * DICOMweb plugin has no thumbnails). What the backend lacks is remembered in `capabilities`.
   */
  async retrieveSeriesThumbnail(studyInstanceUid: string, seriesInstanceUid: string, options: RequestOptions = {}): Promise<Blob> {
    const what = 'series-thumbnail';
    let thumbnailMissing = false;
    if (this.capabilities.thumbnail !== false) {
      try {
        const thumbnail = await this.getBlob(dicomwebUrl(this.wadoRoot, { studyInstanceUid, seriesInstanceUid }, 'thumbnail'), imageAccept, what, options);
        this.capabilities.thumbnail = true;
        return thumbnail;
      } catch (error) {
        if (!(error instanceof DicomwebError) || !lacksService(error)) throw error;
        thumbnailMissing = true;
      }
    }
    const instances = await this.searchForInstances(studyInstanceUid, seriesInstanceUid, { includefield: ['InstanceNumber'] }, options);
    const ordered = [...instances].sort((a, b) => (numberOf(a, 'InstanceNumber') ?? 0) - (numberOf(b, 'InstanceNumber') ?? 0));
    const middle = ordered[Math.floor(ordered.length / 2)];
    const sopInstanceUid = middle && stringOf(middle, 'SOPInstanceUID');
    if (!sopInstanceUid) {
      throw DicomwebError.of('not-found', { code: 'no-instances', request: what }, this.seriesUrl(studyInstanceUid, seriesInstanceUid), 404);
    }
    const rendered = dicomwebUrl(this.wadoRoot, { studyInstanceUid, seriesInstanceUid, sopInstanceUid }, { frames: [1], rendered: true });
    const blob = await this.getBlob(rendered, imageAccept, what, options);
    this.capabilities.rendered = true;
    // Only now is the missing thumbnail the backend's gap rather than this series' absence.
    if (thumbnailMissing) this.capabilities.thumbnail = false;
    return blob;
  }

  private getJson<T>(url: string, what: DicomwebRequest, options: RequestOptions): Promise<T> {
    return this.request(url, 'application/dicom+json', what, options, async (response) => {
      // PS3.18 allows 204 No Content for a search that matched nothing.
      if (response.status === 204) return [] as T;
      try {
        return (await response.json()) as T;
      } catch (cause) {
        if (options.signal?.aborted) throw cause;
        throw DicomwebError.of('bad-response', { code: 'not-dicom-json', request: what }, url, response.status);
      }
    });
  }

  private getBlob(url: string, accept: string, what: DicomwebRequest, options: RequestOptions): Promise<Blob> {
    return this.request(url, accept, what, options, (response) => response.blob());
  }

  /**
   * STOW-RS Store Instances (PS3.18 10.5): sends Part 10 instances in one `multipart/related; type="application/dicom"`
   * request to `stowRoot` (below the study when `studyInstanceUid` is given: the server then refuses instances of
   * another study). Each instance's outcome comes back typed: `stored`, or `failed` with the reason. A request the
   * server refuses as a whole (malformed, unauthorized, 5xx) is a `DicomwebError`. Only a 503 is tried again: the
   * server then says it did not take the request, while after a lost connection or another failure some instances
   * may have been stored.
   */
  async storeInstances(
    instances: readonly Uint8Array[],
    options: StoreInstancesOptions = {},
  ): Promise<StoreInstancesResult> {
    const what = 'store-instances';
    if (instances.length === 0) throw new RangeError('Store instances: no instances to send');
    const boundary = createBoundary();
    const body = multipartBytes(boundary, instances.map((instance) => ({ headers: { 'Content-Type': 'application/dicom' }, body: instance })));
    const url = dicomwebUrl(this.stowRoot, options.studyInstanceUid === undefined ? {} : { studyInstanceUid: options.studyInstanceUid });
    const send: SendOptions = {
      method: 'POST',
      body,
      contentType: multipartRelatedContentType(boundary, 'application/dicom'),
      mayRetry: (error) => error.status === 503,
      // 409 Conflict answers with the response dataset too: none was stored, and each failure says why.
      answered: (status) => status === 409,
    };
    return this.request(url, 'application/dicom+json', what, options, async (response) => {
      const warnings = warningTexts(response.headers.get('warning'));
      let dataset: DicomJsonDataset | undefined;
      try {
        const text = await response.clone().text();
        dataset = text.trim() === '' ? {} : (JSON.parse(text) as DicomJsonDataset);
      } catch (cause) {
        if (options.signal?.aborted) throw cause;
      }
      if (dataset === undefined || typeof dataset !== 'object' || Array.isArray(dataset)) {
        if (response.ok) throw DicomwebError.of('bad-response', { code: 'not-dataset', request: what }, url, response.status);
        throw await errorFromResponse(response, what);
      }
      const result = storeInstancesResultOf(dataset, response.status, warnings);
      if (!response.ok && result.failed.length === 0) throw await errorFromResponse(response, what);
      return result;
    }, send);
  }

  /**
   * WADO-RS Retrieve Bulkdata (PS3.18 10.4.1.1.5 and 8.7.3.5): the bytes behind a BulkDataURI of the metadata, with the
   * source's auth and retries. Asked for as one multipart/related part; an answer that is not multipart is taken
   * as the value itself, as some servers send it.
   */
  async retrieveBulkData(bulkDataUri: string, options: RequestOptions = {}): Promise<Uint8Array> {
    const what = 'bulk-data';
    return this.request(bulkDataUri, 'multipart/related; type="application/octet-stream"', what, options, async (response) => {
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await response.arrayBuffer());
      } catch (cause) {
        if (options.signal?.aborted) throw cause;
        throw networkError(bulkDataUri, what, cause);
      }
      const contentType = response.headers.get('content-type') ?? 'application/octet-stream';
      if (!/^multipart\//i.test(contentType)) return bytes;
      let parts: Array<{ body: Uint8Array }>;
      try {
        parts = readMultipart(bytes, contentType);
      } catch (cause) {
        throw DicomwebError.of('bad-response', { code: 'multipart', request: what, params: { detail: (cause as Error).message } }, bulkDataUri, response.status);
      }
      if (parts.length !== 1) {
        throw DicomwebError.of('bad-response', { code: 'part-count', request: what, params: { answered: parts.length } }, bulkDataUri, response.status);
      }
      return parts[0]!.body;
    });
  }

  /**
   * One request with the backend's headers. A GET is tried again after network failures and 5xx answers (never after
   * a 4xx); a request with a body only where `send.mayRetry` says it is safe.
   */
  private async request<T>(
    url: string,
    accept: string,
    what: DicomwebRequest,
    options: RequestOptions,
    read: (response: Response) => Promise<T>,
    send: SendOptions = {},
  ): Promise<T> {
    const mayRetry = send.mayRetry ?? ((error: DicomwebError) => error.retryable);
    for (let attempt = 0; ; attempt += 1) {
      try {
        // Headers are asked for on every try: a token may have been renewed meanwhile.
        const headers: Record<string, string> = { ...(this.isOwnOrigin(url) ? await this.requestHeaders() : {}), Accept: accept };
        if (send.contentType) headers['Content-Type'] = send.contentType;
        let response: Response;
        try {
          response = await fetch(url, { method: send.method ?? 'GET', body: send.body, headers, signal: options.signal, priority: options.priority });
        } catch (cause) {
          if (options.signal?.aborted) throw cause;
          throw networkError(url, what, cause);
        }
        if (!response.ok && !send.answered?.(response.status)) throw await errorFromResponse(response, what);
        return await read(response);
      } catch (error) {
        if (!(error instanceof DicomwebError) || !mayRetry(error) || attempt >= this.retries) throw error;
        await wait(this.retryDelayMs * 2 ** attempt, options.signal);
      }
    }
  }
}

/** How a request other than a plain GET is sent. */
interface SendOptions {
  method?: 'GET' | 'POST';
  body?: Uint8Array<ArrayBuffer>;
  contentType?: string;
  /** Whether a failed try may be repeated; by default a GET's retryable failures are. */
  mayRetry?: (error: DicomwebError) => boolean;
  /** Non-2xx statuses whose answer is read rather than turned into an error. */
  answered?: (status: number) => boolean;
}

export interface StoreInstancesOptions extends RequestOptions {
  /** Store into this study only (`POST …/studies/{StudyInstanceUID}`). */
  studyInstanceUid?: string;
}

// One media type: Orthanc's DICOMweb plugin (1.7) answers 400 to an Accept list such as `image/jpeg, image/png;q=0.9`,
// and JPEG is the rendered type PS3.18 requires every origin server to support.
const imageAccept = 'image/jpeg';

/** The answers of a server that does not offer a service at all, as opposed to one that failed. */
function lacksService(error: DicomwebError): boolean {
  return error.status === 404 || error.status === 406 || error.status === 501 || error.status === 405;
}

/** What this source has learnt about its backend so far; undefined means not tried yet. */
export interface BackendCapabilities {
  thumbnail?: boolean;
  rendered?: boolean;
  /** Whether several frames can be asked for in one request (`frames/1,2,3`); unknown until tried. */
  frameLists?: boolean;
}

/** How a backend that does not take frame lists answers one: refused, or not the frames asked for. */
function refusesFrameList(error: DicomwebError): boolean {
  return error.kind === 'bad-request' || error.kind === 'bad-response' || error.kind === 'not-acceptable' || error.kind === 'not-found';
}

/** Waits, unless the request is aborted first. */
function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

function queryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value)) for (const item of value) params.append(name, item);
    else params.append(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
