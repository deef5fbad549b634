import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { frame, frameArgs, frameArgTypes, themedStories, type FrameArgs } from './story-support.js';

interface StudyListArgs extends FrameArgs {
  patientName?: string;
  patientId?: string;
  accessionNumber?: string;
  /** The element's width in px; unset, the frame's. */
  width?: number;
}

const meta: Meta<StudyListArgs> = {
  title: 'Elements/dicom-study-list',
  component: 'dicom-study-list',
  args: { ...frameArgs },
  argTypes: { ...frameArgTypes, patientName: { control: 'text' }, patientId: { control: 'text' }, accessionNumber: { control: 'text' } },
  render: (args) =>
    frame(
      args,
      html`<dicom-study-list
        dicomweb-root=${args.dicomwebRoot}
        theme=${args.theme}
        patient-name=${ifDefined(args.patientName || undefined)}
        patient-id=${ifDefined(args.patientId || undefined)}
        accession-number=${ifDefined(args.accessionNumber || undefined)}
        style=${ifDefined(args.width ? `width: ${args.width}px` : undefined)}
      ></dicom-study-list>`,
    ),
};
export default meta;

type Story = StoryObj<StudyListArgs>;

/** Every study on the server. */
export const AllStudies: Story = {};
/** A portal showing one patient's studies: the patient ID is a fixed filter. */
export const OnePatient: Story = { args: { patientId: 'LB-0001' } };
/** A search that matches nothing. */
export const NoMatch: Story = { args: { patientName: 'Nobody^Matches' } };
/** A server that does not answer: the error and "Try again". */
export const ServerDown: Story = { args: { dicomwebRoot: 'http://127.0.0.1:9/dicom-web' } };
// One export a story, each its own declaration: Storybook's indexer lists no story exported by destructuring.
export const LightTheme: Story = themedStories.LightTheme;
export const DarkTheme: Story = themedStories.DarkTheme;
export const German: Story = themedStories.German;

/** 860 px in German: the columns share the width, long headings and values cut with their text in a tooltip. */
export const GermanAt860: Story = { args: { lang: 'de', width: 860 } };
