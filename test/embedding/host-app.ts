// A host app as an integrator writes one: an HTML page with three <dicom-viewport> elements and a script that imports
// the package by name (or, for the standalone bundle, a <script> from a URL), names the series and records what the
// elements report in `window.__viewports`, for the test to wait on.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const viewportIds = ['jpeg-ls', 'jpeg-2000', 'htj2k'] as const;

/** Page script: the query names the DICOMweb root and each viewport's series. */
const pageScript = `
const params = new URLSearchParams(location.search);
window.__viewports = {};
for (const id of ${JSON.stringify(viewportIds)}) {
  const viewport = document.getElementById(id);
  viewport.addEventListener('dicom-image-rendered', () => { window.__viewports[id] ??= { rendered: true }; });
  viewport.addEventListener('dicom-error', (event) => { window.__viewports[id] = { error: event.detail.kind + ': ' + event.detail.message + ' (' + (event.detail.detail ?? '') + ')' }; });
  viewport.setAttribute('dicomweb-root', params.get('root'));
  viewport.setAttribute('study', params.get('study'));
  viewport.setAttribute('series', params.get(id));
}
`;

const viewports = viewportIds.map((id) => `<dicom-viewport id="${id}" style="display:block;width:256px;height:256px"></dicom-viewport>`).join('\n');

export function hostPage(head: string, body = ''): string {
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>host app</title>${head}</head>\n<body>\n${viewports}\n${body}</body></html>\n`;
}

/** A bundled app: index.html loads src/main.js, which imports the package as `import 'dicom-lightbox'`. */
export async function writeBundledHostApp(dir: string): Promise<void> {
  await mkdir(join(dir, 'src'), { recursive: true });
  await writeFile(join(dir, 'index.html'), hostPage('', '<script type="module" src="./src/main.js"></script>\n'));
  await writeFile(join(dir, 'src', 'main.js'), `import 'dicom-lightbox';\n${pageScript}`);
}

/** The page script alone, for pages that load the standalone bundle by URL. */
export const hostPageScript = pageScript;
