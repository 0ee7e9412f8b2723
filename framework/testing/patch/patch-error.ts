/**
 * A patch that cannot be applied. `status` is the HTTP status kube-apiserver answers with:
 * 400 for a malformed patch body, 422 for a well-formed patch that does not apply to the object.
 */
export class PatchError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
    this.name = 'PatchError';
  }
}
