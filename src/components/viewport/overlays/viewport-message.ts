// The message in the middle of the viewport instead of an image: loading, the series' error, what the element lacks
// (a server, a study), or why the named image failed; its model from the element's state and its template.
import { html, nothing } from 'lit';
import type { Task } from '@lit/task';
import { errorDetailOf } from '../../shared/error-detail.js';
import type { ShownImageController } from '../controllers/shown-image-controller.js';

/** What the element says in its middle instead of an image: loading, an error, or what it lacks. */
export type ViewportMessage =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'status'; message: string }
  | { kind: 'image-failed'; imageIndex: number; imageCount: number; message: string };

export function messageTemplate(message: ViewportMessage | undefined) {
  if (!message) return nothing;
  switch (message.kind) {
    case 'loading':
      return html`<div part="message" class="message" role="status">Loading series…</div>`;
    case 'status':
      return html`<div part="message" class="message" role="status">${message.message}</div>`;
    case 'error':
      return html`<div part="message" class="message message--error" role="alert">${message.message}</div>`;
    case 'image-failed':
      return html`<div part="message" class="message message--error" role="alert">
        Image ${message.imageIndex + 1} of ${message.imageCount}: ${message.message}
      </div>`;
  }
}

/** The message for the loading task's state, the element's inputs and the named image (undefined: none). */
export function viewportMessageOf(task: Task<readonly unknown[], unknown>, hasSource: boolean, hasStudy: boolean, shown: ShownImageController): ViewportMessage | undefined {
  return task.render({
    pending: (): ViewportMessage => ({ kind: 'loading' }),
    error: (error): ViewportMessage => ({ kind: 'error', message: errorDetailOf(error).message }),
    complete: (): ViewportMessage | undefined => {
      // An empty element says what it lacks rather than stay a black square.
      if (!hasSource) return { kind: 'status', message: 'No DICOMweb server: set dicomweb-root or source' };
      if (!hasStudy) return { kind: 'status', message: 'No study selected' };
      if (shown.showFailure) return { kind: 'error', message: shown.showFailure.message };
      const failure = shown.shownImageFailure();
      return failure ? { kind: 'image-failed', imageIndex: shown.shownImageIndex, imageCount: shown.imageTotal, message: failure } : undefined;
    },
  });
}
