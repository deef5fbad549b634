// Cornerstone 5.14's loadAndCacheImage() drops the promise cache.putImageLoadObject() returns, and that promise
// re-throws a failed load: every image that fails to load becomes an unhandled rejection on the page, which an
// embedding page's error monitoring reports as a crash. The failure itself is handled: Cornerstone announces it
// (IMAGE_LOAD_FAILED) and the viewport shows it and fires `dicom-error`. So the page's loader marks each reason it
// rejects with, and only those marked reasons are kept from being reported as unhandled.

const reported = new WeakSet<object>();
let listening = false;

/** The reason a load rejects with, as an object that can be marked (a decoder may throw a bare string). */
export function markedLoadFailure(reason: unknown): object {
  const marked = typeof reason === 'object' && reason !== null ? reason : new Error(String(reason));
  reported.add(marked);
  return marked;
}

/** Once a page: an unhandled rejection whose reason is a marked load failure is not reported again. */
export function quietenReportedLoadFailures(): void {
  if (listening || typeof window === 'undefined') return;
  listening = true;
  window.addEventListener('unhandledrejection', (event) => {
    if (typeof event.reason === 'object' && event.reason !== null && reported.has(event.reason)) event.preventDefault();
  });
}
