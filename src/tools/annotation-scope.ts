// Whose measurements a viewport shows. Cornerstone keeps annotations per Frame of Reference for the whole page, so
// two independent viewports of one series would show and edit each other's; here the annotation group is the
// viewport's tool group and its Frame of Reference: a viewport with a tool group of its own sees only its own
// measurements, the viewports of one viewer (one tool group) see each other's. The scope is written on the enabled
// element, where Cornerstone's tools hand it to the annotation manager, so no registry of scopes is kept.
import { annotation } from '@cornerstonejs/tools';
import type { Types } from '@cornerstonejs/tools';

const { FrameOfReferenceSpecificAnnotationManager } = annotation;

type GroupSelector = HTMLDivElement | string;

/** The scope of the viewport enabled on `element` from now on: its tool group's id. */
export function setAnnotationScope(element: HTMLDivElement, scope: string): void {
  element.dataset.annotationScope = scope;
}

/** Annotations are grouped by `<scope>|<Frame of Reference UID>`; an element without a scope uses the bare UID. */
class ScopedAnnotationManager extends FrameOfReferenceSpecificAnnotationManager {
  constructor() {
    super();
    const frameOfReferenceKey = this.getGroupKey;
    this.getGroupKey = (selector: GroupSelector) => {
      if (typeof selector === 'string') return selector;
      const scope = selector.dataset.annotationScope;
      const key = frameOfReferenceKey(selector);
      return scope ? `${scope}|${key}` : key;
    };
  }
}

/** Makes Cornerstone's annotation state scoped (page-global by nature: one manager a page). After tools' init. */
export function scopeAnnotations(): void {
  if (!(annotation.state.getAnnotationManager() instanceof ScopedAnnotationManager)) {
    annotation.state.setAnnotationManager(new ScopedAnnotationManager() as never);
  }
}

/** Removes every measurement of a scope: its owner (the viewport or the viewer) is going. */
export function removeScopedAnnotations(scope: string): void {
  const manager = annotation.state.getAnnotationManager();
  if (!(manager instanceof ScopedAnnotationManager)) return;
  for (const groupKey of manager.getFramesOfReference()) {
    if (groupKey.startsWith(`${scope}|`)) manager.removeAnnotations(groupKey);
  }
}

/** Every annotation the page holds (for leak checks). */
export function annotationCount(): number {
  return (annotation.state.getAllAnnotations() as Types.Annotation[]).length;
}
