// What every story shares: the DICOMweb root (the reference server `npm run storybook` starts with the sample study,
// or STORYBOOK_DICOMWEB_ROOT), and the theme and language controls with a frame that shows them.
import { html, type TemplateResult } from 'lit';

const env = (import.meta as unknown as { env?: Record<string, string | undefined> }).env ?? {};

export const defaultDicomwebRoot = env.STORYBOOK_DICOMWEB_ROOT ?? 'http://127.0.0.1:8043/dicom-web';

export type StoryTheme = '' | 'light' | 'dark';

export interface FrameArgs {
  dicomwebRoot: string;
  /** The `theme` attribute of the story's elements: unset follows the reader's `prefers-color-scheme`. */
  theme: StoryTheme;
  /** The frame's `lang`, which the elements inside speak. */
  lang: 'en' | 'de';
}

export const frameArgs: FrameArgs = { dicomwebRoot: defaultDicomwebRoot, theme: '', lang: 'en' };

export const frameArgTypes = {
  dicomwebRoot: { control: 'text' },
  theme: { control: 'inline-radio', options: ['', 'light', 'dark'] },
  lang: { control: 'inline-radio', options: ['en', 'de'] },
} as const;

/** The story's elements in a frame of their language, on a page background of their theme. */
export function frame(args: FrameArgs, content: TemplateResult): TemplateResult {
  const page = args.theme === 'light' ? '#f4f5f7' : args.theme === 'dark' ? '#0b0b0b' : 'transparent';
  return html`<div lang=${args.lang} style="background: ${page}; padding: 8px">${content}</div>`;
}

/** The same story in each palette and in German: every element file exports these three. */
export const themedStories = {
  LightTheme: { args: { theme: 'light' as const } },
  DarkTheme: { args: { theme: 'dark' as const } },
  German: { args: { lang: 'de' as const } },
};

/**
 * Fixtures only a test server holds (a series with a corrupt frame, a token it refuses), as the browser tests' page
 * announces them; in Storybook, STORYBOOK_CORRUPT_STUDY/SERIES and STORYBOOK_REFUSED_TOKEN name a server's own.
 */
interface ErrorFixtures {
  corruptStudy: string;
  corruptSeries: string;
  refusedToken: string;
}
export function errorFixtures(): ErrorFixtures {
  const test = (globalThis as { __TEST_SERVER__?: { corruptSeries: { studyInstanceUid: string; seriesInstanceUid: string }; refusedTokenPrefix: string } }).__TEST_SERVER__;
  if (test) return { corruptStudy: test.corruptSeries.studyInstanceUid, corruptSeries: test.corruptSeries.seriesInstanceUid, refusedToken: `${test.refusedTokenPrefix} expired` };
  return { corruptStudy: env.STORYBOOK_CORRUPT_STUDY ?? '', corruptSeries: env.STORYBOOK_CORRUPT_SERIES ?? '', refusedToken: env.STORYBOOK_REFUSED_TOKEN ?? 'Bearer expired' };
}
