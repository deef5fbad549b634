// Counts the WebGL contexts and textures a page holds, for the memory benchmark: the browser exposes no GPU memory
// figure, but every texture passes through createTexture/deleteTexture, so wrapping those before any engine code
// runs gives the live count. Only counters are kept (never the textures), so the census retains nothing itself.

export interface WebglCensus {
  /** Contexts still reachable and not lost: each one keeps its GPU memory. */
  liveContexts: number;
  /** Textures created and not deleted in those contexts. */
  liveTextures: number;
  /** Contexts created since the page started, lost or collected ones included. */
  contextsCreated: number;
}

type Context = WebGLRenderingContext | WebGL2RenderingContext;

/** Contexts not yet known to be collected (pruned on each census, so the list stays short). */
let contexts: Array<WeakRef<Context>> = [];
let contextsCreated = 0;
const liveTexturesOf = new WeakMap<Context, number>();
const created = new WeakSet<WebGLTexture>();

function note(context: Context): void {
  if (liveTexturesOf.has(context)) return;
  liveTexturesOf.set(context, 0);
  contexts.push(new WeakRef(context));
  contextsCreated += 1;
}

/** Wraps the WebGL prototypes; call before the rendering engine loads. */
export function installWebglCensus(): void {
  for (const prototype of [WebGLRenderingContext.prototype, WebGL2RenderingContext.prototype]) {
    const createTexture = prototype.createTexture;
    const deleteTexture = prototype.deleteTexture;
    prototype.createTexture = function (this: Context) {
      const texture = createTexture.call(this);
      note(this);
      if (texture) {
        created.add(texture);
        liveTexturesOf.set(this, liveTexturesOf.get(this)! + 1);
      }
      return texture;
    };
    prototype.deleteTexture = function (this: Context, texture: WebGLTexture | null) {
      // A texture deleted twice, or one this census never saw, must not count down.
      if (texture && created.delete(texture)) liveTexturesOf.set(this, (liveTexturesOf.get(this) ?? 1) - 1);
      deleteTexture.call(this, texture);
    };
  }
  // A context that never creates a texture still holds a drawing buffer: note it when it is made.
  for (const prototype of [HTMLCanvasElement.prototype, OffscreenCanvas.prototype]) {
    const getContext = prototype.getContext as (this: unknown, id: string, options?: unknown) => unknown;
    (prototype as { getContext: unknown }).getContext = function (this: unknown, id: string, options?: unknown) {
      const context = getContext.call(this, id, options);
      if (context instanceof WebGLRenderingContext || context instanceof WebGL2RenderingContext) note(context);
      return context;
    };
  }
}

export function webglCensus(): WebglCensus {
  let liveTextures = 0;
  contexts = contexts.filter((reference) => reference.deref() !== undefined);
  let liveContexts = 0;
  for (const reference of contexts) {
    const context = reference.deref()!;
    if (context.isContextLost()) continue;
    liveContexts += 1;
    liveTextures += liveTexturesOf.get(context) ?? 0;
  }
  return { liveContexts, liveTextures, contextsCreated };
}
