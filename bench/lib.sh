# The steps of bench/run (sourced by it; uses its variables: bench, root, mode, out, raw, jmh_opts,
# c_runs, paired_runs, hf_main, hf_other, cold_runs).

log() { echo "bench: [$(date +%T)] $*" >&2; }
die() { log "$*"; exit 1; }

notes=()
note() { log "note: $*"; notes+=("$*"); }

# Debian packages for what the suite runs; apt-get only when something is missing
install_tools() {
  local want=() pair
  for pair in gcc:gcc clang:clang bpftool:bpftool hyperfine:hyperfine lsof:lsof ps:procps \
              /usr/bin/time:time /usr/include/bpf/libbpf.h:libbpf-dev /usr/include/libelf.h:libelf-dev \
              /usr/include/zlib.h:zlib1g-dev unzip:unzip; do
    local what=${pair%%:*} pkg=${pair#*:}
    if [[ $what == /* ]]; then [ -e "$what" ] || want+=("$pkg")
    else command -v "$what" >/dev/null || want+=("$pkg"); fi
  done
  # the plot is drawn only by the full run
  if [ "$mode" = full ] && ! command -v gnuplot >/dev/null; then want+=(gnuplot-nox); fi
  [ ${#want[@]} = 0 ] && return 0
  log "installing ${want[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=300 update -qq >/dev/null
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${want[@]}" >/dev/null
}

# core + cli (taskiter-core into the local repository, cli/target/taskiter.jar), the bench jar, C tools
build() {
  log "building TaskIter, the benchmarks and the C tools"
  # ~/.m2 may be shared with other checkouts of TaskIter that install their own taskiter-core: the
  # suite must measure this checkout's, so it checks the classes it shaded against the ones built
  local attempt core_jar="$root/core/target/taskiter-core-0.1.0-SNAPSHOT.jar" blog
  blog=$(mktemp /tmp/taskiter-bench-build.XXXXXX)
  for attempt in 1 2 3; do
    (cd "$root" && mvn -q -B -ntp -DskipTests install) > "$blog" 2>&1 ||
      { tail -30 "$blog" >&2; die "building TaskIter failed"; }
    (cd "$bench" && mvn -q -B -ntp clean package) > "$blog" 2>&1 ||
      { tail -30 "$blog" >&2; die "building the benchmarks failed"; }
    [ "$(core_classes "$core_jar")" = "$(core_classes "$bench/target/benchmarks.jar")" ] && break
    (( attempt < 3 )) || die "the benchmarks keep getting another taskiter-core from ~/.m2"
    log "taskiter-core in ~/.m2 was replaced during the build (another checkout installing its own?): again"
  done
  rm -f "$blog"
  cbin="$bench/target/c"
  mkdir -p "$cbin"
  gcc -O2 -Wall -pthread -o "$cbin/workload" "$bench/c/workload.c"
  # vmlinux.h from this kernel's BTF; CO-RE relocations make the object portable anyway
  bpftool btf dump file /sys/kernel/btf/vmlinux format c > "$cbin/vmlinux.h"
  clang -O2 -g -Wall -target bpf -D__TARGET_ARCH_x86 -I"$cbin" -I"$bench/c" \
    -c "$bench/c/reader.bpf.c" -o "$cbin/reader.bpf.o"
  bpftool gen skeleton "$cbin/reader.bpf.o" name reader > "$cbin/reader.skel.h"
  gcc -O2 -Wall -I"$cbin" -I"$bench/c" -o "$cbin/reader" "$bench/c/reader.c" -lbpf -lelf -lz
  jar="$root/cli/target/taskiter.jar"
  [ -f "$jar" ] || die "no $jar after the build"
  # what ./taskiter runs (its AOT cache made by then), so that the suite measures exactly that;
  # launcher_flags are its java flags without the AOT cache, for the experiments below
  local f cmd
  mapfile -t cmd < <(TASKITER_PRINT_COMMAND=1 "$root/taskiter") && [ "${#cmd[@]}" -gt 2 ] ||
    die "./taskiter did not print its command"
  taskiter=("${cmd[@]}")
  launcher_flags=()
  for f in "${cmd[@]:1}"; do
    [[ $f == -jar ]] && break
    [[ $f == -XX:AOTCache=* ]] || launcher_flags+=("$f")
  done
}

# the CRC and name of every TaskIter core class in a jar
core_classes() {
  unzip -v "$1" | awk '$8 ~ /^io\/taskiter\/.*\.class$/ && $8 !~ /^io\/taskiter\/bench\// {print $7, $8}' | sort -k2
}

# An AOT cache per command, from one training run each: an experiment the launcher could adopt.
# AOT replaces CDS's -Xshare, which it refuses beside it.
make_aot_caches() {
  local f
  aot_flags=()
  for f in "${launcher_flags[@]}"; do [[ $f == -Xshare:* ]] || aot_flags+=("$f"); done
  mkdir -p "$bench/target/aot"
  for cmd in tasks files; do
    rm -f "$bench/target/aot/$cmd.aot"
    "$JAVA_HOME/bin/java" -XX:AOTCacheOutput="$bench/target/aot/$cmd.aot" "${aot_flags[@]}" -jar "$jar" "$cmd" \
      >/dev/null 2>"$bench/target/aot/$cmd.log" || die "AOT training run failed: $bench/target/aot/$cmd.log"
  done
}

write_meta() {
  local f=$1
  {
    echo "mode $2"
    echo "date $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "commit $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- core cli bench 2>/dev/null || echo '+changes')"
    echo "cpu $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)"
    echo "cores $(nproc)"
    echo "memory $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
    echo "kernel Linux $(uname -r)"
    echo "jdk $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
    echo "oshi $(sed -n 's:.*<oshi.version>\(.*\)</oshi.version>.*:\1:p' "$bench/pom.xml")"
    echo "peers $(ps --version), lsof $(lsof -v 2>&1 | sed -n 's/.*revision: \([0-9.]*\)$/\1/p' | head -1)," \
         "libbpf $(dpkg-query -W -f '${Version}' libbpf-dev 2>/dev/null), $(clang --version | head -1)," \
         "$(hyperfine --version)"
    echo "load_before $(cut -d' ' -f1 /proc/loadavg)"
  } > "$f"
}

# Whether the host has room for the workload: pids, threads, memory (20,000 threads on 16 KiB
# stacks take about 1.5 GB with their kernel stacks and page tables; ask for twice that).
room_for() {
  local tasks=$(( $1 * $2 )) now
  now=$(cut -d' ' -f4 /proc/loadavg); now=${now#*/}
  local pid_max threads_max avail_kb
  pid_max=$(cat /proc/sys/kernel/pid_max); threads_max=$(cat /proc/sys/kernel/threads-max)
  avail_kb=$(awk '/MemAvailable/ {print $2}' /proc/meminfo)
  if (( now + tasks + 1000 > pid_max )); then echo "pid_max $pid_max: $now tasks already, $tasks more needed"; return 1; fi
  if (( now + tasks + 1000 > threads_max )); then echo "threads-max $threads_max too low"; return 1; fi
  if (( avail_kb < tasks * 150 + 1048576 )); then echo "only $((avail_kb / 1024)) MB available"; return 1; fi
}

wl_dir=
workload_up() {
  wl_dir=$(mktemp -d /tmp/taskiter-bench.XXXXXX)
  "$cbin/workload" up "$@" "$wl_dir" > "$wl_dir/log" 2>&1 &
  wl_holder=$!
  local waited=0
  until [ -e "$wl_dir/ready" ]; do
    kill -0 "$wl_holder" 2>/dev/null || { cat "$wl_dir/log" >&2; die "the workload failed to start"; }
    (( waited++ < 3000 )) || die "the workload was not ready after 10 minutes"
    sleep 0.2
  done
}

# Kills every process the workload started (by pid and start time), checks none is left.
workload_down() {
  [ -n "$wl_dir" ] || return 0
  [ -e "$wl_dir/pids" ] && "$cbin/workload" down "$wl_dir" >&2
  wait "$wl_holder" 2>/dev/null || true
  [ -e "/proc/$wl_holder" ] && die "the workload's holder $wl_holder is still there"
  rm -rf "$wl_dir"
  wl_dir=
}
trap workload_down EXIT

# hf NAME RUNS [hyperfine options] -- COMMAND: median of RUNS after one warm-up, output to /dev/null
hf() {
  local name=$1 runs=$2; shift 2
  local opts=() file
  while [ "$1" != -- ]; do opts+=("$1"); shift; done; shift
  file="$pdir/hyperfine/$(printf %02d "$hf_n")-${name//[^a-zA-Z0-9]/_}"
  hf_n=$((hf_n + 1))
  # its outlier warnings would only repeat what RESULTS.md says about this machine: kept, not shown
  hyperfine -N --style none --output null -w 1 -r "$runs" "${opts[@]}" -n "$name" --export-csv "$file.csv" "$*" \
    >/dev/null 2>"$file.err" || { cat "$file.err" >&2; die "hyperfine failed on $name"; }
  rm -f "$file.err"
  echo "$runs" > "$file.runs"
}

# peak RSS in KB of one run (GNU time's %M)
rss() {
  local name=$1; shift
  /usr/bin/time -f "%M" -o "$pdir/rss.tmp" "$@" >/dev/null 2>&1 || true
  echo "$name $(tail -1 "$pdir/rss.tmp")" >> "$pdir/rss.txt"
  rm -f "$pdir/rss.tmp"
}

measure_point() {
  local name=$1 procs=$2 threads=$3 fds=$4 why main=0
  [[ $name =~ ^(standard|large|wide)$ ]] && main=1
  if ! why=$(room_for "$procs" "$threads"); then note "$name skipped: $why"; return 0; fi
  pdir="$raw/$name"
  mkdir -p "$pdir/hyperfine"
  log "$name: starting $procs processes x $threads threads x $fds fds"
  workload_up "$procs" "$threads" "$fds"
  log "$name: census"
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$bench/target/benchmarks.jar" \
    io.taskiter.bench.Census > "$pdir/census.txt"
  log "$name: JMH"
  # JMH refuses to run beside another JMH through a lock in java.io.tmpdir; on a machine shared with
  # other checkouts that lock is theirs too, so this suite keeps its own
  mkdir -p "$bench/target/tmp"
  "$JAVA_HOME/bin/java" -Djava.io.tmpdir="$bench/target/tmp" -jar "$bench/target/benchmarks.jar" Walks "${jmh_opts[@]}" -rf csv -rff "$pdir/jmh.csv" \
    > "$pdir/jmh.log" 2>&1 || die "JMH failed, see $pdir/jmh.log"
  log "$name: C reader, warm"
  "$cbin/reader" warm tasks "${c_runs[@]}" > "$pdir/c-tasks.txt"
  "$cbin/reader" warm files "${c_runs[@]}" > "$pdir/c-files.txt"
  log "$name: bpf engine and C reader, paired"
  for t in tasks files; do
    "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$bench/target/benchmarks.jar" \
      io.taskiter.bench.Paired "$cbin/reader" "$t" "${paired_runs[@]}" > "$pdir/paired-$t.txt"
  done
  log "$name: whole processes"
  local runs=$hf_other
  local aot=("$JAVA_HOME/bin/java" -XX:AOTCache="$bench/target/aot/tasks.aot" "${aot_flags[@]}" -jar "$jar")
  (( main )) && runs=$hf_main
  hf_n=1
  hf "taskiter tasks" "$runs" -- "${taskiter[@]}" tasks
  hf "taskiter tasks (AOT cache)" "$runs" -- "${aot[@]}" tasks
  (( main )) && hf "./taskiter tasks (launcher)" "$runs" -- "$root/taskiter" tasks
  hf "ps -eLf" "$runs" -i -- ps -eLf
  hf "C reader tasks" "$runs" -- "$cbin/reader" print tasks
  hf "taskiter files" "$runs" -- "${taskiter[@]}" files
  aot[1]=-XX:AOTCache="$bench/target/aot/files.aot"
  hf "taskiter files (AOT cache)" "$runs" -- "${aot[@]}" files
  hf "lsof -n -P" "$runs" -i -- lsof -n -P
  hf "C reader files" "$runs" -- "$cbin/reader" print files
  (( main )) && hf "taskiter --version" "$runs" -- "${taskiter[@]}" --version
  if (( main )); then
    log "$name: peak RSS"
    rss "taskiter tasks" "${taskiter[@]}" tasks
    rss "taskiter files" "${taskiter[@]}" files
    rss "ps -eLf" ps -eLf
    rss "lsof -n -P" lsof -n -P
    rss "C reader tasks" "$cbin/reader" print tasks
    rss "C reader files" "$cbin/reader" print files
  fi
  if [[ $name =~ ^(standard|large)$ ]]; then
    log "$name: cold start"
    for _ in $(seq "$cold_runs"); do
      "$JAVA_HOME/bin/java" "${launcher_flags[@]}" -cp "$bench/target/benchmarks.jar" io.taskiter.bench.ColdStart \
        >> "$pdir/coldstart.txt"
      "$JAVA_HOME/bin/java" "${launcher_flags[@]}" -cp "$bench/target/benchmarks.jar" io.taskiter.bench.ColdStart btf \
        >> "$pdir/coldstart.txt"
    done
  fi
  workload_down
}
