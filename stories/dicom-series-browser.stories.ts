import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { sampleStudy } from '../src/sample-data/phantom.js';
import { frame, frameArgs, frameArgTypes, themedStories, type FrameArgs } from './story-support.js';

interface SeriesBrowserArgs extends FrameArgs {
  study: string;
  noPriors: boolean;
}

const meta: Meta<SeriesBrowserArgs> = {
  title: 'Elements/dicom-series-browser',
  component: 'dicom-series-browser',
  args: { ...frameArgs, study: sampleStudy.studyInstanceUid, noPriors: false },
  argTypes: { ...frameArgTypes, study: { control: 'text' }, noPriors: { control: 'boolean' } },
  render: (args) =>
    frame(
      args,
      html`<dicom-series-browser
        style="width: 260px; height: 480px"
        dicomweb-root=${args.dicomwebRoot}
        theme=${args.theme}
        study=${args.study}
        ?no-priors=${args.noPriors}
      ></dicom-series-browser>`,
    ),
};
export default meta;

type Story = StoryObj<SeriesBrowserArgs>;

/** The sample study's series with their thumbnails, and the patient's other studies. */
export const SampleStudy: Story = {};
/** No study yet. */
export const NoStudy: Story = { args: { study: '' } };
/** A study the server does not have. */
export const MissingStudy: Story = { args: { study: '1.2.3.4.5.6.7.8.9' } };
// One export a story, each its own declaration: Storybook's indexer lists no story exported by destructuring.
export const LightTheme: Story = themedStories.LightTheme;
export const DarkTheme: Story = themedStories.DarkTheme;
export const German: Story = themedStories.German;
