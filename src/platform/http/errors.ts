/** Every error leaves the API as `{error: {code, message, details?}}`, with its status from the one catalog. */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorCode, type Failure, fail, statusOf } from '../core/errors.js';
import { limits } from '../core/limits.js';
import type { StoreFailure } from '../store/engine.js';
import { storeFailureLogGate, storeFailureOf } from '../store/failures.js';

/** The body every error answer carries. */
export function errorBody(code: ErrorCode, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export function sendError(reply: FastifyReply, code: ErrorCode, message: string, details?: unknown) {
  return reply.code(statusOf(code)).send(errorBody(code, message, details));
}

/** A business outcome raised through a framework that only knows how to throw (the rate limiter). */
export class FailureError extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

export function sendFailure(reply: FastifyReply, failure: Failure) {
  // Shed requests say when to come back (503 overloaded, 429 rate limited).
  const retryAfterS = failure.details?.retry_after_s;
  if (typeof retryAfterS === 'number') reply.header('retry-after', String(retryAfterS));
  return sendError(reply, failure.code, failure.message, failure.details);
}

const frameworkErrors: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation_failed',
};

/**
 * Errors Fastify's router raises before any route, hook or error handler: a URL that cannot be
 * decoded, a path parameter past the router's limit. Given to Fastify as `frameworkErrors`, so that
 * they too leave in the one error format.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH')
    return sendError(
      reply,
      'uri_too_long',
      `A part of the path is longer than ${pathParameterLengthMax} characters.`,
    );
  if (error.code === 'FST_ERR_BAD_URL')
    return sendError(reply, 'validation_failed', 'The path is not valid percent-encoded UTF-8.', {
      in: 'url',
    });
  // The only other is an asynchronous route constraint failing, and no route has one: a bug.
  request.log.error({ err: error }, 'router failed');
  return sendError(reply, 'internal_error', internalErrorMessage);
}

const internalErrorMessage = 'Something went wrong on our side; nothing is lost that was acknowledged.';

const storeFailures: Record<StoreFailure, Failure> = {
  unavailable: fail(
    'store_unavailable',
    'Affluence cannot reach its store right now; retry after the delay (an order with the same Idempotency-Key).',
    { retry_after_s: limits.storeRetryAfterS },
  ),
  full: fail(
    'storage_full',
    'The disk under Affluence’s store is full: nothing was written. Reads still work; retry once space is freed (an order with the same Idempotency-Key).',
    { retry_after_s: limits.storeRetryAfterS },
  ),
};

const storeFailureLog = storeFailureLogGate();

/**
 * A request that met a store away or out of disk: 503 `store_unavailable` or 507 `storage_full`, with
 * Retry-After, never a 500; the operator hears of it, once in a while rather than once a request.
 */
function sendStoreFailure(
  request: FastifyRequest,
  reply: FastifyReply,
  failure: StoreFailure,
  error: unknown,
) {
  if (storeFailureLog.shouldLog(error)) {
    request.log.error(
      { err: error },
      failure === 'full' ? 'the store’s disk is full' : 'the store cannot be reached',
    );
  }
  return sendFailure(reply, storeFailures[failure]);
}

/** The router's limit on one path parameter (Fastify's default): no id, code or SKU comes near it. */
export const pathParameterLengthMax = 100;

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof FailureError) return sendFailure(reply, error.failure);
    if (error.validation !== undefined) {
      return sendError(
        reply,
        'validation_failed',
        `The request ${error.validationContext ?? ''} is not valid.`.replace('  ', ' '),
        {
          in: error.validationContext,
          errors: error.validation.map((issue) => ({
            path: issue.instancePath === '' ? '/' : issue.instancePath,
            message: issue.message,
            ...(issue.keyword === 'additionalProperties'
              ? { property: (issue.params as { additionalProperty: string }).additionalProperty }
              : {}),
            ...(issue.keyword === 'required'
              ? { property: (issue.params as { missingProperty: string }).missingProperty }
              : {}),
          })),
        },
      );
    }
    const known = error.code === undefined ? undefined : frameworkErrors[error.code];
    if (known !== undefined) return sendError(reply, known, error.message);
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(reply, 'validation_failed', error.message);
    }
    const storeFailure = storeFailureOf(error);
    if (storeFailure !== undefined) return sendStoreFailure(request, reply, storeFailure, error);
    request.log.error({ err: error }, 'request failed');
    return sendError(reply, 'internal_error', internalErrorMessage);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 'route_not_found', `No route ${request.method} ${request.url.split('?')[0]}.`),
  );
}
