// One image's load or decode failure (src/imaging/image-failure.ts) said in the reader's language, from its kind,
// HTTP status, transfer syntax and the decoder's own text.
import type { ImageFailure } from '../imaging/image-failure.js';
import { clientFailureMessage } from './client-failure-message.js';
import { decodeCheckMessage } from './decode-check-message.js';
import type { Translate } from './localizer.js';

/** What the sentence is made from: the failure's kind and, as the kind needs, its status, syntax, codec or detail. */
export type ImageFailureFacts = Pick<ImageFailure, 'kind' | 'status' | 'transferSyntaxUid' | 'transferSyntaxName' | 'detail' | 'check' | 'code' | 'codec'>;

/** The sentence for `failure` in `t`'s language. */
export function imageFailureMessage(failure: ImageFailureFacts, t: Translate): string {
  switch (failure.kind) {
    case 'client':
      return failure.code ? clientFailureMessage({ code: failure.code, codec: failure.codec }, t) : t('imageFailure.decode', { detail: failure.detail ?? '' });
    case 'unsupported':
      return t('imageFailure.unsupported', { syntax: failure.transferSyntaxName ?? t('imageFailure.unknownSyntax'), uid: failure.transferSyntaxUid ?? '' });
    case 'decode':
      return t('imageFailure.decode', { detail: failure.check ? decodeCheckMessage(failure.check, t) : (failure.detail ?? '') });
    default: {
      const reason = t(`imageFailure.${failure.kind}`);
      return failure.status ? t('imageFailure.withStatus', { reason, status: failure.status }) : t('imageFailure.sentence', { reason });
    }
  }
}
