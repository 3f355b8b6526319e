// How the pre-draft profile recognises a pre-draft answer: a `discovery` message (its
// `api-bases`) or an `api-status` message, told apart from TAXII 2.1's by their `type`
// member and their hyphenated names.
import type { Recognizable } from '../core/profile.js';

export function recognizePredraft(res: Recognizable): string | undefined {
  if (res.status !== 200) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(res.body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const b = body as Record<string, unknown>;
  if (b.type === 'discovery' && Array.isArray(b['api-bases'])) return 'answered with a pre-draft discovery message (api-bases)';
  if (b.type === 'api-status') return 'answered with a pre-draft api-status message';
  return undefined;
}
