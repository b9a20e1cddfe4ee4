#!/bin/bash
# The seed's switch as its deploy and rollback scripts run it: source the configuration (which finds the active and
# inactive groups with two AWS calls) and call switch_target_groups. The seed has no script of its own for it.
set -o errexit
set -o pipefail
set -o nounset
source aws-script-config.sh
switch_target_groups
