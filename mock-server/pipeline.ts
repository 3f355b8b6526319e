// One request: the host's one generic step — the mounted profile whose prefix the path
// starts with (the longest) — then that profile's stages in its order (mock-server/<id>/).
// A stage refuses with an HttpError, answered as the profile's error message; any other
// exception is a bug of the mock: logged, answered 500. Nothing here knows a profile.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HostState, RequestContext } from './context.js';
import { HttpError, plainErrorAnswer, sendErrorAnswer, type ErrorAnswer } from './http-errors.js';
import type { MountedProfile } from './profile.js';
import { ResponseSchemaError } from './send.js';

/** A profile mounted at a prefix. */
export interface Mount {
  prefix: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  mounted: MountedProfile<any>;
}

/** The mount serving `target`: the longest prefix it starts with ("/" takes any target, even one that is no path). */
export function mountFor(mounts: readonly Mount[], target: string): Mount | undefined {
  let best: Mount | undefined;
  for (const m of mounts) {
    const serves = m.prefix === '/' || target.startsWith(m.prefix);
    if (serves && (!best || m.prefix.length > best.prefix.length)) best = m;
  }
  return best;
}

/** How a mount answers an error: its own error message, else prose. */
export function errorAnswerOf(mount: Mount | undefined, err: HttpError): ErrorAnswer {
  return mount?.mounted.errorAnswer ? mount.mounted.errorAnswer(err) : plainErrorAnswer(err);
}

export async function handleRequest(mounts: readonly Mount[], host: HostState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = absolutePath(req.url ?? '/');
  const mount = mountFor(mounts, target);
  if (!mount) {
    const where = mounts.map((m) => m.prefix).join(', ') || 'nothing yet';
    sendErrorAnswer(res, plainErrorAnswer(new HttpError('NOT_FOUND', `nothing is served at ${target.replace(/\?.*$/, '')}; profiles are mounted at ${where}`)));
    return;
  }
  const ctx = createContext(mount.mounted.state, target, req, res);
  try {
    for (const stage of mount.mounted.stages) {
      // Most stages decide at once: awaited only when they return a promise (one microtask less each).
      let r = stage(ctx);
      if (r instanceof Promise) r = await r;
      if (r === 'answered') return;
    }
  } catch (e) {
    if (e instanceof HttpError) {
      if (!res.headersSent) sendErrorAnswer(res, errorAnswerOf(mount, e), mount.mounted.shape);
      else res.destroy();
      return;
    }
    const what = e instanceof ResponseSchemaError ? e.message : (e as Error)?.stack ?? String(e);
    host.config.log(`mock: ${req.method} ${req.url}: ${what}`);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    try {
      sendErrorAnswer(res, errorAnswerOf(mount, new HttpError('INTERNAL_ERROR', 'the mock failed to answer this request (the error is in its log)')), mount.mounted.shape);
    } catch {
      res.destroy();
    }
  }
}

function createContext<S extends HostState>(state: S, target: string, req: IncomingMessage, res: ServerResponse): RequestContext<S> {
  return new Context(state, target, req, res);
}

/**
 * A request's context: a class, so that every request's context has one shape (fast
 * properties, the query getter on the prototype), not an object literal with an accessor of
 * its own that V8 keeps as a dictionary (~0.8 KB per waiting long poll).
 */
class Context<S extends HostState> implements RequestContext<S> {
  readonly method: string;
  readonly rawPath: string;
  readonly rawQuery: string;
  operation: RequestContext<S>['operation'] = undefined;
  urlKind: RequestContext<S>['urlKind'] = undefined;
  faults: RequestContext<S>['faults'];
  params: Record<string, string> = {};
  identity: RequestContext<S>['identity'] = { user: '', scheme: 'none' };
  maxSize: number | undefined = undefined;
  body: unknown = undefined;
  private parsedQuery: URLSearchParams | undefined = undefined;

  constructor(
    readonly mock: S,
    target: string,
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
  ) {
    const q = target.indexOf('?');
    this.rawPath = q < 0 ? target : target.slice(0, q);
    this.rawQuery = q < 0 ? '' : target.slice(q + 1);
    this.method = req.method ?? 'GET';
    this.faults = mock.faults;
  }

  get query(): URLSearchParams {
    return (this.parsedQuery ??= new URLSearchParams(this.rawQuery));
  }
}

/** The origin-form of a request target (an absolute-form target loses its scheme and authority). */
export function absolutePath(target: string): string {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*(.*)$/.exec(target);
  if (!m) return target;
  return m[1] === '' || m[1]!.startsWith('?') ? `/${m[1]}` : m[1]!;
}
