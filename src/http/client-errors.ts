import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { HEADERS_TOO_LARGE, MALFORMED_HTTP, REQUEST_TIMEOUT } from '../common/errors/request.errors';

const CLIENT_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: HEADERS_TOO_LARGE.statusCode,
    code: HEADERS_TOO_LARGE.code,
    message: 'The request headers are too large.',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: REQUEST_TIMEOUT.statusCode,
    code: REQUEST_TIMEOUT.code,
    message: 'The request took too long to arrive.',
  },
};
const MALFORMED = { status: MALFORMED_HTTP.statusCode, code: MALFORMED_HTTP.code, message: 'The request is not valid HTTP.' };

/**
 * Node's HTTP parser refuses some requests before Fastify has a request object (oversized headers, a request line
 * that is not HTTP). Fastify's default answer is outside our error contract; this one is inside it.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const known = CLIENT_ERRORS[error.code ?? ''] ?? MALFORMED;
  const body = JSON.stringify({ statusCode: known.status, code: known.code, message: known.message, details: [] });
  socket.end(
    `HTTP/1.1 ${known.status} ${STATUS_CODES[known.status]}\r\ncontent-type: application/json; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
