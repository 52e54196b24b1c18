# shellcheck shell=bash
# Sourced (not run) by .ci/run's asan phase and by .ci/fuzz; source it yourself before running an
# ASan build's tests by hand:  source tests/sanitizers/options.sh; ctest --test-dir build/asan -L 'unit|gui'
# Exports the sanitizer options of the CI. Every sanitizer finding is fatal, leaks included;
# lsan.supp (next to this file) lists the leaks that are not ours, each with its reason.
custos_sanitizers_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# abort_on_error: a core/abort the test runner reports as a crash, not a plain exit code.
# detect_leaks: LeakSanitizer at exit of every test process (and every custosctl it starts).
# check_initialization_order: static initialisers that read another file's globals too early.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:check_initialization_order=1"
# print_suppressions=0: the suppressed (third-party) leaks would otherwise be listed after every test.
export LSAN_OPTIONS="suppressions=$custos_sanitizers_dir/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
unset custos_sanitizers_dir
