{{- define "kryton-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "kryton-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "kryton-operator.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "kryton-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | trunc 63 | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "kryton-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kryton-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "kryton-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "kryton-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "kryton-operator.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/*
The rules the operator needs in every namespace it manages Kryton objects in. Each group says who
needs it. Kept in one place for the ClusterRole and the per-namespace Roles.
*/}}
{{- define "kryton-operator.managerRules" -}}
# The Kryton objects: watch them, keep the finalizer and the last-handled state (annotations), and
# write their status.
- apiGroups: ["kryton.azrtydxb.io"]
  resources: ["krytons"]
  verbs: ["get", "list", "watch", "update", "patch"]
- apiGroups: ["kryton.azrtydxb.io"]
  resources: ["krytons/status"]
  verbs: ["get", "update", "patch"]
- apiGroups: ["kryton.azrtydxb.io"]
  resources: ["krytons/finalizers"]
  verbs: ["update"]
# helm stores each release revision in a Secret and the kryton chart renders two Secrets (its
# `lookup` reads them back so generated passwords survive upgrades). Every kind the kryton chart
# renders is created, upgraded and uninstalled by helm.
- apiGroups: [""]
  resources: ["secrets", "configmaps", "services", "persistentvolumeclaims", "serviceaccounts"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["apps"]
  resources: ["deployments", "statefulsets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["networking.k8s.io"]
  resources: ["ingresses"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["autoscaling"]
  resources: ["horizontalpodautoscalers"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["monitoring.coreos.com"]
  resources: ["servicemonitors"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# `helm uninstall --wait` reads the release's namespace while it waits for the objects to go.
- apiGroups: [""]
  resources: ["namespaces"]
  verbs: ["get"]
# `helm --wait` reads the Deployment's ReplicaSets and the pods to decide readiness.
- apiGroups: ["apps"]
  resources: ["replicasets"]
  verbs: ["get", "list", "watch"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
# The backup and snapshot CronJobs, and the Jobs they start (read-only: for status).
- apiGroups: ["batch"]
  resources: ["cronjobs"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["get", "list", "watch"]
# The snapshot Job's ServiceAccount (above), Role and RoleBinding.
- apiGroups: ["rbac.authorization.k8s.io"]
  resources: ["roles", "rolebindings"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# Kubernetes refuses to let the operator create a Role granting more than it holds itself, so the
# operator holds every verb the snapshot Role grants on VolumeSnapshots.
- apiGroups: ["snapshot.storage.k8s.io"]
  resources: ["volumesnapshots"]
  verbs: ["get", "list", "watch", "create", "delete"]
# Events on the Kryton objects (both APIs: clients differ in which they use).
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
- apiGroups: ["events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}
