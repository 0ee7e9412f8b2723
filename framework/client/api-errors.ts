import { ApiError } from './types.js';

interface StatusBody {
  kind?: string;
  code?: number;
  reason?: string;
  message?: string;
}

const REASON_BY_CODE: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Expired',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** Seconds to wait from a `Retry-After` header: delta-seconds or an HTTP date (never negative). */
export function parseRetryAfter(header: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function parseStatus(body: string): StatusBody | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed !== null && typeof parsed === 'object') return parsed as StatusBody;
  } catch {
    // Not JSON (a proxy's HTML page, an empty body): the caller falls back to the HTTP status.
  }
  return undefined;
}

/**
 * The ApiError for a non-2xx answer: code, reason and message from the Kubernetes `Status` body
 * when there is one, otherwise from the HTTP status; the wait from `Retry-After`.
 */
export function apiErrorFromResponse(
  request: string,
  statusCode: number,
  body: string,
  retryAfterHeader: string | string[] | undefined,
): ApiError {
  const status = parseStatus(body);
  const code = typeof status?.code === 'number' && status.code > 0 ? status.code : statusCode;
  const reason = status?.reason || REASON_BY_CODE[code] || 'Unknown';
  const detail = status?.message || body.trim().slice(0, 300) || `HTTP ${statusCode}`;
  return new ApiError(code, reason, `${request}: ${detail}`, parseRetryAfter(retryAfterHeader));
}

/** The ApiError for a watch `ERROR` event, whose object is a `Status`. */
export function apiErrorFromStatusObject(request: string, object: unknown): ApiError {
  const status = (object ?? {}) as StatusBody;
  const code = typeof status.code === 'number' ? status.code : 500;
  const reason = status.reason || REASON_BY_CODE[code] || 'Unknown';
  return new ApiError(code, reason, `${request}: ${status.message || 'watch error event'}`);
}
