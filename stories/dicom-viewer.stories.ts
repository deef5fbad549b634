import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { sampleStudy } from '../src/sample-data/phantom.js';
import { frame, frameArgs, frameArgTypes, themedStories, type FrameArgs } from './story-support.js';


const layouts = ['1x1', '1x2', '2x1', '2x2', '1x3', '3x3', '2x3'] as const;

interface ViewerArgs extends FrameArgs {
  layout: (typeof layouts)[number];
  sync: string;
  noSeriesBrowser: boolean;
  noReferenceLines: boolean;
}

const meta: Meta<ViewerArgs> = {
  title: 'Elements/dicom-viewer',
  component: 'dicom-viewer',
  args: { ...frameArgs, layout: '1x2', sync: 'position voi', noSeriesBrowser: false, noReferenceLines: false },
  argTypes: { ...frameArgTypes, layout: { control: 'select', options: layouts }, sync: { control: 'text' } },
  // The sample study: an axial CT and a sagittal MR in one Frame of Reference, so each shows the other's reference line.
  render: (args) => frame(args, html`
    <dicom-viewer
      theme=${args.theme}
      style="height: 640px"
      dicomweb-root=${args.dicomwebRoot}
      study=${sampleStudy.studyInstanceUid}
      layout=${args.layout}
      sync=${args.sync}
      ?no-series-browser=${args.noSeriesBrowser}
      ?no-reference-lines=${args.noReferenceLines}
    ></dicom-viewer>
  `),
};

export default meta;

export const CtBesideMr: StoryObj<ViewerArgs> = {};
export const TwoByTwoSynchronized: StoryObj<ViewerArgs> = { args: { layout: '2x2', sync: 'position voi camera' } };
export const GridOnly: StoryObj<ViewerArgs> = { args: { noSeriesBrowser: true } };

// One export a story, each its own declaration: Storybook's indexer lists no story exported by destructuring.
export const LightTheme: StoryObj<ViewerArgs> = themedStories.LightTheme;
export const DarkTheme: StoryObj<ViewerArgs> = themedStories.DarkTheme;
export const German: StoryObj<ViewerArgs> = themedStories.German;
