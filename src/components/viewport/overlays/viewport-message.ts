// The message in the middle of the viewport instead of an image: loading, the series' error, what the element lacks
// (a server, a study), or why the named image failed.
import { html, nothing } from 'lit';
import type { Task } from '@lit/task';
import { errorDetailOf } from '../../shared/error-detail.js';
import { imageFailureMessage } from '../../../i18n/image-failure-message.js';
import type { ShownImageController } from '../controllers/shown-image-controller.js';
import { englishMessage, type Translate } from '../../shared/localize-controller.js';

const status = (text: string) => html`<div part="message" class="message" role="status">${text}</div>`;
const alert = (text: unknown) => html`<div part="message" class="message message--error" role="alert">${text}</div>`;

/** The message for the loading task's state, the element's inputs and the named image (nothing: none). */
export function viewportMessageTemplate(task: Task<readonly unknown[], unknown>, hasSource: boolean, hasStudy: boolean, shown: ShownImageController, t: Translate = englishMessage) {
  return task.render({
    pending: () => status(t('viewport.loading')),
    error: (error) => alert(errorDetailOf(error, t).message),
    complete: () => {
      // An empty element says what it lacks rather than stay a black square.
      if (!hasSource) return status(t('viewport.noSource'));
      if (!hasStudy) return status(t('viewport.noStudy'));
      if (shown.showFailure) return alert(shown.showFailure.message);
      const failure = shown.shownImageFailure();
      return failure ? alert(t('viewport.imageFailed', { index: shown.shownImageIndex + 1, total: shown.imageTotal, reason: imageFailureMessage(failure, t) })) : nothing;
    },
  });
}
