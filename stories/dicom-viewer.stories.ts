import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { sampleStudy } from '../src/sample-data/phantom.js';

// As the viewport's stories: the reference server with the sample study, or STORYBOOK_DICOMWEB_ROOT.
const dicomwebRoot = (import.meta as unknown as { env: Record<string, string | undefined> }).env.STORYBOOK_DICOMWEB_ROOT ?? 'http://127.0.0.1:8043/dicom-web';

const layouts = ['1x1', '1x2', '2x1', '2x2', '1x3', '3x3', '2x3'] as const;

interface ViewerArgs {
  layout: (typeof layouts)[number];
  sync: string;
  noSeriesBrowser: boolean;
  noReferenceLines: boolean;
}

const meta: Meta<ViewerArgs> = {
  title: 'Elements/dicom-viewer',
  component: 'dicom-viewer',
  args: { layout: '1x2', sync: 'position voi', noSeriesBrowser: false, noReferenceLines: false },
  argTypes: { layout: { control: 'select', options: layouts }, sync: { control: 'text' } },
  // The sample study: an axial CT and a sagittal MR in one Frame of Reference, so each shows the other's reference line.
  render: (args) => html`
    <dicom-viewer
      style="height: 640px"
      dicomweb-root=${dicomwebRoot}
      study=${sampleStudy.studyInstanceUid}
      layout=${args.layout}
      sync=${args.sync}
      ?no-series-browser=${args.noSeriesBrowser}
      ?no-reference-lines=${args.noReferenceLines}
    ></dicom-viewer>
  `,
};

export default meta;

export const CtBesideMr: StoryObj<ViewerArgs> = {};
export const TwoByTwoSynchronized: StoryObj<ViewerArgs> = { args: { layout: '2x2', sync: 'position voi camera' } };
export const GridOnly: StoryObj<ViewerArgs> = { args: { noSeriesBrowser: true } };
