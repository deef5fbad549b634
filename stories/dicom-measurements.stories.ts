import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { sampleStudy } from '../src/sample-data/phantom.js';
import { frame, frameArgs, frameArgTypes, themedStories, type FrameArgs } from './story-support.js';

const [ctSeries] = sampleStudy.series;

const tools = ['length', 'angle', 'cobb-angle', 'bidirectional', 'ellipse-roi', 'rectangle-roi', 'freehand-roi', 'probe', 'arrow', 'text', 'window-level'] as const;

interface MeasurementsArgs extends FrameArgs {
  tool: (typeof tools)[number];
}

const meta: Meta<MeasurementsArgs> = {
  title: 'Elements/dicom-measurements',
  component: 'dicom-measurements',
  args: { ...frameArgs, tool: 'length' },
  argTypes: { ...frameArgTypes, tool: { control: 'select', options: tools } },
  // A CT viewport to measure on, and the list attached to it by `for`.
  render: (args) => frame(args, html`
    <div style="display: flex; gap: 8px; align-items: flex-start">
      <dicom-viewport
        id="measured"
        style="height: 512px; width: 512px"
        dicomweb-root=${args.dicomwebRoot}
        study=${sampleStudy.studyInstanceUid}
        series=${ctSeries.seriesInstanceUid}
        tool=${args.tool}
      ></dicom-viewport>
      <dicom-measurements theme=${args.theme} for="measured" style="width: 320px; min-height: 512px"></dicom-measurements>
    </div>
  `),
};

export default meta;

export const DrawAndList: StoryObj<MeasurementsArgs> = {};
export const EllipseRoi: StoryObj<MeasurementsArgs> = { args: { tool: 'ellipse-roi' } };

// One export a story, each its own declaration: Storybook's indexer lists no story exported by destructuring.
export const LightTheme: StoryObj<MeasurementsArgs> = themedStories.LightTheme;
export const DarkTheme: StoryObj<MeasurementsArgs> = themedStories.DarkTheme;
export const German: StoryObj<MeasurementsArgs> = themedStories.German;
