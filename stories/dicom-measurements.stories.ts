import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { sampleStudy } from '../src/sample-data/phantom.js';

// As the viewport's stories: the reference server with the sample study, or STORYBOOK_DICOMWEB_ROOT.
const dicomwebRoot = (import.meta as unknown as { env: Record<string, string | undefined> }).env.STORYBOOK_DICOMWEB_ROOT ?? 'http://127.0.0.1:8043/dicom-web';
const [ctSeries] = sampleStudy.series;

const tools = ['length', 'angle', 'cobb-angle', 'bidirectional', 'ellipse-roi', 'rectangle-roi', 'freehand-roi', 'probe', 'arrow', 'text', 'window-level'] as const;

interface MeasurementsArgs {
  tool: (typeof tools)[number];
}

const meta: Meta<MeasurementsArgs> = {
  title: 'Elements/dicom-measurements',
  component: 'dicom-measurements',
  args: { tool: 'length' },
  argTypes: { tool: { control: 'select', options: tools } },
  // A CT viewport to measure on, and the list attached to it by `for`.
  render: (args) => html`
    <div style="display: flex; gap: 8px; align-items: flex-start">
      <dicom-viewport
        id="measured"
        style="height: 512px; width: 512px"
        dicomweb-root=${dicomwebRoot}
        study=${sampleStudy.studyInstanceUid}
        series=${ctSeries.seriesInstanceUid}
        tool=${args.tool}
      ></dicom-viewport>
      <dicom-measurements for="measured" style="width: 320px; min-height: 512px"></dicom-measurements>
    </div>
  `,
};

export default meta;

export const DrawAndList: StoryObj<MeasurementsArgs> = {};
export const EllipseRoi: StoryObj<MeasurementsArgs> = { args: { tool: 'ellipse-roi' } };
