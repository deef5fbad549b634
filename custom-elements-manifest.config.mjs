// The custom-elements manifest is generated from the elements' class comments (@tag, @event, @csspart, …).
export default {
  globs: ['src/components/**/*.ts'],
  exclude: ['src/components/**/*.styles.ts', 'src/components/**/*-controller.ts'],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      // Our events are typed classes whose names live in their constructors; the analyzer also lists each
      // `dispatchEvent(new XEvent())` as a nameless event. The @event tags on the class are the documented ones.
      name: 'dicom-lightbox-named-events-only',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (declaration.events) declaration.events = declaration.events.filter((event) => event.name);
          }
        }
      },
    },
  ],
};
