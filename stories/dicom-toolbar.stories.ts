import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { sampleStudy } from '../src/sample-data/phantom.js';
import { frame, frameArgs, frameArgTypes, themedStories, type FrameArgs } from './story-support.js';

const [ctSeries, mrSeries] = sampleStudy.series;

interface ToolbarArgs extends FrameArgs {
  compact: boolean;
  width: number;
  series: 'CT' | 'MR';
}

const meta: Meta<ToolbarArgs> = {
  title: 'Elements/dicom-toolbar',
  component: 'dicom-toolbar',
  args: { ...frameArgs, compact: false, width: 900, series: 'CT' },
  argTypes: {
    ...frameArgTypes,
    compact: { control: 'boolean' },
    width: { control: { type: 'range', min: 320, max: 1200, step: 20 } },
    series: { control: 'radio', options: ['CT', 'MR'] },
  },
  // The toolbar above the viewport it commands, attached by `for`.
  render: (args) => frame(args, html`
    <div style="width: ${args.width}px">
      <dicom-toolbar theme=${args.theme} for="commanded" ?compact=${args.compact}></dicom-toolbar>
      <dicom-viewport
        id="commanded"
        style="height: 512px"
        dicomweb-root=${args.dicomwebRoot}
        study=${sampleStudy.studyInstanceUid}
        series=${args.series === 'CT' ? ctSeries.seriesInstanceUid : mrSeries.seriesInstanceUid}
      ></dicom-viewport>
    </div>
  `),
};

export default meta;

export const Wide: StoryObj<ToolbarArgs> = {};
export const Compact: StoryObj<ToolbarArgs> = { args: { compact: true, width: 512 } };
export const NarrowByWidth: StoryObj<ToolbarArgs> = { args: { width: 480 } };

// One export a story, each its own declaration: Storybook's indexer lists no story exported by destructuring.
export const LightTheme: StoryObj<ToolbarArgs> = themedStories.LightTheme;
export const DarkTheme: StoryObj<ToolbarArgs> = themedStories.DarkTheme;
export const German: StoryObj<ToolbarArgs> = themedStories.German;
/** 860 px in German: the groups that do not fit wait behind "Weitere Werkzeuge", the row stays one. */
export const GermanAt860: StoryObj<ToolbarArgs> = { args: { lang: 'de', width: 860 } };
