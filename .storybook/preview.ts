// Docs pages take each element's attributes, properties, events, slots, CSS parts and custom properties from the
// custom-elements manifest the build generates (npm run storybook / build-storybook build first when it is missing);
// its private and protected members stay out of the tables and controls. Every event an element documents there is
// shown in the actions panel as it fires (they bubble and are composed, so listening at the story's root hears them).
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import { withActions } from 'storybook/actions/decorator';
import manifest from '../custom-elements.json';

interface ManifestMember {
  name?: string;
  privacy?: string;
}
interface ManifestDeclaration {
  members?: ManifestMember[];
  events?: Array<{ name?: string }>;
}
interface Manifest {
  modules: Array<{ declarations?: ManifestDeclaration[] }>;
}

const { modules } = manifest as Manifest;

/** The manifest with only the public API: what an integrator may set or call. */
const publicManifest = {
  ...manifest,
  modules: modules.map((module) => ({
    ...module,
    declarations: module.declarations?.map((declaration) => ({
      ...declaration,
      members: declaration.members?.filter((member) => member.privacy !== 'private' && member.privacy !== 'protected'),
    })),
  })),
};

setCustomElementsManifest(publicManifest);

const documentedEvents = [
  ...new Set(
    modules
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
