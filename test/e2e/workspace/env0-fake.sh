#!/bin/sh
# A stand-in for env0's deployer in the run tests (infraflow.env0.command = "sh ../env0-fake.sh ${action} ${alias}"):
# records "ACTION ALIAS" in env0-calls.log and fails for `database` until env0-fixed.marker exists, both beside it.
here=$(dirname "$0")
echo "$1 $2" >> "$here/env0-calls.log"
if [ "$2" = database ] && [ ! -e "$here/env0-fixed.marker" ]; then
  echo "database failed" >&2
  exit 3
fi
