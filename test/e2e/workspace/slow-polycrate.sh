#!/bin/sh
# Stands in for the Polycrate CLI in the cancel tests: a step that takes long enough to be cancelled. It leaves
# its process id beside itself, so that a test can check that cancelling killed it.
echo $$ > "$(dirname "$0")/slow-polycrate.pid"
echo started
exec sleep 30
