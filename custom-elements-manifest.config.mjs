// The custom-elements manifest is generated from the elements' class comments (@tag, @event, @csspart, …).
// It ships in the package, so it describes the shipped files: each module's path is its declaration file under
// dist/lib (the JavaScript is bundled into chunks), and only the modules that declare or define an element are kept.
export default {
  globs: ['src/components/**/*.ts'],
  exclude: ['src/components/**/*.styles.ts', 'src/components/**/*-controller.ts'],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      // Our events are typed classes whose names live in their constructors; the analyzer also lists each
      // `dispatchEvent(new XEvent(detail))` as an event named after the argument ("detail", "state") or nameless.
      // The @event tags on the class are the documented ones, and each is named dicom-….
      name: 'dicom-lightbox-documented-events-only',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (declaration.events) declaration.events = declaration.events.filter((event) => /^dicom-[a-z]+(-[a-z]+)*$/.test(event.name ?? ''));
          }
        }
      },
    },
    {
      name: 'dicom-lightbox-shipped-paths',
      packageLinkPhase({ customElementsManifest }) {
        const declaresElement = (module) =>
          (module.declarations ?? []).some((declaration) => declaration.customElement) ||
          (module.exports ?? []).some((exported) => exported.kind === 'custom-element-definition');
        const shipped = (path) => path.replace(/^src\/(.*)\.ts$/, 'dist/lib/$1.d.ts');
        customElementsManifest.modules = customElementsManifest.modules.filter(declaresElement);
        for (const module of customElementsManifest.modules) {
          module.path = shipped(module.path);
          for (const exported of module.exports ?? []) {
            if (exported.declaration?.module) exported.declaration.module = shipped(exported.declaration.module);
          }
          for (const declaration of module.declarations ?? []) {
            if (declaration.superclass?.module) declaration.superclass.module = shipped(declaration.superclass.module);
          }
        }
      },
    },
  ],
};
