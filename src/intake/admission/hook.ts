/**
 * The first hook of every request: a route of a limited path (`config.admission`) is let in, or
 * shed with 503 `overloaded` and `Retry-After`, before rate limits, authentication, body parsing and
 * validation are spent on it. The answer is made once: shedding costs about what a bare Node server
 * spends on a request.
 */
import type { FastifyInstance } from 'fastify';
import { statusOf } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';
import { errorBody } from '../../platform/http/errors.js';
import { ordersOverloadedMessage } from '../batch-writer.js';
import type { Admission, AdmissionPath } from './admission.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The path whose adaptive limit this route is let in by; routes without one always are. */
    admission?: AdmissionPath;
  }
}

const messages: Record<AdmissionPath, string> = {
  orders: ordersOverloadedMessage,
  reads: 'Affluence is busy taking orders; retry this read shortly.',
};

/** Each path's answer, serialised once: the error format of every other failure. */
const shedAnswers = Object.fromEntries(
  Object.entries(messages).map(([path, message]) => [
    path,
    JSON.stringify(errorBody('overloaded', message, { retry_after_s: limits.admissionRetryAfterS })),
  ]),
) as Record<AdmissionPath, string>;

export function installAdmission(app: FastifyInstance, admission: Admission): void {
  const retryAfter = String(limits.admissionRetryAfterS);
  const status = statusOf('overloaded');
  app.addHook('onRequest', (request, reply, done) => {
    const path = request.routeOptions.config.admission;
    if (path === undefined) return done();
    if (!admission.admit(path)) {
      reply
        .code(status)
        .header('retry-after', retryAfter)
        .type('application/json; charset=utf-8')
        .send(shedAnswers[path]);
      return;
    }
    const startedMs = performance.now();
    // 'close' comes once whether the answer was sent or the client left: the slot is always given back.
    reply.raw.once('close', () => admission.done(path, performance.now() - startedMs));
    done();
  });
}
