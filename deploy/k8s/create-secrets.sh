#!/usr/bin/env bash
# Prints the Secrets that the manifests reference, with fresh random database passwords, as YAML
# for `kubectl apply -f -` (or for your secret store). Nothing it prints belongs in git.
#
#   PII_KEY=... LEDGER_SIGNING_KEY=... MQ_USERNAME=... MQ_PASSWORD=... ./create-secrets.sh \
#     | kubectl apply -f -
#
# PII_KEY      required. Encrypts the ID numbers intake stores. Make it once
#              (openssl rand -hex 32) and keep it in your secret store: a new key leaves the
#              stored numbers unreadable.
# LEDGER_SIGNING_KEY  required. The Ed25519 seed (base64 of 32 bytes) that signs the ledger's
#              checkpoints. Make it once (openssl rand -base64 32) and keep it: the public key
#              derived from it is what outside verifiers hold (daiban ledger key prints it).
# MQ_USERNAME  required, with MQ_PASSWORD: the RabbitMQ account the services use (with the
#              rabbitmq-operator component, the Secret daiban-mq-default-user holds one).
# CONTACT_PRIVATE_KEY  optional: notify's key that opens residents' phones sealed in
#              case.submitted (`daiban contact-keys` prints a pair; intake gets the public half).
#              Without it residents get no SMS (each is a recorded notification.failed).
# RATING_LINK_SECRET  optional: the HMAC key of the rating links notify texts to residents and
#              intake verifies (both get the same one). Without it each run makes a new one,
#              which voids the links already sent: keep one in your secret store to avoid that.
# SESSION_SECRET  optional: signs the workbench's session cookies (Secret daiban-web); default
#              a fresh random one, which signs every member out. Keep one to keep them in.
# OIDC_CLIENT_SECRET  optional: the workbench's client secret at the identity provider (empty:
#              a public client, PKCE alone).
# MQ_HOST      default daiban-mq (the RabbitmqCluster's Service); MQ_VHOST default /.
# DB_HOST      default daiban-db-rw (the CloudNativePG read-write Service); DB_NAME default daiban;
# DB_SSL       default require (asyncpg's ssl option; CloudNativePG serves TLS).
# NAMESPACE    default daiban.
#
# Each run makes new database passwords: daiban-<service>-db (the role's password, which
# CloudNativePG applies) and daiban-<service> (DATABASE_URL with it) always change together, so
# apply both, then `kubectl -n daiban rollout restart deployment`.
set -euo pipefail
export LC_ALL=C
umask 077

SERVICES=(intake routing sla audit notify)
NAMESPACE="${NAMESPACE:-daiban}"
DB_HOST="${DB_HOST:-daiban-db-rw}"
DB_NAME="${DB_NAME:-daiban}"
DB_SSL="${DB_SSL:-require}"
MQ_HOST="${MQ_HOST:-daiban-mq}"
MQ_VHOST="${MQ_VHOST:-/}"

fail() {
  echo "create-secrets.sh: $*" >&2
  exit 2
}

[[ -n "${PII_KEY:-}" ]] || fail "set PII_KEY (e.g. \$(openssl rand -hex 32)) and keep it"
[[ -n "${MQ_USERNAME:-}" && -n "${MQ_PASSWORD:-}" ]] || fail "set MQ_USERNAME and MQ_PASSWORD"
[[ "${LEDGER_SIGNING_KEY:-}" =~ ^[A-Za-z0-9+/]{43}=$ ]] \
  || fail "set LEDGER_SIGNING_KEY (e.g. \$(openssl rand -base64 32)) and keep it"

random_hex() {
  od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'
}

urlencode() {
  local text="$1" out="" char i
  for ((i = 0; i < ${#text}; i++)); do
    char="${text:i:1}"
    case "$char" in
      [A-Za-z0-9._~-]) out+="$char" ;;
      *) printf -v char '%%%02X' "'$char"; out+="$char" ;;
    esac
  done
  printf '%s' "$out"
}

yaml_string() {
  local text="${1//\\/\\\\}"
  printf '"%s"' "${text//\"/\\\"}"
}

rating_link_secret="${RATING_LINK_SECRET:-$(random_hex 32)}"
[[ ${#rating_link_secret} -ge 16 ]] || fail "RATING_LINK_SECRET must be at least 16 characters"

vhost_path=""
[[ "$MQ_VHOST" == / ]] || vhost_path="$(urlencode "$MQ_VHOST")"
amqp_url="amqp://$(urlencode "$MQ_USERNAME"):$(urlencode "$MQ_PASSWORD")@${MQ_HOST}:5672/${vhost_path}"

for service in "${SERVICES[@]}"; do
  password="$(random_hex 24)"
  # Settings refuse the development PII key in production, so every service gets a key; only
  # intake decrypts ID numbers, so only intake gets the real one.
  if [[ "$service" == intake ]]; then pii_key="$PII_KEY"; else pii_key="$(random_hex 32)"; fi
  cat <<EOF
---
apiVersion: v1
kind: Secret
metadata:
  name: daiban-${service}-db
  namespace: ${NAMESPACE}
  labels:
    app: ${service}
    cnpg.io/reload: "true"
type: kubernetes.io/basic-auth
stringData:
  username: ${service}
  password: $(yaml_string "$password")
---
apiVersion: v1
kind: Secret
metadata:
  name: daiban-${service}
  namespace: ${NAMESPACE}
  labels:
    app: ${service}
type: Opaque
stringData:
  DATABASE_URL: $(yaml_string "postgresql://${service}:${password}@${DB_HOST}:5432/${DB_NAME}?ssl=${DB_SSL}")
  AMQP_URL: $(yaml_string "$amqp_url")
  PII_KEY: $(yaml_string "$pii_key")
EOF
  if [[ "$service" == audit ]]; then
    echo "  LEDGER_SIGNING_KEY: $(yaml_string "$LEDGER_SIGNING_KEY")"
  fi
  if [[ "$service" == intake || "$service" == notify ]]; then
    echo "  RATING_LINK_SECRET: $(yaml_string "$rating_link_secret")"
  fi
  if [[ "$service" == notify ]]; then
    echo "  CONTACT_PRIVATE_KEY: $(yaml_string "${CONTACT_PRIVATE_KEY:-}")"
  fi
done

cat <<EOF
---
apiVersion: v1
kind: Secret
metadata:
  name: daiban-web
  namespace: ${NAMESPACE}
  labels:
    app: web
type: Opaque
stringData:
  SESSION_SECRET: $(yaml_string "${SESSION_SECRET:-$(random_hex 32)}")
  OIDC_CLIENT_SECRET: $(yaml_string "${OIDC_CLIENT_SECRET:-}")
EOF
