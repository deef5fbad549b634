// Storybook loads the prebuilt standalone bundle as a static folder, so Vite never rewrites Cornerstone's
// worker and WASM URLs (see ../shared FACTS: the same fixes rollup needs would be needed again for Vite).
import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  framework: '@storybook/web-components-vite',
  stories: ['../stories/**/*.stories.ts'],
  // A docs page for each element (tags: autodocs in preview.ts), its tables and controls from the manifest.
  addons: ['@storybook/addon-docs'],
  staticDirs: [{ from: '../dist/browser', to: '/lib' }],
  core: { disableTelemetry: true },
};

export default config;
