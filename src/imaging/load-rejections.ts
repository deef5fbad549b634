// Cornerstone 5.14 starts promises that reject with a failed load and drops them: loadAndCacheImage() drops the one
// cache.putImageLoadObject() returns, and a stack viewport's scroll(), cine and jumpToWorld() drop the one
// setImageIdIndex() returns. Unobserved, each failed image would be an unhandled rejection on the page, which an
// embedding page's error monitoring reports as a crash. The failure itself is handled: Cornerstone announces it
// (IMAGE_LOAD_FAILED) and the viewport shows it and fires `dicom-error`. So the page's loader marks each reason it
// rejects with as reported, and each promise Cornerstone drops is observed where Cornerstone makes it: a reported
// failure or an abort (a viewport let go of its images) ends there, anything else is reported as the error it is.

// The mark travels on the reason itself (a symbol-keyed, non-enumerable property), so no page-wide collection of
// failures is kept beside Cornerstone's loader.
const reportedMark = Symbol('dicom-lightbox.reported-load-failure');

/** The reason a load rejects with, as an object that can be marked (a decoder may throw a bare string). */
export function markedLoadFailure(reason: unknown): object {
  const extensible = typeof reason === 'object' && reason !== null && Object.isExtensible(reason);
  const marked: object = extensible ? reason : new Error(String(reason), { cause: reason });
  Object.defineProperty(marked, reportedMark, { value: true });
  return marked;
}

/** Whether a rejection reason is a load failure the page's loader has already reported. */
export function isReportedLoadFailure(reason: unknown): boolean {
  return typeof reason === 'object' && reason !== null && Object.hasOwn(reason, reportedMark);
}

/** An abort: a viewport let go of the image (another series, or the element left the page) while it loaded. */
function isAbort(reason: unknown): boolean {
  return (reason as { name?: unknown } | null)?.name === 'AbortError';
}

/** An error nobody else will report, reported to the page as an uncaught one (its `error` event, its console). */
function toPage(reason: unknown): void {
  if (typeof reportError === 'function') reportError(reason);
  else queueMicrotask(() => {
    throw reason;
  });
}

/**
 * The end of a promise whose rejection nobody else observes: a reported load failure or an abort ends here;
 * `otherwise` gets anything else (by default the page, as an error: `reportError`), never silently dropped.
 */
export function observeLoadRejection(promise: Promise<unknown>, otherwise: (reason: unknown) => void = toPage): void {
  promise.catch((reason: unknown) => {
    if (!isReportedLoadFailure(reason) && !isAbort(reason)) otherwise(reason);
  });
}

/** Cornerstone's image cache, as far as this module uses it. */
interface ImageCache<LoadObject> {
  putImageLoadObject(imageId: string, imageLoadObject: LoadObject): Promise<void>;
}

const observing = Symbol('dicom-lightbox.observed-cache-insertions');

/**
 * From now on, each promise the cache's putImageLoadObject() returns is observed (observeLoadRejection): Cornerstone's
 * loadAndCacheImage() drops it. Callers still get the same promise. The cache refusing an image larger than the whole
 * cache (`CACHE_SIZE_EXCEEDED`: the image is shown, not kept) is a warning, once. Idempotent.
 */
export function observeCacheInsertions<LoadObject>(cache: ImageCache<LoadObject>): void {
  const marked = cache as ImageCache<LoadObject> & { [observing]?: true };
  if (marked[observing]) return;
  let warned = false;
  const refused = (reason: unknown) => {
    if ((reason as Error | null)?.message !== 'CACHE_SIZE_EXCEEDED') toPage(reason);
    else if (!warned) {
      warned = true;
      console.warn('dicom-lightbox: an image is larger than the whole image cache (cache-mb): it is shown, but not kept.');
    }
  };
  const put = cache.putImageLoadObject;
  cache.putImageLoadObject = function (this: ImageCache<LoadObject>, imageId, imageLoadObject) {
    const putting = put.call(this, imageId, imageLoadObject);
    observeLoadRejection(putting, refused);
    return putting;
  };
  Object.defineProperty(cache, observing, { value: true });
}

/** A stack viewport, as far as this module uses it. */
interface ImageIndexed {
  setImageIdIndex(imageIdIndex: number): Promise<unknown>;
}

/**
 * From now on, each promise the viewport's setImageIdIndex() returns is observed (observeLoadRejection): its own
 * scroll(), used by the stack scroll tool, the wheel and cine, and jumpToWorld() drop it. Callers still get it.
 */
export function observeImageIndexChanges(viewport: ImageIndexed): void {
  const setImageIdIndex = viewport.setImageIdIndex;
  viewport.setImageIdIndex = function (this: ImageIndexed, imageIdIndex) {
    const setting = setImageIdIndex.call(this, imageIdIndex);
    observeLoadRejection(setting);
    return setting;
  };
}
