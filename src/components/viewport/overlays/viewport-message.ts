// The message in the middle of the viewport instead of an image: loading, the series' error, what the element lacks
// (a server, a study), or why the named image failed.
import { html, nothing } from 'lit';
import type { Task } from '@lit/task';
import { errorDetailOf } from '../../shared/error-detail.js';
import type { ShownImageController } from '../controllers/shown-image-controller.js';

const status = (text: string) => html`<div part="message" class="message" role="status">${text}</div>`;
const alert = (text: unknown) => html`<div part="message" class="message message--error" role="alert">${text}</div>`;

/** The message for the loading task's state, the element's inputs and the named image (nothing: none). */
export function viewportMessageTemplate(task: Task<readonly unknown[], unknown>, hasSource: boolean, hasStudy: boolean, shown: ShownImageController) {
  return task.render({
    pending: () => status('Loading series…'),
    error: (error) => alert(errorDetailOf(error).message),
    complete: () => {
      // An empty element says what it lacks rather than stay a black square.
      if (!hasSource) return status('No DICOMweb server: set dicomweb-root or source');
      if (!hasStudy) return status('No study selected');
      if (shown.showFailure) return alert(shown.showFailure.message);
      const failure = shown.shownImageFailure();
      return failure ? alert(`Image ${shown.shownImageIndex + 1} of ${shown.imageTotal}: ${failure}`) : nothing;
    },
  });
}
