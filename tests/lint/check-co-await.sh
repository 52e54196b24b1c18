#!/usr/bin/env bash
# GCC 12 destroys temporaries inside a co_await operand twice (found with valgrind in this project):
# `co_await f(x)` and `co_await QtConcurrent::run(...)` corrupt memory. Await a named task or
# future instead: `auto task = f(x); co_await task;`. This check fails on any awaited call.
set -euo pipefail
root=${1:?usage: check-co-await.sh SOURCE_ROOT}
status=0
while IFS= read -r hit; do
    echo "$hit: co_await of a call expression; name the task first (see model/services/ServicePath.h)" >&2
    status=1
done < <(grep -rnE --include='*.cpp' --include='*.h' '^[^/]*co_await[^;]*\(' \
             "$root/crypto" "$root/model" "$root/ui" "$root/app" "$root/tests" || true)
exit "$status"
