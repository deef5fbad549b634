import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { sampleStudy } from '../src/sample-data/phantom.js';

// `npm run storybook` starts the reference server with the sample study here; a deployed Storybook points
// STORYBOOK_DICOMWEB_ROOT at a server of its own.
const dicomwebRoot = (import.meta as unknown as { env: Record<string, string | undefined> }).env.STORYBOOK_DICOMWEB_ROOT ?? 'http://127.0.0.1:8043/dicom-web';
const [ctSeries, mrSeries] = sampleStudy.series;

interface ViewportArgs {
  dicomwebRoot: string;
  study: string;
  series: string;
  windowCenter?: number;
  windowWidth?: number;
  height: number;
}

const meta: Meta<ViewportArgs> = {
  title: 'Elements/dicom-viewport',
  component: 'dicom-viewport',
  args: { dicomwebRoot, study: sampleStudy.studyInstanceUid, series: ctSeries.seriesInstanceUid, height: 512 },
  argTypes: {
    windowCenter: { control: 'number' },
    windowWidth: { control: 'number' },
    height: { control: { type: 'range', min: 128, max: 1024, step: 32 } },
  },
  render: (args) => html`
    <dicom-viewport
      style="height: ${args.height}px"
      dicomweb-root=${args.dicomwebRoot}
      study=${args.study}
      series=${args.series}
      window-center=${args.windowCenter ?? ''}
      window-width=${args.windowWidth ?? ''}
    ></dicom-viewport>
  `,
  parameters: {
    docs: {
      description: {
        component:
          'One viewport showing a series as a stack: wheel to scroll, left drag for window/level, right drag to zoom, middle drag to pan.',
      },
    },
  },
};
export default meta;

type Story = StoryObj<ViewportArgs>;

/** The sample CT (120 slices, 512×512) with its header's soft-tissue window. */
export const ComputedTomography: Story = {};

/** The same CT at a bone window, set by attribute. */
export const BoneWindow: Story = { args: { windowCenter: 500, windowWidth: 2000 } };

/** The sample MR (24 sagittal slices). */
export const MagneticResonance: Story = { args: { series: mrSeries.seriesInstanceUid } };

/** A series the server does not have: the element says so instead of showing a black square. */
export const MissingSeries: Story = { args: { series: '1.2.3.4.5.6.7.8.9' } };
