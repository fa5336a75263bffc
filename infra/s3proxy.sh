#!/usr/bin/env bash
# An S3-compatible server for the attachment tests and benchmark: S3Proxy (Apache-2.0,
# org.gaul:s3proxy from Maven Central, one self-contained jar run with the machine's Java 11+),
# keeping its buckets as folders. Chosen over MinIO (AGPL, built from source through the Go
# module proxy: minutes of compiling on 2 cores) because it installs in under a minute.
#
#   bash infra/s3proxy.sh            install if needed, print S3PROXY_JAR=…
#   source infra/s3proxy.sh          the same, and define start_s3proxy in the calling shell
#   start_s3proxy DIR                start one on a free port with its buckets under DIR, wait until
#                                    it answers, export DONDOC_S3_* for it and S3PROXY_PID
#
# Needs java and mvn (Debian: apt-get install -y default-jre-headless maven). Without them the
# S3 tests skip, saying why. Override: a preset S3PROXY_JAR that points to a file is kept.

S3PROXY_VERSION="2.6.0"

# shellcheck source=infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

S3PROXY_DIR="$DONDOC_ROOT/.tools/s3proxy"

# The jar is fetched into a temporary folder and moved into place last, so an interrupted
# download is never taken for a good one.
_s3proxy_install() {
  local LOG_PREFIX=s3proxy
  local jar="$S3PROXY_DIR/s3proxy-$S3PROXY_VERSION.jar" staging="$S3PROXY_DIR/.download"
  if ! command -v java >/dev/null 2>&1 || ! command -v mvn >/dev/null 2>&1; then
    warn "java or mvn is missing (Debian: apt-get install -y default-jre-headless maven)"
    return 1
  fi
  log "installing S3Proxy $S3PROXY_VERSION from Maven Central into .tools/s3proxy"
  rm -rf "$staging"
  mkdir -p "$staging"
  if ! mvn -q -B dependency:copy -Dartifact="org.gaul:s3proxy:$S3PROXY_VERSION:jar:jar-with-dependencies" \
    -DoutputDirectory="$staging" >&2; then
    rm -rf "$staging"
    return 1
  fi
  mv "$staging/s3proxy-$S3PROXY_VERSION-jar-with-dependencies.jar" "$jar"
  rm -rf "$staging"
}

# Sets S3PROXY_JAR; returns non-zero with a message when it cannot be had.
ensure_s3proxy() {
  if [[ -n "${S3PROXY_JAR:-}" && -f "${S3PROXY_JAR}" ]]; then
    export S3PROXY_JAR
    return 0
  fi
  local status=0 jar="$S3PROXY_DIR/s3proxy-$S3PROXY_VERSION.jar"
  acquire_lock s3proxy
  [[ -f "$jar" ]] || _s3proxy_install || status=$?
  release_lock s3proxy
  if ((status != 0)) || [[ ! -f "$jar" ]]; then
    warn "S3Proxy is not available: the S3 attachment tests will be skipped"
    return 1
  fi
  S3PROXY_JAR="$jar"
  export S3PROXY_JAR
}

_s3proxy_free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# start_s3proxy DIR: one server, its buckets as folders under DIR; exports what the apps read.
start_s3proxy() {
  local LOG_PREFIX=s3proxy dir="$1" port
  ensure_s3proxy || return 1
  port="$(_s3proxy_free_port)"
  mkdir -p "$dir/buckets" "$DONDOC_LOG_DIR"
  # Keys of a throwaway local server, not secrets; requests are signed (SigV4) as against AWS.
  cat >"$dir/s3proxy.properties" <<PROPERTIES
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=dondoc-test
s3proxy.credential=dondoc-test-secret
jclouds.provider=filesystem
jclouds.filesystem.basedir=$dir/buckets
PROPERTIES
  java -jar "$S3PROXY_JAR" --properties "$dir/s3proxy.properties" >"$DONDOC_LOG_DIR/s3proxy.log" 2>&1 &
  S3PROXY_PID=$!
  if ! wait_for_port --pid "$S3PROXY_PID" 127.0.0.1 "$port" 60 "S3Proxy on port $port"; then
    tail_log "$DONDOC_LOG_DIR/s3proxy.log"
    return 1
  fi
  export S3PROXY_PID
  export DONDOC_S3_ENDPOINT="http://127.0.0.1:$port"
  export DONDOC_S3_REGION="us-east-1"
  export DONDOC_S3_ACCESS_KEY_ID="dondoc-test"
  export DONDOC_S3_SECRET_ACCESS_KEY="dondoc-test-secret"
  export DONDOC_S3_FORCE_PATH_STYLE="true"
  log "S3Proxy answers at $DONDOC_S3_ENDPOINT (pid $S3PROXY_PID)"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  LOG_PREFIX=s3proxy
  ensure_s3proxy || die "S3Proxy is not available (see the messages above)"
  printf 'S3PROXY_JAR=%s\n' "$S3PROXY_JAR"
else
  ensure_s3proxy || true
fi
