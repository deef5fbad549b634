// Serves a folder over HTTP on a loopback port, as any web server would serve a built app (WASM as application/wasm).
import fastifyCors from '@fastify/cors';
import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

export interface StaticServerOptions {
  /** Answers every request with Access-Control-Allow-Origin: * (a CDN). */
  cors?: boolean;
  /** A Content-Security-Policy header on every response (as a site-wide policy is sent: workers get it too). */
  contentSecurityPolicy?: string;
}

export async function serveFolder(root: string, options: StaticServerOptions = {}): Promise<StaticServer> {
  const app = Fastify();
  if (options.cors) await app.register(fastifyCors, { origin: '*' });
  if (options.contentSecurityPolicy) {
    const policy = options.contentSecurityPolicy;
    app.addHook('onSend', async (_request, reply, payload) => {
      reply.header('Content-Security-Policy', policy);
      return payload;
    });
  }
  await app.register(fastifyStatic, { root });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return { origin: address, close: () => app.close() };
}
