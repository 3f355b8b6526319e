// The TAXII 1.x HTTP protocol binding's headers, and binding negotiation: which message
// binding a request body is in, and which the answer should be in. Shared by the suite
// (to build requests and check answers) and the mock (to read requests and answer).
//
// TAXII 1.0 HTTP Protocol Binding (used unchanged by 1.1): POST only; Content-Type
// application/xml for the XML binding; X-TAXII-Content-Type (the message binding id),
// X-TAXII-Accept (SHOULD on requests), X-TAXII-Protocol (agreeing with the scheme) and
// X-TAXII-Services (the services version) "MUST be present whenever the body is a TAXII
// message". The 2012 draft HTTP binding has no X-TAXII-Services.
import {
  BINDINGS,
  DEFAULT_BINDING,
  bindingByContentType,
  sniffBinding,
  type Binding,
} from './bindings/index.js';
import { IDS, type ErrorType } from './model.js';

export const H = {
  contentType: 'Content-Type',
  accept: 'Accept',
  xContentType: 'X-TAXII-Content-Type',
  xAccept: 'X-TAXII-Accept',
  xProtocol: 'X-TAXII-Protocol',
  xServices: 'X-TAXII-Services',
} as const;

/** The headers a TAXII 1.x response carrying a message must have (the draft's has no X-TAXII-Services). */
export function requiredResponseHeaders(b: Binding): string[] {
  return [H.contentType, H.xContentType, H.xProtocol, ...(b.sendsServicesHeader ? [H.xServices] : [])];
}

export type Scheme = 'https' | 'http';

/** "type/subtype" of a Content-Type value, lower-cased (parameters dropped), or undefined. */
export function mediaTypeOf(value: string): string | undefined {
  const m = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*(;.*)?$/.exec(value);
  return m ? m[1]!.toLowerCase() : undefined;
}

/** Node's IncomingHttpHeaders, undici's headers, or a plain record (names in any case). */
export type HeaderBag = Readonly<Record<string, string | string[] | undefined>>;

/** A header's value, whatever the case of its name; repeated values joined with ", ". */
export function headerValue(headers: HeaderBag, name: string): string | undefined {
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== want || v === undefined) continue;
    return Array.isArray(v) ? v.join(', ') : v;
  }
  return undefined;
}

/** X-TAXII-Protocol value of a binding for a scheme. */
export function protocolId(b: Binding, scheme: Scheme = 'https'): string {
  return scheme === 'https' ? b.protocol : b.httpProtocol;
}

/**
 * Headers of a request carrying a message in binding `b`, as libtaxii sends them: the
 * answer is asked for in `accept` (default: `b`).
 */
export function requestHeaders(
  b: Binding,
  opts: { scheme?: Scheme; accept?: Binding | readonly Binding[] } = {},
): Record<string, string> {
  const accept = opts.accept === undefined ? [b] : Array.isArray(opts.accept) ? opts.accept : [opts.accept as Binding];
  const h: Record<string, string> = {
    [H.contentType]: b.mediaType,
    [H.accept]: b.mediaType,
    [H.xContentType]: b.contentType,
    [H.xAccept]: accept.map((x) => x.contentType).join(', '),
    [H.xProtocol]: protocolId(b, opts.scheme),
  };
  if (b.sendsServicesHeader) h[H.xServices] = b.servicesVersion;
  return h;
}

/** Headers of a response carrying a message in binding `b`. */
export function responseHeaders(b: Binding, scheme: Scheme = 'https'): Record<string, string> {
  const h: Record<string, string> = {
    [H.contentType]: b.mediaType,
    [H.xContentType]: b.contentType,
    [H.xProtocol]: protocolId(b, scheme),
  };
  if (b.sendsServicesHeader) h[H.xServices] = b.servicesVersion;
  return h;
}

/**
 * Problems with the TAXII headers of a response that claims to carry a message of binding
 * `b` (for the suite): missing or disagreeing Content-Type, X-TAXII-Content-Type,
 * X-TAXII-Protocol, X-TAXII-Services.
 */
export function checkResponseHeaders(headers: HeaderBag, b: Binding, scheme: Scheme = 'https'): string[] {
  const out: string[] = [];
  const ct = headerValue(headers, H.contentType);
  if (ct === undefined) out.push('Content-Type is missing');
  else if (mediaTypeOf(ct) !== b.mediaType) out.push(`Content-Type is ${JSON.stringify(ct)}, not ${b.mediaType}`);
  const want = responseHeaders(b, scheme);
  for (const name of [H.xContentType, H.xProtocol, H.xServices]) {
    const expected = want[name];
    if (expected === undefined) continue;
    const got = headerValue(headers, name);
    if (got === undefined) out.push(`${name} is missing`);
    else if (got.trim() !== expected) out.push(`${name} is ${JSON.stringify(got)}, not ${JSON.stringify(expected)}`);
  }
  return out;
}

/** The outcome of reading a request's headers. */
export type Negotiation =
  | {
      ok: true;
      /** The binding the request body is in. */
      request: Binding;
      /** The binding to answer in. */
      response: Binding;
      /** Leniencies applied (a header missing that the binding says MUST be there, a sniffed binding). */
      notes: string[];
    }
  | {
      ok: false;
      /** The error type to answer with. */
      errorType: Extract<ErrorType, 'UNSUPPORTED-MESSAGE' | 'UNSUPPORTED-PROTOCOL' | 'UNSUPPORTED-SERVICE'>;
      reason: string;
      /** The binding to answer in (what X-TAXII-Accept or X-TAXII-Content-Type asked for, else TAXII 1.1). */
      respondWith: Binding;
      /** The binding the body is in, when known. */
      request?: Binding;
    };

