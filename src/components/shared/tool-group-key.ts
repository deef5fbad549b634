// The context key through which a container of viewports (a `<dicom-viewer>`) hands them the id of the Cornerstone
// tool group it owns: its viewports join that group (crosshairs and reference lines need them in one), and the
// container destroys it. A viewport nobody hands one makes, and destroys, its own. A registered symbol, so that two
// copies of this module on one page agree on the key.
import { createContext } from '@lit/context';

export const toolGroupKey = createContext<string>(Symbol.for('dicom-lightbox.tool-group'));
