#!/usr/bin/env bash
# Prints the Secrets that the manifests reference, with fresh random database passwords, as YAML
# for `kubectl apply -f -` (or for your secret store). Nothing it prints belongs in git.
#
#   PII_KEY=... LEDGER_SIGNING_KEY=... CONTACT_PRIVATE_KEY=... RATING_LINK_SECRET=... \
#   MQ_USERNAME=... MQ_PASSWORD=... ./create-secrets.sh \
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
# CONTACT_PRIVATE_KEY  required: notify's X25519 key (base64url) that opens residents' phones
#              sealed in case.submitted (`daiban contact-keys` prints one); intake gets its
#              public half, which this script derives (openssl). Make it once and keep it: a new
#              one under the same CONTACT_KEY_ID cannot open a case.submitted sealed to the old
#              one that notify has not heard yet, and that resident gets no SMS.
# CONTACT_KEY_ID  default k1: the id of that pair, given to both intake and notify.
# RATING_LINK_SECRET  required: the HMAC key of the rating links notify texts to residents and
#              intake verifies (both get the same one). Make it once (openssl rand -hex 32) and
#              keep it: a new one voids every link already sent.
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

# An X25519 key as the services take it: base64url of the 32 raw bytes, no padding.
base64url() {
  base64 | tr -d '\n=' | tr '+/' '-_'
}

# The public half of a private key: the raw key wrapped as PKCS#8 DER for openssl.
contact_public_key() {
  local b64="${1//-/+}"
  b64="${b64//_//}"
  while ((${#b64} % 4)); do b64+="="; done
  { printf '\x30\x2e\x02\x01\x00\x30\x05\x06\x03\x2b\x65\x6e\x04\x22\x04\x20'
    printf '%s' "$b64" | base64 -d; } \
    | openssl pkey -inform DER -pubout -outform DER | tail -c 32 | base64url
}

contact_key_id="${CONTACT_KEY_ID:-k1}"
[[ "$contact_key_id" =~ ^[A-Za-z0-9_.-]{1,32}$ ]] \
  || fail "CONTACT_KEY_ID must be 1 to 32 of A-Z a-z 0-9 _ . -"
[[ -n "${CONTACT_PRIVATE_KEY:-}" ]] \
  || fail "set CONTACT_PRIVATE_KEY (the private half of \`daiban contact-keys\`) and keep it"
contact_private_key="$CONTACT_PRIVATE_KEY"
[[ "$contact_private_key" =~ ^[A-Za-z0-9_-]{43}$ ]] \
  || fail "CONTACT_PRIVATE_KEY must be an X25519 key, base64url of 32 bytes (daiban contact-keys)"
contact_public_key="$(contact_public_key "$contact_private_key")"
[[ "$contact_public_key" =~ ^[A-Za-z0-9_-]{43}$ ]] \
  || fail "cannot derive the public half of CONTACT_PRIVATE_KEY (openssl with X25519 needed)"

[[ -n "${RATING_LINK_SECRET:-}" ]] \
  || fail "set RATING_LINK_SECRET (e.g. \$(openssl rand -hex 32)) and keep it"
rating_link_secret="$RATING_LINK_SECRET"
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
  # The pair that seals residents' phones: intake's half is not secret, but it must change
  # with notify's, so both travel in the services' Secrets.
  if [[ "$service" == intake ]]; then
    echo "  CONTACT_PUBLIC_KEY: $(yaml_string "$contact_public_key")"
    echo "  CONTACT_KEY_ID: $(yaml_string "$contact_key_id")"
  fi
  if [[ "$service" == notify ]]; then
    echo "  CONTACT_PRIVATE_KEY: $(yaml_string "$contact_private_key")"
    echo "  CONTACT_KEY_ID: $(yaml_string "$contact_key_id")"
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