export interface NegotiateOptions {
  scheme?: Scheme;
  /** The body, to recognise its binding by namespace when X-TAXII-Content-Type is absent. */
  body?: string;
  /** Skip the X-TAXII-Protocol check (the mock's taxii1-ignore-protocol-header fault). */
  checkProtocol?: boolean;
  /** Accept the protocol id of the other scheme too (a server may: the agreement is the sender's duty). */
  acceptOtherScheme?: boolean;
}

/** The message bindings named in an X-TAXII-Accept value, in order, and the unknown ones. */
export function parseXTaxiiAccept(value: string): { known: Binding[]; unknown: string[] } {
  const known: Binding[] = [];
  const unknown: string[] = [];
  for (const part of value.split(',')) {
    const id = part.trim();
    if (id === '') continue;
    const b = bindingByContentType(id);
    if (b) known.push(b);
    else unknown.push(id);
  }
  return { known, unknown };
}

/**
 * Chooses the request's and the answer's binding from Content-Type, X-TAXII-Content-Type,
 * X-TAXII-Accept, and checks X-TAXII-Protocol and X-TAXII-Services against them. TAXII 1.1
 * when nothing says otherwise.
 */
export function negotiate(headers: HeaderBag, opts: NegotiateOptions = {}): Negotiation {
  const scheme = opts.scheme ?? 'https';
  const notes: string[] = [];
  const xct = headerValue(headers, H.xContentType);
  const xacc = headerValue(headers, H.xAccept);
  const accepted = xacc === undefined ? undefined : parseXTaxiiAccept(xacc);

  let request: Binding | undefined;
  if (xct !== undefined) request = bindingByContentType(xct);
  const fallback = accepted?.known[0] ?? request ?? BINDINGS[DEFAULT_BINDING];
  const fail = (errorType: Extract<Negotiation, { ok: false }>['errorType'], reason: string): Negotiation => ({
    ok: false,
    errorType,
    reason,
    respondWith: fallback,
    ...(request ? { request } : {}),
  });

  const ct = headerValue(headers, H.contentType);
  if (ct !== undefined) {
    if (mediaTypeOf(ct) !== 'application/xml') {
      return fail('UNSUPPORTED-MESSAGE', `Content-Type ${JSON.stringify(ct)} is not application/xml, the media type of the TAXII XML message bindings`);
    }
  }
  if (xct !== undefined && request === undefined) {
    return fail(
      'UNSUPPORTED-MESSAGE',
      `X-TAXII-Content-Type ${JSON.stringify(xct)} names no message binding this server supports (${Object.values(BINDINGS).map((b) => b.contentType).join(', ')})`,
    );
  }
  if (request === undefined) {
    const sniffed = opts.body ? sniffBinding(opts.body) : undefined;
    request = sniffed ?? BINDINGS[DEFAULT_BINDING];
    notes.push(
      sniffed
        ? `no X-TAXII-Content-Type: the body's namespace says ${sniffed.contentType}`
        : `no X-TAXII-Content-Type: read as ${request.contentType}, the default`,
    );
  }

  let response = request;
  if (accepted !== undefined) {
    if (accepted.known.length === 0) {
      return fail('UNSUPPORTED-MESSAGE', `X-TAXII-Accept ${JSON.stringify(xacc)} names no message binding this server supports`);
    }
    response = accepted.known[0]!;
  } else {
    notes.push('no X-TAXII-Accept: answered in the request\'s binding');
  }

  const proto = headerValue(headers, H.xProtocol);
  if (proto === undefined) notes.push('no X-TAXII-Protocol');
  else if (opts.checkProtocol !== false) {
    const p = proto.trim();
    const ok = scheme === 'https' ? [request.protocol, IDS.protocolHttps] : [request.httpProtocol, IDS.protocolHttp];
    const other = scheme === 'https' ? [request.httpProtocol, IDS.protocolHttp] : [request.protocol, IDS.protocolHttps];
    if (!ok.includes(p) && !(opts.acceptOtherScheme && other.includes(p))) {
      return fail(
        'UNSUPPORTED-PROTOCOL',
        other.includes(p)
          ? `X-TAXII-Protocol ${JSON.stringify(p)} does not agree with the scheme used (${scheme}): send ${ok[0]}`
          : `X-TAXII-Protocol ${JSON.stringify(p)} names no protocol binding this server supports; send ${ok[0]}`,
      );
    }
  }

  const services = headerValue(headers, H.xServices);
  if (services === undefined) {
    if (request.sendsServicesHeader) notes.push('no X-TAXII-Services');
  } else if (services.trim() !== request.servicesVersion) {
    const known = Object.values(BINDINGS).some((b) => b.servicesVersion === services.trim());
    return fail(
      'UNSUPPORTED-SERVICE',
      known
        ? `X-TAXII-Services ${JSON.stringify(services)} does not go with X-TAXII-Content-Type ${request.contentType} (which carries ${request.servicesVersion})`
        : `X-TAXII-Services ${JSON.stringify(services)} names no services version this server supports`,
    );
  }
  return { ok: true, request, response, notes };
}
