import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { sampleStudy } from '../src/sample-data/phantom.js';

// As the viewport's stories: the reference server with the sample study, or STORYBOOK_DICOMWEB_ROOT.
const dicomwebRoot = (import.meta as unknown as { env: Record<string, string | undefined> }).env.STORYBOOK_DICOMWEB_ROOT ?? 'http://127.0.0.1:8043/dicom-web';
const [ctSeries, mrSeries] = sampleStudy.series;

interface ToolbarArgs {
  compact: boolean;
  width: number;
  series: 'CT' | 'MR';
}

const meta: Meta<ToolbarArgs> = {
  title: 'Elements/dicom-toolbar',
  component: 'dicom-toolbar',
  args: { compact: false, width: 900, series: 'CT' },
  argTypes: {
    compact: { control: 'boolean' },
    width: { control: { type: 'range', min: 320, max: 1200, step: 20 } },
    series: { control: 'radio', options: ['CT', 'MR'] },
  },
  // The toolbar above the viewport it commands, attached by `for`.
  render: (args) => html`
    <div style="width: ${args.width}px">
      <dicom-toolbar for="commanded" ?compact=${args.compact}></dicom-toolbar>
      <dicom-viewport
        id="commanded"
        style="height: 512px"
        dicomweb-root=${dicomwebRoot}
        study=${sampleStudy.studyInstanceUid}
        series=${args.series === 'CT' ? ctSeries.seriesInstanceUid : mrSeries.seriesInstanceUid}
      ></dicom-viewport>
    </div>
  `,
};

export default meta;

export const Wide: StoryObj<ToolbarArgs> = {};
export const Compact: StoryObj<ToolbarArgs> = { args: { compact: true, width: 512 } };
export const NarrowByWidth: StoryObj<ToolbarArgs> = { args: { width: 480 } };
