// The frame requests in flight, by image id, so a stack nobody shows any more can abort them: our own loader's
// (frame-loader.ts, by fetch with an AbortSignal) and, for image ids it does not know, Cornerstone's. Cornerstone's
// WADO-RS loader frees its retrieval pool's slot as soon as it has started a request (its task does not await the
// XHR), so dropping queued pool entries leaves every started XHR running; the loader hands each XHR to the
// `beforeSend` hook before sending it, which is where this registry takes hold of it.

interface FrameRequest {
  readonly xhr: XMLHttpRequest;
  /** `beforeSend` has returned: the loader sends the request in the same turn. */
  sending: boolean;
  /** Aborting was asked for before the request was sent. */
  cancelled: boolean;
}

const requests = new Map<string, Set<FrameRequest>>();
const controllers = new Map<string, Set<AbortController>>();

/** The signal for a fetch of this image's frame; `done()` when the request has settled. */
export function frameRequestSignal(imageId: string): { signal: AbortSignal; done(): void } {
  return adoptFrameRequest(imageId, new AbortController());
}

/**
 * Makes a fetch already under way (a stack retrieval's, taken by the loader) this image's: releasing the image
 * aborts it. `done()` when the request has settled.
 */
export function adoptFrameRequest(imageId: string, controller: AbortController): { signal: AbortSignal; done(): void } {
  let forImage = controllers.get(imageId);
  if (!forImage) controllers.set(imageId, (forImage = new Set()));
  forImage.add(controller);
  return {
    signal: controller.signal,
    done() {
      const current = controllers.get(imageId);
      current?.delete(controller);
      if (current?.size === 0) controllers.delete(imageId);
    },
  };
}

function forget(imageId: string, request: FrameRequest): void {
  const forImage = requests.get(imageId);
  forImage?.delete(request);
  if (forImage?.size === 0) requests.delete(imageId);
}

/**
 * Wraps the loader's `beforeSend`: tracks the request until it is done, and aborts it once sent if its image was
 * released while the headers were being made (an XHR aborted before `send()` would leave the loader's promise
 * pending for ever).
 */
export async function trackFrameRequest(
  xhr: XMLHttpRequest,
  imageId: string,
  headers: () => Promise<Record<string, string>>,
): Promise<Record<string, string>> {
  const request: FrameRequest = { xhr, sending: false, cancelled: false };
  let forImage = requests.get(imageId);
  if (!forImage) requests.set(imageId, (forImage = new Set()));
  forImage.add(request);
  // Registered before the loader's own handler: a finished request is forgotten before anyone reads its answer.
  xhr.addEventListener('readystatechange', () => {
    if (xhr.readyState === XMLHttpRequest.DONE) forget(imageId, request);
  });
  xhr.addEventListener('loadend', () => forget(imageId, request));
  try {
    return await headers();
  } finally {
    request.sending = true;
    if (request.cancelled) abortSoon(imageId, request);
  }
}

/** After the loader's `send()`, which follows `beforeSend` within the same turn. */
function abortSoon(imageId: string, request: FrameRequest): void {
  setTimeout(() => {
    forget(imageId, request);
    if (request.xhr.readyState === XMLHttpRequest.DONE || request.xhr.readyState === XMLHttpRequest.UNSENT) return;
    request.xhr.abort();
  }, 0);
}

/** Aborts the requests in flight for these images; their loads fail (and the caller's eviction follows). */
export function abortFrameRequests(imageIds: ReadonlySet<string>): void {
  for (const imageId of imageIds) {
    for (const controller of controllers.get(imageId) ?? []) controller.abort();
    for (const request of requests.get(imageId) ?? []) {
      if (request.cancelled) continue;
      request.cancelled = true;
      if (request.sending) abortSoon(imageId, request);
    }
  }
}
