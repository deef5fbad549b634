// Docs pages take each element's attributes, properties, events, slots, CSS parts and custom properties from the
// custom-elements manifest the build generates (npm run storybook / build-storybook build first when it is missing).
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import manifest from '../custom-elements.json';

setCustomElementsManifest(manifest);

export default {};
