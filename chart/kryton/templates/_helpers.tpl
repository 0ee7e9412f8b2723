{{/* The chart name, or nameOverride. */}}
{{- define "kryton.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The name of the Deployment, Service, PVC, ConfigMap and Secret. kryton-operator sets
fullnameOverride to the Kryton's name, so every name is predictable from the custom resource.
*/}}
{{- define "kryton.fullname" -}}
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

{{/* The name of the bundled PostgreSQL's StatefulSet, Service and Secret. */}}
{{- define "kryton.postgresql.fullname" -}}
{{- if .Values.postgresql.fullnameOverride }}
{{- .Values.postgresql.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-postgresql" (include "kryton.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "kryton.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "kryton.labels" -}}
helm.sh/chart: {{ include "kryton.chart" . }}
{{ include "kryton.selectorLabels" . }}
app.kubernetes.io/version: {{ include "kryton.imageTag" . | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "kryton.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kryton.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: server
{{- end }}

{{- define "kryton.postgresql.labels" -}}
helm.sh/chart: {{ include "kryton.chart" . }}
{{ include "kryton.postgresql.selectorLabels" . }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "kryton.postgresql.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kryton.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: postgresql
{{- end }}

{{- define "kryton.imageTag" -}}
{{- .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{- define "kryton.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "kryton.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Returns the value of `key` in the live Secret `name`, decoded, or "" when the Secret or the key
does not exist. It lets generated secrets survive upgrades: helm evaluates `lookup` against the
cluster on install and upgrade (it returns nothing under `helm template` and client dry-runs).
Usage: include "kryton.existingSecretValue" (list $ name key)
*/}}
{{- define "kryton.existingSecretValue" -}}
{{- $root := index . 0 }}
{{- $secret := lookup "v1" "Secret" $root.Release.Namespace (index . 1) }}
{{- $encoded := dig "data" (index . 2) "" ($secret | default dict) }}
{{- if $encoded }}{{ $encoded | b64dec }}{{ end }}
{{- end }}

{{/* BETTER_AUTH_SECRET: given, else the one already stored, else generated once. */}}
{{- define "kryton.authSecret" -}}
{{- $given := dig "BETTER_AUTH_SECRET" "" .Values.env.secret }}
{{- if $given }}{{ $given }}
{{- else }}
{{- $stored := include "kryton.existingSecretValue" (list . (include "kryton.fullname" .) "BETTER_AUTH_SECRET") }}
{{- $stored | default (randAlphaNum 48) }}
{{- end }}
{{- end }}

{{/* The database password: given, else the one already stored, else generated once. */}}
{{- define "kryton.postgresql.password" -}}
{{- if .Values.postgresql.enabled }}
{{- if .Values.postgresql.auth.password }}{{ .Values.postgresql.auth.password }}
{{- else }}
{{- $stored := include "kryton.existingSecretValue" (list . (include "kryton.postgresql.fullname" .) "PGPASSWORD") }}
{{- $stored | default (randAlphaNum 32) }}
{{- end }}
{{- else }}
{{- .Values.externalDatabase.password }}
{{- end }}
{{- end }}

{{- define "kryton.publicUrl" -}}
{{- if .Values.publicUrl }}{{ .Values.publicUrl }}
{{- else if and .Values.ingress.enabled .Values.ingress.hosts }}
{{- $host := (first .Values.ingress.hosts).host }}
{{- printf "%s://%s" (ternary "https" "http" (gt (len .Values.ingress.tls) 0)) $host }}
{{- else }}
{{- printf "http://%s.%s.svc:%v" (include "kryton.fullname" .) .Release.Namespace .Values.service.port }}
{{- end }}
{{- end }}
