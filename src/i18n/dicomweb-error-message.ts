// A data-layer error (src/dicomweb/errors.ts) said in the reader's language, from its code, request and params.
import type { DicomwebError } from '../dicomweb/errors.js';
import type { Translate } from './localizer.js';

/** The sentence for `error` in `t`'s language; an error without a code (made outside the data layer) keeps its message. */
export function dicomwebErrorMessage(error: Pick<DicomwebError, 'kind' | 'code' | 'request' | 'params' | 'message'>, t: Translate): string {
  const { code, request, params } = error;
  if (!code || !request) return error.message;
  const filled = { ...params, request: t(`dicomweb.request.${request}`), kind: t(`dicomweb.kind.${error.kind}`) };
  if (code === 'http') return t(params.reason ? 'dicomweb.error.httpReason' : 'dicomweb.error.http', filled);
  return t(`dicomweb.error.${code}`, filled);
}
