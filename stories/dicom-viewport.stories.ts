import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { ref } from 'lit/directives/ref.js';
import { sampleStudy } from '../src/sample-data/phantom.js';
import { errorFixtures, frame, frameArgs, frameArgTypes, themedStories, type FrameArgs } from './story-support.js';

const [ctSeries, mrSeries] = sampleStudy.series;

interface ViewportArgs extends FrameArgs {
  /** What the source's auth hook answers (the expired-token story). */
  authorization?: string;
  study: string;
  series: string;
  windowCenter?: number;
  windowWidth?: number;
  preset?: string;
  tool?: 'window-level' | 'zoom' | 'pan' | 'scroll';
  noOverlay?: boolean;
  hideOverlays?: string;
  invert?: boolean;
  fps?: number;
  /** Starts cine once the first image is on screen. */
  play?: boolean;
  height: number;
  /** The element's width in CSS pixels; unset fills the story's width. */
  width?: number;
}

const meta: Meta<ViewportArgs> = {
  title: 'Elements/dicom-viewport',
  component: 'dicom-viewport',
  args: { ...frameArgs, study: sampleStudy.studyInstanceUid, series: ctSeries.seriesInstanceUid, height: 512 },
  argTypes: {
    ...frameArgTypes,
    windowCenter: { control: 'number' },
    windowWidth: { control: 'number' },
    preset: { control: 'select', options: ['', 'soft-tissue', 'lung', 'bone', 'brain', 'abdomen', 'liver', 'mediastinum', 'header-1'] },
    tool: { control: 'inline-radio', options: ['window-level', 'zoom', 'pan', 'scroll'] },
    noOverlay: { control: 'boolean' },
    hideOverlays: { control: 'text' },
    invert: { control: 'boolean' },
    fps: { control: { type: 'number', min: 0, max: 60 } },
    play: { control: 'boolean' },
    height: { control: { type: 'range', min: 128, max: 1024, step: 32 } },
    width: { control: { type: 'range', min: 128, max: 1024, step: 16 } },
  },
  // Optional attributes are left off when unset (ifDefined): an empty window-center would be no window at all.
  render: (args) => frame(args, html`
    <dicom-viewport
      theme=${args.theme}
      style="height: ${args.height}px; ${args.width ? `width: ${args.width}px` : ''}"
      dicomweb-root=${args.dicomwebRoot}
      study=${ifDefined(args.study || undefined)}
      series=${ifDefined(args.series || undefined)}
      window-center=${ifDefined(args.windowCenter)}
      window-width=${ifDefined(args.windowWidth)}
      preset=${ifDefined(args.preset || undefined)}
      tool=${ifDefined(args.tool)}
      hide-overlays=${ifDefined(args.hideOverlays || undefined)}
      fps=${ifDefined(args.fps)}
      ?no-overlay=${Boolean(args.noOverlay)}
      ?invert=${Boolean(args.invert)}
      @dicom-image-rendered=${args.play ? startCineOnce : undefined}
      ${ref((element) => authorize(element, args.authorization))}
    ></dicom-viewport>
  `),
  parameters: {
    docs: {
      description: {
        component:
          'One viewport showing a series as a stack: wheel to scroll, left drag for the tool (window/level by default), right drag to zoom, middle drag to pan; one finger for the tool, two to pinch and pan, three to scroll; keys listed in the element\'s documentation.',
      },
    },
  },
};
export default meta;

const cineStarted = new WeakSet<EventTarget>();

/** Plays cine once the first image of a story's viewport is on screen (later pauses by the user stick). */
function startCineOnce(event: Event): void {
  const viewport = event.currentTarget as (HTMLElement & { play(): void }) | null;
  if (!viewport || cineStarted.has(viewport)) return;
  cineStarted.add(viewport);
  viewport.play();
}

/** Sets the auth hook before the element's first request (the ref runs as the template is committed). */
function authorize(element: Element | undefined, authorization: string | undefined): void {
  const source = (element as { source?: { getAuthorization?: () => string } } | undefined)?.source;
  if (source && authorization) source.getAuthorization = () => authorization;
}

type Story = StoryObj<ViewportArgs>;
const fixtures = errorFixtures();

/** The sample CT (120 slices, 512×512) with its header's soft-tissue window and every overlay. */
export const ComputedTomography: Story = {};

/** The same CT at a bone window, set by attribute. */
export const BoneWindow: Story = { args: { windowCenter: 500, windowWidth: 2000 } };

/** The CT presets by name: lung here; choose another in the controls (or press 1–7 on the image). */
export const LungPreset: Story = { args: { preset: 'lung' } };

/** The brain preset (W 80 L 40). */
export const BrainPreset: Story = { args: { preset: 'brain' } };

/** No overlays at all (`no-overlay`); `hide-overlays` hides some of them by name. */
export const OverlaysOff: Story = { args: { noOverlay: true } };

/** Only the patient and study corners hidden. */
export const SomeOverlaysHidden: Story = { args: { hideOverlays: 'patient study' } };

/** The left button (and one finger) zooms instead of windowing. */
export const ZoomTool: Story = { args: { tool: 'zoom' } };

/** The sample MR (24 sagittal slices). */
export const MagneticResonance: Story = { args: { series: mrSeries.seriesInstanceUid } };

/** The MR played as cine at 8 frames per second (space pauses and resumes). */
export const MagneticResonanceCine: Story = { args: { series: mrSeries.seriesInstanceUid, fps: 8, play: true } };

/** A study alone: its first series with images (lowest Series Number) is shown, here the CT. */
export const StudyAlone: Story = { args: { series: '' } };

/** No study yet: the element says so rather than stay black. */
export const NoStudy: Story = { args: { study: '', series: '' } };

/** A series the server does not have: the element says so instead of showing a black square. */
export const MissingSeries: Story = { args: { series: '1.2.3.4.5.6.7.8.9' } };

/** A server that does not answer: the element says the series could not be fetched. */
export const ServerDown: Story = { args: { dicomwebRoot: 'http://127.0.0.1:9/dicom-web' } };

/** A narrow viewport (under 350 px): each corner keeps its first line, so no two overlays meet. */
export const Narrow: Story = { args: { width: 300, height: 300 } };

/** A window that turns the whole image white: the overlay text stays readable by its outline. */
export const BrightImage: Story = { args: { windowCenter: -1500, windowWidth: 400 } };

/** An image whose codestream is corrupt: the element names the image and why, and shows no picture for it. */
export const DecodeFailure: Story = { args: { study: fixtures.corruptStudy, series: fixtures.corruptSeries } };

/** A token the server refuses (expired): the element says the server refused it, not a black square. */
export const ExpiredToken: Story = { args: { authorization: fixtures.refusedToken } };

// One export a story, each its own declaration: Storybook's indexer lists no story exported by destructuring.
export const LightTheme: Story = themedStories.LightTheme;
export const DarkTheme: Story = themedStories.DarkTheme;
export const German: Story = themedStories.German;
