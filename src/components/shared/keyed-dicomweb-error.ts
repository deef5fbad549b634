// A failure an element concludes from what the server answered (a study without image series, a load left with
// nothing to wait for): typed as the data layer's errors are, its words from the message table by key, so the
// element says it in the reader's language and `message` stays English for whoever logs it.
import { DicomwebError, type DicomwebFailureKind } from '../../dicomweb/errors.js';
import { english, type MessageKey, type MessageParams } from '../../i18n/index.js';

export class KeyedDicomwebError extends DicomwebError {
  constructor(
    kind: DicomwebFailureKind,
    /** The message table's key for the sentence. */
    readonly messageKey: MessageKey,
    url: string,
    readonly messageParams: MessageParams = {},
  ) {
    super(kind, english.t(messageKey, messageParams), url);
  }
}
