{{/* Name of a service's objects: <release>-<service>, e.g. shop-catalog-service. */}}
{{- define "shop.name" -}}
{{- printf "%s-%s" .root.Release.Name .service | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels every object carries. */}}
{{- define "shop.labels" -}}
app.kubernetes.io/part-of: shop
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/version: {{ .root.Values.image.tag | quote }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- if .service }}
app.kubernetes.io/name: {{ .service }}
{{- end }}
{{- end -}}

{{/* The labels that select one service's pods. */}}
{{- define "shop.selector" -}}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/name: {{ .service }}
{{- end -}}

{{/* A service's settings: the chart's defaults, overridden by the service's own values. */}}
{{- define "shop.settings" -}}
{{- $settings := deepCopy .root.Values.defaults -}}
{{- toYaml (mergeOverwrite $settings (deepCopy .values)) -}}
{{- end -}}

{{/* In-cluster base URL of a service. */}}
{{- define "shop.url" -}}
{{- $port := (index .root.Values.services .service).port -}}
{{- printf "http://%s:%v" (include "shop.name" .) $port -}}
{{- end -}}

{{/* A reference to one key of a Secret. */}}
{{- define "shop.secretRef" -}}
valueFrom:
  secretKeyRef:
    name: {{ required "a Secret name is required" .name }}
    key: {{ required "a Secret key is required" .key }}
{{- end -}}

{{/* The Kafka security settings, checked: the protocol is one the chart knows. */}}
{{- define "shop.kafkaProtocol" -}}
{{- $protocol := .Values.kafka.security.protocol -}}
{{- if not (has $protocol (list "PLAINTEXT" "SASL_SSL")) -}}
{{- fail (printf "kafka.security.protocol must be PLAINTEXT or SASL_SSL, not %s" $protocol) -}}
{{- end -}}
{{- $protocol -}}
{{- end -}}

{{/* Where the brokers' CA is mounted in a pod. */}}
{{- define "shop.kafkaCaPath" -}}
/etc/shop/kafka-ca/{{ .Values.kafka.security.caSecret.key }}
{{- end -}}

{{/* The env of a Kafka client with SASL: its principal from <prefix><who>, the JAAS line built from it. */}}
{{- define "shop.kafkaSaslEnv" -}}
- name: KAFKA_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ printf "%s%s" .root.Values.kafka.security.credentialsSecretPrefix .who }}
      key: username
- name: KAFKA_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ printf "%s%s" .root.Values.kafka.security.credentialsSecretPrefix .who }}
      key: password
{{- end -}}

{{/* The ServiceAccount the services run as. */}}
{{- define "shop.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default .Release.Name .Values.serviceAccount.name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Whether the services speak TLS to PostgreSQL: a sslMode other than disable. */}}
{{- define "shop.postgresTls" -}}
{{- if and .Values.postgres.sslMode (ne .Values.postgres.sslMode "disable") }}true{{ end -}}
{{- end -}}

{{/* Whether the services check PostgreSQL's certificate against a CA of their own (mounted from its Secret). */}}
{{- define "shop.postgresCa" -}}
{{- if and (include "shop.postgresTls" .) .Values.postgres.caSecret.name }}true{{ end -}}
{{- end -}}

{{/* Where PostgreSQL's CA is mounted in a pod. */}}
{{- define "shop.postgresCaPath" -}}
/etc/shop/postgres-ca/{{ .Values.postgres.caSecret.key }}
{{- end -}}

{{/*
The query of the R2DBC URL (with its "?"), empty without a sslMode. The JDBC URL Flyway uses gets the same mode in
pgjdbc's spelling; without a CA of our own, pgjdbc would look for ~/.postgresql/root.crt, so it is told to use the
JVM's trust store as r2dbc-postgresql does.
*/}}
{{- define "shop.r2dbcQuery" -}}
{{- with .Values.postgres.sslMode -}}
?sslMode={{ . }}
{{- if include "shop.postgresCa" $ }}&sslRootCert={{ include "shop.postgresCaPath" $ }}{{ end -}}
{{- end -}}
{{- end -}}

{{- define "shop.jdbcQuery" -}}
{{- with .Values.postgres.sslMode -}}
?sslmode={{ . }}
{{- if include "shop.postgresCa" $ }}&sslrootcert={{ include "shop.postgresCaPath" $ }}
{{- else if has . (list "verify-ca" "verify-full") }}&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Whether the services check Redis' certificate against a CA of their own (mounted from its Secret). */}}
{{- define "shop.redisCa" -}}
{{- if and .Values.redis.tls.enabled .Values.redis.tls.caSecret.name }}true{{ end -}}
{{- end -}}

{{/* Where Redis' CA is mounted in a pod. */}}
{{- define "shop.redisCaPath" -}}
/etc/shop/redis-ca/{{ .Values.redis.tls.caSecret.key }}
{{- end -}}

{{/* The SMTP settings, checked: a password goes over TLS only. */}}
{{- define "shop.smtpAuth" -}}
{{- if .Values.smtp.credentialsSecret.name -}}
{{- if eq .Values.smtp.tls "none" -}}
{{- fail "smtp.credentialsSecret needs smtp.tls starttls or tls: the SMTP password would cross the network in plain text" -}}
{{- end -}}
true
{{- end -}}
{{- end -}}

{{/* The storefront's public origins (a JSON list): keycloak.realmImport.storefrontOrigins, or else frontendOrigin and,
when the Ingress serves the storefront, https://<ingress.host>. */}}
{{- define "shop.storefrontOrigins" -}}
{{- $origins := list -}}
{{- range .Values.keycloak.realmImport.storefrontOrigins -}}
{{- $origins = append $origins (trimSuffix "/" .) -}}
{{- end -}}
{{- if not $origins -}}
{{- $origins = append $origins (trimSuffix "/" .Values.frontendOrigin) -}}
{{- if and .Values.ingress.enabled .Values.ingress.storefront -}}
{{- $origins = append $origins (printf "https://%s" .Values.ingress.host) -}}
{{- end -}}
{{- end -}}
{{- toJson (uniq $origins) -}}
{{- end -}}
