// Docs pages take each element's attributes, properties, events, slots, CSS parts and custom properties from the
// custom-elements manifest the build generates (npm run storybook / build-storybook build first when it is missing).
// Every event an element documents there is shown in the actions panel as it fires (they bubble and are composed, so
// listening at the story's root hears them all).
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import { withActions } from 'storybook/actions/decorator';
import manifest from '../custom-elements.json';

setCustomElementsManifest(manifest);

interface ManifestModule {
  declarations?: Array<{ events?: Array<{ name?: string }> }>;
}

const documentedEvents = [
  ...new Set(
    (manifest as { modules: ManifestModule[] }).modules
      .flatMap((module) => module.declarations ?? [])
      .flatMap((declaration) => declaration.events ?? [])
      .flatMap((event) => (event.name ? [event.name] : [])),
  ),
];

export default {
  tags: ['autodocs'],
  decorators: [withActions],
  parameters: { actions: { handles: documentedEvents } },
};
