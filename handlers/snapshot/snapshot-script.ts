/**
 * The snapshot CronJob's program: a fixed POSIX sh script around kubectl. It is never built from
 * user data; everything arrives in the environment and is validated here (DNS-1123 names, a whole
 * number of seconds) before it is printed into the VolumeSnapshot manifest, so no value can break
 * out of its JSON string or become shell code.
 *
 * Environment: INSTANCE (the Kryton's name), NAMESPACE, PVC_NAME, VOLUME_SNAPSHOT_CLASS (optional),
 * RETENTION_SECONDS (optional; unset keeps every snapshot), KUBECTL (optional path).
 *
 * One run: create `<instance>-<yyyymmdd>-<hhmmss>` (UTC) from the PVC, labelled for the instance;
 * then delete this instance's snapshots created before now − RETENTION_SECONDS. The cutoff is an
 * RFC 3339 UTC string like the API server's creationTimestamps, so they compare as strings (awk)
 * without parsing dates; `date -d @N` is understood by GNU and busybox date alike.
 */
export const SNAPSHOT_SCRIPT = `set -eu

fail() {
  printf 'kryton-snapshot: %s\\n' "$*" >&2
  exit 1
}

is_dns_name() {
  case "$1" in
    '' | [!a-z0-9]* | *[!a-z0-9] | *[!a-z0-9.-]*) return 1 ;;
  esac
  [ "\${#1}" -le 253 ]
}

instance=\${INSTANCE:-}
namespace=\${NAMESPACE:-}
pvc=\${PVC_NAME:-}
class=\${VOLUME_SNAPSHOT_CLASS:-}
retention=\${RETENTION_SECONDS:-}
is_dns_name "$instance" || fail "INSTANCE must be a DNS-1123 name"
is_dns_name "$namespace" || fail "NAMESPACE must be a DNS-1123 name"
is_dns_name "$pvc" || fail "PVC_NAME must be a DNS-1123 name"
[ -z "$class" ] || is_dns_name "$class" || fail "VOLUME_SNAPSHOT_CLASS must be a DNS-1123 name"
case "$retention" in
  *[!0-9]*) fail "RETENTION_SECONDS must be a whole number of seconds" ;;
esac

kubectl=\${KUBECTL:-}
if [ -z "$kubectl" ]; then
  if [ -x /app/tools/bin/kubectl ]; then kubectl=/app/tools/bin/kubectl; else kubectl=kubectl; fi
fi

resource=volumesnapshots.v1.snapshot.storage.k8s.io
selector="app.kubernetes.io/instance=$instance,app.kubernetes.io/component=snapshot,app.kubernetes.io/managed-by=kryton-operator"
snapshot="$instance-$(date -u +%Y%m%d-%H%M%S)"
is_dns_name "$snapshot" || fail "snapshot name $snapshot is not a DNS-1123 name: shorten the Kryton's name"

class_field=''
if [ -n "$class" ]; then class_field=$(printf ',"volumeSnapshotClassName":"%s"' "$class"); fi
printf '{"apiVersion":"snapshot.storage.k8s.io/v1","kind":"VolumeSnapshot","metadata":{"name":"%s","namespace":"%s","labels":{"app.kubernetes.io/name":"kryton","app.kubernetes.io/instance":"%s","app.kubernetes.io/component":"snapshot","app.kubernetes.io/managed-by":"kryton-operator"}},"spec":{"source":{"persistentVolumeClaimName":"%s"}%s}}\\n' \\
  "$snapshot" "$namespace" "$instance" "$pvc" "$class_field" |
  "$kubectl" create --namespace "$namespace" -f -

if [ -z "$retention" ]; then
  printf 'kryton-snapshot: no retention set, keeping every snapshot\\n'
  exit 0
fi

now=$(date -u +%s)
cutoff=$(date -u -d "@$((now - retention))" +%Y-%m-%dT%H:%M:%SZ)
listing=$("$kubectl" get "$resource" --namespace "$namespace" --selector "$selector" \\
  -o 'jsonpath={range .items[*]}{.metadata.name}{" "}{.metadata.creationTimestamp}{"\\n"}{end}')
expired=$(printf '%s\\n' "$listing" | awk -v cutoff="$cutoff" -v keep="$snapshot" 'NF == 2 && $1 != keep && $2 < cutoff { print $1 }')

set -f
deleted=0
for name in $expired; do
  is_dns_name "$name" || fail "unexpected snapshot name in the listing: $name"
  "$kubectl" delete "$resource" --namespace "$namespace" --wait=false "$name"
  deleted=$((deleted + 1))
done
printf 'kryton-snapshot: deleted %s snapshot(s) created before %s\\n' "$deleted" "$cutoff"
`;
