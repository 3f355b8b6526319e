// GET [API-Base]: the API Base's status.
import type { PredraftOperation } from './state.js';
import { sendMessage } from '../send.js';
import { apiBaseOf, requireOnApiBase } from './access.js';

export const getApiStatus: PredraftOperation = {
  authorize: (ctx) => requireOnApiBase(ctx, 'read'),
  handle(ctx) {
    const base = apiBaseOf(ctx);
    sendMessage(ctx, 200, 'api-status', {
      type: 'api-status',
      'contact-info': 'taxii-conform mock server',
      description: `${base.title}: ${base.description}`,
    });
  },
};
