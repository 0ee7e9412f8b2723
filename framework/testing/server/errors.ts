/** Kubernetes `Status` failures: the one error type every layer of the local API server throws. */

export interface StatusCause {
  reason?: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export class ApiStatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details: StatusDetails = {},
    /** Extra response headers, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toStatus(): Record<string, unknown> {
    return statusObject('Failure', this.code, this.reason, this.message, this.details);
  }
}

export function statusObject(status: 'Success' | 'Failure', code: number, reason: string, message: string, details: StatusDetails = {}): Record<string, unknown> {
  const body: Record<string, unknown> = { kind: 'Status', apiVersion: 'v1', metadata: {}, status };
  if (message) body.message = message;
  if (reason) body.reason = reason;
  body.details = details;
  body.code = code;
  return body;
}

/** `configmaps` for the core group, `deployments.apps` otherwise: how kube-apiserver names a resource in messages. */
export function qualifiedResource(plural: string, group: string): string {
  return group ? `${plural}.${group}` : plural;
}

export const errors = {
  notFound(plural: string, group: string, name: string): ApiStatusError {
    return new ApiStatusError(404, 'NotFound', `${qualifiedResource(plural, group)} "${name}" not found`, { name, group: group || undefined, kind: plural });
  },
  noRoute(): ApiStatusError {
    return new ApiStatusError(404, 'NotFound', 'the server could not find the requested resource');
  },
  alreadyExists(plural: string, group: string, name: string): ApiStatusError {
    return new ApiStatusError(409, 'AlreadyExists', `${qualifiedResource(plural, group)} "${name}" already exists`, { name, group: group || undefined, kind: plural });
  },
  conflict(plural: string, group: string, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again'): ApiStatusError {
    return new ApiStatusError(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(plural, group)} "${name}": ${why}`, { name, group: group || undefined, kind: plural });
  },
  badRequest(message: string, causes?: StatusCause[]): ApiStatusError {
    return new ApiStatusError(400, 'BadRequest', message, causes ? { causes } : {});
  },
  invalid(kind: string, group: string, name: string, message: string, causes: StatusCause[]): ApiStatusError {
    return new ApiStatusError(422, 'Invalid', message, { name, group: group || undefined, kind, causes });
  },
  methodNotAllowed(message = 'the server does not allow this method on the requested resource'): ApiStatusError {
    return new ApiStatusError(405, 'MethodNotAllowed', message);
  },
  unsupportedMediaType(contentType: string): ApiStatusError {
    return new ApiStatusError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml (got ${contentType})`);
  },
  forbidden(message: string, name: string | undefined, group: string, kind: string): ApiStatusError {
    return new ApiStatusError(403, 'Forbidden', message, { name, group: group || undefined, kind });
  },
  unauthorized(): ApiStatusError {
    return new ApiStatusError(401, 'Unauthorized', 'Unauthorized');
  },
  expired(requested: string, oldest: string): ApiStatusError {
    return new ApiStatusError(410, 'Expired', `too old resource version: ${requested} (${oldest})`);
  },
  internal(message: string): ApiStatusError {
    return new ApiStatusError(500, 'InternalError', `Internal error occurred: ${message}`);
  },
};

/**
 * Runs one step of a background controller. A 404 or 409 means a client changed the object in the
 * meantime, which the next event handles; anything else is reported as a process warning rather than
 * crashing the process that hosts the server (usually a test runner).
 */
export function runBackgroundStep(who: string, step: () => void): void {
  try {
    step();
  } catch (e) {
    if (e instanceof ApiStatusError && (e.code === 404 || e.code === 409)) return;
    process.emitWarning(`local API server ${who} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  }
}
