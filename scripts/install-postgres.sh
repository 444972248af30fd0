#!/usr/bin/env bash
# Makes sure the PostgreSQL the tests use answers, once (like install-chromium.sh).
# The tests connect to TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test),
# make a throwaway database `audit_test_<random>` there and drop it afterwards.
#
# - Something answers on 127.0.0.1:5432 already: nothing is installed or changed.
# - Debian's `postgresql` is installed but no cluster runs: its first cluster is started.
# - It is not installed: it is installed from Debian's packages, and the new cluster
#   trusts connections from this machine only (127.0.0.1 and ::1; a test machine's
#   setting, never a server's), with a database `test`.
# With TEST_DATABASE_URL pointing elsewhere, this script does nothing.
set -euo pipefail
url="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
case "$url" in
  *@127.0.0.1:5432/*|*@localhost:5432/*) ;;
  *) exit 0 ;;
esac
answers() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
if answers; then exit 0; fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
fresh=no
if ! ls /etc/postgresql/*/main/postgresql.conf >/dev/null 2>&1; then
  echo "Installing postgresql from Debian's packages"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
  fresh=yes
fi
version="$(ls /etc/postgresql | sort -V | tail -n 1)"
hba="/etc/postgresql/$version/main/pg_hba.conf"
if [ "$fresh" = yes ]; then
  # Trust local TCP connections for the tests (first matching line wins).
  $sudo sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
fi
echo "Starting PostgreSQL $version (cluster main)"
$sudo pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || $sudo pg_ctlcluster --skip-systemctl-redirect "$version" main reload
for _ in $(seq 1 30); do answers && break; sleep 1; done
answers || { echo "PostgreSQL did not start on 127.0.0.1:5432; see /var/log/postgresql/" >&2; exit 1; }
if [ "$fresh" = yes ]; then
  psql -h 127.0.0.1 -U postgres -d postgres -qAtc "select 1 from pg_database where datname = 'test'" | grep -q 1 \
    || psql -h 127.0.0.1 -U postgres -d postgres -qc 'create database test'
fi
