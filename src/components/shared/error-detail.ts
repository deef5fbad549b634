// What an element says about an error it caught: the server's typed failure in the reader's language, this page
// failing to load its engine or worker in plain words, anything else as a bad response with its message.
import { DicomwebError } from '../../dicomweb/errors.js';
import type { DicomErrorDetail } from '../../events/error.js';
import { describeClientFailure } from '../../imaging/client-failure.js';
import { clientFailureMessage, dicomwebErrorMessage, english, type Translate } from '../../i18n/index.js';
import { KeyedDicomwebError } from './keyed-dicomweb-error.js';

export function errorDetailOf(error: unknown, t: Translate = english.t): DicomErrorDetail {
  if (error instanceof DicomwebError) {
    const message = error instanceof KeyedDicomwebError ? t(error.messageKey, error.messageParams) : dicomwebErrorMessage(error, t);
    return { kind: error.kind, message, ...(error.code ? { code: error.code } : {}), status: error.status, url: error.url };
  }
  // The engine chunk or its worker failing to load is this page's doing, not the server's: said so in plain words.
  const client = describeClientFailure(error);
  if (client) return { ...client, message: clientFailureMessage(client, t) };
  return { kind: 'bad-response', message: error instanceof Error ? error.message : String(error) };
}
