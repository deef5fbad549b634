// Issue 18, item 3 (typing): TypeScript consumers of the built package (after `npm run build`) get the elements typed
// in React 19's JSX, in `dicom-lightbox/react`'s wrappers, in Vue's GlobalComponents and from
// `dicom-lightbox/standalone`. Each consumer file also holds misuses marked @ts-expect-error, so a typing that is
// missing or too loose (anything accepted) fails the compile as surely as a wrong one.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repositoryRoot = resolve(import.meta.dirname, '../..');
let consumer: string;

const files: Record<string, string> = {
  'react19.tsx': `
import 'dicom-lightbox';
import type {} from 'dicom-lightbox/jsx';
import type { DicomErrorEvent, DicomViewport } from 'dicom-lightbox';
import { useRef } from 'react';

export function Viewer({ onError }: { onError: (message: string) => void }) {
  const ref = useRef<DicomViewport>(null);
  return (
    <>
      <dicom-study-list dicomweb-root="/dicom-web" pageSize={50} ondicom-study-select={(event) => event.detail.studyInstanceUid} />
      <dicom-viewport ref={ref} dicomweb-root="/dicom-web" study="1.2.3" series="1.2.3.4" windowCenter={40} className="viewer"
        ondicom-error={(event: DicomErrorEvent) => onError(event.detail.message)} ondicom-image-rendered={(event) => event.detail.imageIndex} />
      {/* @ts-expect-error window-center as a property is a number */}
      <dicom-viewport windowCenter="wide" />
      {/* @ts-expect-error each event's detail is typed */}
      <dicom-viewport ondicom-image-rendered={(event) => event.detail.noSuchField} />
      <dicom-toolbar for="viewport-1" compact />
      {/* @ts-expect-error the toolbar's viewport is an element, not an id */}
      <dicom-toolbar viewport="viewport-1" />
    </>
  );
}
`,
  'react18.tsx': `
import { DicomStudyList, DicomViewport } from 'dicom-lightbox/react';

export const viewer = (
  <>
    <DicomStudyList dicomwebRoot="/dicom-web" onDicomStudySelect={(event) => event.detail.studyInstanceUid} />
    <DicomViewport dicomwebRoot="/dicom-web" series="1.2.3.4" windowCenter={40} onDicomError={(event) => event.detail.kind} />
  </>
);
// @ts-expect-error an event's detail is typed
export const wrongEvent = <DicomViewport onDicomError={(event) => event.detail.noSuchField} />;
// @ts-expect-error a property's type is checked
export const wrongProperty = <DicomViewport fps="fast" />;
`,
  'vue.ts': `
import type {} from 'dicom-lightbox/vue';
import type { GlobalComponents } from 'vue';

type ViewportProps = InstanceType<GlobalComponents['dicom-viewport']>['$props'];
export const props: ViewportProps = { series: '1.2.3.4', windowCenter: 40, class: 'viewer', 'onDicom-error': (event) => event.detail.kind };
// @ts-expect-error a property's type is checked
export const wrongProperty: ViewportProps = { windowCenter: 'wide' };
// @ts-expect-error each event's detail is typed
export const wrongEvent: ViewportProps = { 'onDicom-image-rendered': (event) => event.detail.noSuchField };
`,
  'standalone.ts': `
import { DicomViewport, DicomwebSource } from 'dicom-lightbox/standalone';

const element: DicomViewport = document.createElement('dicom-viewport');
element.series = '1.2.3.4';
export const source: DicomwebSource = new DicomwebSource({ root: '/dicom-web' });
// @ts-expect-error a property's type is checked
element.windowCenter = 'wide';
`,
};

before(async () => {
  consumer = await mkdtemp(join(tmpdir(), 'dicom-lightbox-types-'));
  await mkdir(join(consumer, 'node_modules'));
  // The package and what a consumer of it has installed: Lit (its dependency), React's and Vue's types.
  await symlink(repositoryRoot, join(consumer, 'node_modules', 'dicom-lightbox'), 'dir');
  for (const name of ['lit', 'lit-html', 'lit-element', '@lit', '@lit-labs', '@types', 'csstype', 'vue', '@vue']) {
    await symlink(join(repositoryRoot, 'node_modules', name), join(consumer, 'node_modules', name), 'dir');
  }
  for (const [name, text] of Object.entries(files)) await writeFile(join(consumer, name), text);
  await writeFile(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', jsx: 'react-jsx', strict: true, noEmit: true, skipLibCheck: true, lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: [] },
      files: Object.keys(files),
    }),
  );
});

after(async () => {
  if (consumer) await rm(consumer, { recursive: true, force: true });
});

test('React 19 JSX, the React wrappers, Vue templates and the standalone entry are typed', async () => {
  const tsc = join(repositoryRoot, 'node_modules/typescript/bin/tsc');
  const result = await run(process.execPath, [tsc, '-p', join(consumer, 'tsconfig.json')], { cwd: consumer }).then(
    () => '',
    (error: { stdout?: string }) => error.stdout ?? String(error),
  );
  assert.equal(result, '', 'tsc reports nothing');
});
