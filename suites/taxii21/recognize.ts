// How the taxii21 profile recognises a TAXII 2.1 answer, whatever the run asked for: a
// Content-Type naming `version=2.1` (a 2.1 server's 406 to the pre-draft's bare Accept carries
// it), or a Discovery or API Root of 2.1's shape. Used to tell a user of another profile, or
// `--profile auto`, that the server speaks TAXII 2.1.
import { parseMediaType } from '../core/media-type.js';
import type { Recognizable } from '../core/profile.js';

export function recognizeTaxii21(res: Recognizable): string | undefined {
  const ct = parseMediaType(res.headers['content-type'] ?? '');
  if (ct && /^application\/(vnd\.oasis\.)?taxii\+json$/.test(ct.type) && ct.params.version === '2.1') {
    return `answered ${res.status} with Content-Type ${res.headers['content-type']}`;
  }
  let body: unknown;
  try {
    body = JSON.parse(res.body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (res.status !== 200 || !body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const b = body as Record<string, unknown>;
  if (typeof b.title === 'string' && Array.isArray(b.api_roots)) return 'answered with a TAXII 2.1 discovery resource (api_roots)';
  if (typeof b.title === 'string' && Array.isArray(b.versions) && b.versions.some((v) => typeof v === 'string' && /version=2\.1/.test(v))) {
    return 'answered with a TAXII 2.1 api-root resource (versions names 2.1)';
  }
  return undefined;
}
