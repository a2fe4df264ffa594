/**
 * The server's limits on a connection, and what a client past them is told. Node's HTTP parser
 * refuses a request before Fastify sees it (headers too large, too slow, not HTTP at all); Fastify
 * would answer those in a shape of its own, so this handler writes them in the one error format.
 */
import { type ServerOptions, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { type ErrorCode, statusOf } from '../core/errors.js';
import { limits } from '../core/limits.js';
import { errorBody } from './errors.js';

/** The time and size limits of every connection, for `Fastify({...})`. */
export const connectionLimits = {
  requestTimeout: limits.requestTimeoutMs,
  http: {
    headersTimeout: limits.headersTimeoutMs,
    maxHeaderSize: limits.headerBytesMax,
    connectionsCheckingInterval: limits.connectionsCheckIntervalMs,
  } satisfies ServerOptions,
};

function refusal(error: NodeJS.ErrnoException): { code: ErrorCode; message: string; details?: unknown } {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return {
      code: 'request_timeout',
      message: `The request did not arrive in time: headers within ${limits.headersTimeoutMs / 1000} s, the whole request within ${limits.requestTimeoutMs / 1000} s.`,
    };
  if (error.code === 'HPE_HEADER_OVERFLOW')
    return {
      code: 'headers_too_large',
      message: `The request's headers are larger than ${limits.headerBytesMax / 1024} KiB.`,
    };
  return {
    code: 'validation_failed',
    message: 'The request is not valid HTTP/1.1.',
    details: { in: 'http' },
  };
}

/** Given to Fastify as `clientErrorHandler`: the answer is written on the socket, which is then closed. */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  // A connection the client reset or closed has no one left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const { code, message, details } = refusal(error);
    const status = statusOf(code);
    const body = JSON.stringify(errorBody(code, message, details));
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
