// A failure of the page itself (src/imaging/client-failure.ts) said in the reader's language, from its code and codec.
import type { ClientFailure } from '../imaging/client-failure.js';
import type { Translate } from './localizer.js';

/** The sentence for `failure` in `t`'s language: which images cannot be decoded, and why. */
export function clientFailureMessage(failure: Pick<ClientFailure, 'code' | 'codec'>, t: Translate): string {
  const images = failure.codec ? t('clientFailure.codecImages', { codec: failure.codec }) : t('clientFailure.theseImages');
  return t(`clientFailure.${failure.code}`, { images });
}
