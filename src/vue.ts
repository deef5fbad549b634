// Vue 3 typing of the elements for templates (vue-tsc, Volar): `<dicom-viewport :series="uid" @dicom-error="…" />`.
// Types only: add `import type {} from 'dicom-lightbox/vue'` once, or "dicom-lightbox/vue" to tsconfig's `types`.
// Vue must also be told the tags are custom elements (README, "Vue"): compilerOptions.isCustomElement.
import type { HTMLAttributes } from 'vue';
import type { DicomElements, ElementProperties } from './element-types.js';

/** Vue's listener props for an element's events: `@dicom-error` is the prop `onDicom-error`. */
export type VueEventProps<Events> = { [K in keyof Events & string as `on${Capitalize<K>}`]?: (event: Events[K]) => void };

/** A custom element as a component type Vue's template checker understands. */
export type VueCustomElement<Tag extends keyof DicomElements> = new () => DicomElements[Tag]['element'] & {
  $props: HTMLAttributes & ElementProperties<DicomElements[Tag]['element']> & VueEventProps<DicomElements[Tag]['events']>;
};

declare module 'vue' {
  interface GlobalComponents {
    'dicom-viewport': VueCustomElement<'dicom-viewport'>;
    'dicom-study-list': VueCustomElement<'dicom-study-list'>;
    'dicom-measurements': VueCustomElement<'dicom-measurements'>;
    'dicom-toolbar': VueCustomElement<'dicom-toolbar'>;
    'dicom-viewer': VueCustomElement<'dicom-viewer'>;
    'dicom-series-browser': VueCustomElement<'dicom-series-browser'>;
  }
}
