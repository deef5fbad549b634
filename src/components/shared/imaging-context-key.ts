// The context key through which an element reaches its imaging context (src/imaging/imaging-context.ts): a
// `<dicom-viewer>` provides one for its viewports; an element nobody provides one to uses the page's. A registered
// symbol, so that two copies of this module on one page agree on the key.
import { createContext } from '@lit/context';
import type { ImagingContext } from '../../imaging/imaging-context.js';

export const imagingContextKey = createContext<ImagingContext>(Symbol.for('dicom-lightbox.imaging-context'));
