/** Helm's own limit on release names, checked before helm is asked (pure). */

/** helm refuses release names longer than this (they end up in label values and Secret names). */
export const MAX_RELEASE_NAME_LENGTH = 53;

/** Why `name` cannot be a Helm release name, or undefined when it can. */
export function releaseNameProblem(name: string): string | undefined {
  if (name.length > MAX_RELEASE_NAME_LENGTH) {
    return `the Kryton name "${name}" is ${name.length} characters long, but its Helm release (named after it) allows at most ${MAX_RELEASE_NAME_LENGTH}: recreate the Kryton with a shorter name`;
  }
  return undefined;
}
