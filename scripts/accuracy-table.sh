#!/usr/bin/env bash
# The Fashion-MNIST accuracy table (model × recipe × sparsity → accuracy, mean and 95% interval
# over seeds, through our kernels) and the memory-model figures, from a results database.
#   scripts/accuracy-table.sh results.sqlite [run-id]   (default: the latest run)
set -euo pipefail
db=${1:?usage: accuracy-table.sh results.sqlite [run-id]}
run=${2:-$(sqlite3 "$db" "select max(id) from runs")}
c() { echo "json_extract(counters_json,'\$.\"$1\"')"; }
echo "## Accuracy (run $run; test set through our kernels; mean [95% t-interval] over seeds)"
sqlite3 -header -column "$db" "
select workload_id as workload, implementation as kernel,
  cast($(c seeds) as int) as seeds, cast($(c smoke) as int) as smoke,
  printf('%.2f', 100*$(c sparsity)) as 'sparsity%',
  printf('%.2f [%.2f, %.2f]', 100*$(c accuracy), 100*$(c accuracy.ci_low), 100*$(c accuracy.ci_high)) as 'accuracy%',
  printf('%.2f [%.2f, %.2f]', 100*$(c dense_accuracy), 100*$(c dense_accuracy.ci_low), 100*$(c dense_accuracy.ci_high)) as 'dense%',
  printf('%+.2f [%+.2f, %+.2f]', 100*$(c accuracy_delta), 100*$(c accuracy_delta.ci_low), 100*$(c accuracy_delta.ci_high)) as 'vs dense (pp)',
  coalesce(printf('%+.2f', 100*$(c accuracy_loss_vs_fine)), '') as 'fine - this (pp)',
  printf('%.4f', $(c agreement.min)) as agreement
from measurements where run_id = $run and status = 'ok' and implementation like 'fmnist.%'
  and implementation != 'fmnist.memory-model'
group by workload_id, implementation order by workload_id, implementation;"
echo
echo "## Storage and memory references per image (modeled, mean over seeds)"
sqlite3 -header -column "$db" "
select workload_id as workload,
  printf('%.1f', $(c memory.value_bytes)/1024) as 'values KiB', printf('%.1f', $(c memory.index_bytes)/1024) as 'indices KiB',
  printf('%.2f', $(c size_reduction)) as 'size x', printf('%.2f', $(c parameter_reduction)) as 'params x',
  printf('%.3g', $(c memory.references_per_image)) as 'refs/image', printf('%.3g', $(c memory.fine_references_per_image)) as 'fine refs/image',
  printf('%.2f', $(c memory_reference_reduction)) as 'fine/this'
from measurements where run_id = $run and status = 'ok' and implementation = 'fmnist.memory-model'
group by workload_id order by workload_id;"
echo
echo "## Duration of the run's measurements (training included)"
sqlite3 -header -column "$db" "
select printf('%.0f', (julianday(max(finished_at)) - julianday(min(started_at)))*86400) as 'wall s', count(*) as measurements
from measurements where run_id = $run;"
