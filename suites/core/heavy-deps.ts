// The large dependencies that only some commands need (undici to send requests, @peculiar/x509
// to read and make certificates), loaded on first use rather than at start: `taxii-conform
// list`, `explain` and `--help` never pay for them. Both are CommonJS, so a synchronous
// require serves callers that are synchronous themselves.
import { createRequire } from 'node:module';
import { webcrypto } from 'node:crypto';

const require = createRequire(import.meta.url);

let undiciModule: typeof import('undici') | undefined;
/** undici, loaded once. */
export function undici(): typeof import('undici') {
  return (undiciModule ??= require('undici') as typeof import('undici'));
}

let x509Module: typeof import('@peculiar/x509') | undefined;
/** @peculiar/x509, loaded once, after the reflect-metadata it needs and with Node's WebCrypto as its provider. */
export function x509(): typeof import('@peculiar/x509') {
  if (!x509Module) {
    require('reflect-metadata');
    x509Module = require('@peculiar/x509') as typeof import('@peculiar/x509');
    x509Module.cryptoProvider.set(webcrypto as unknown as Crypto);
  }
  return x509Module;
}
