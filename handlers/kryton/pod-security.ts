/**
 * The Pod Security `restricted` profile, as every pod the operator renders applies it: non-root,
 * no privilege escalation, no capabilities, RuntimeDefault seccomp, read-only root filesystem.
 */

/** The non-root UID/GID of the operator image (its Dockerfile's USER), used by the Jobs it runs. */
export const OPERATOR_IMAGE_UID = 65532;

export type RestrictedContainerSecurity = {
  runAsNonRoot: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  allowPrivilegeEscalation: boolean;
  readOnlyRootFilesystem: boolean;
  capabilities: { drop: string[] };
  seccompProfile: { type: string };
};

/** A container's security context; with a UID, the container runs as that user and group. */
export function restrictedContainerSecurity(uid?: number): RestrictedContainerSecurity {
  return {
    runAsNonRoot: true,
    ...(uid === undefined ? {} : { runAsUser: uid, runAsGroup: uid }),
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}
