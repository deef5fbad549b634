// Cornerstone 5.14's loadAndCacheImage() drops the promise cache.putImageLoadObject() returns, and that promise
// re-throws a failed load: every image that fails to load becomes an unhandled rejection on the page, which an
// embedding page's error monitoring reports as a crash. The failure itself is handled: Cornerstone announces it
// (IMAGE_LOAD_FAILED) and the viewport shows it and fires `dicom-error`. So the page's loader marks each reason it
// rejects with, and only those marked reasons are kept from being reported as unhandled.

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

let listening = false;

/** Once a page: an unhandled rejection whose reason is a marked load failure is not reported again. */
export function quietenReportedLoadFailures(): void {
  if (listening || typeof window === 'undefined') return;
  listening = true;
  window.addEventListener('unhandledrejection', (event) => {
    if (isReportedLoadFailure(event.reason)) event.preventDefault();
  });
}
