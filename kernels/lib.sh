# The pieces of kernels/run (sourced by it). Needs $root (the repository) and $JAVA_HOME.

matrix_say() { echo "kernels/run: $*" >&2; }

# qemu, a static busybox (the guest's shell and mount), cpio and gcc: installed when missing, since
# CI may run on a fresh machine of this kind (root, Debian's packages reachable).
matrix_tools() {
  local need=()
  command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
  command -v cpio >/dev/null || need+=(cpio)
  command -v gcc >/dev/null || need+=(gcc libc6-dev)
  # the guest has no dynamic busybox's libraries; Debian's busybox-static is a static /bin/busybox
  if ! [ -x /bin/busybox ] || ldd /bin/busybox >/dev/null 2>&1; then need+=(busybox-static); fi
  [ ${#need[@]} -eq 0 ] && return 0
  matrix_say "installing ${need[*]}"
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1 ||
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; }
}

matrix_core_jar() {
  ls "$root"/core/target/taskiter-core-*.jar 2>/dev/null | grep -v -- '-tests\.jar$' | head -n 1
}

# The core jar (rebuilt when its sources are newer), the checker's classes and the workload binary.
matrix_build() {
  local work=$1 jar
  jar=$(matrix_core_jar)
  if [ -z "$jar" ] || [ -n "$(find "$root/core/src/main" "$root/pom.xml" "$root/core/pom.xml" -newer "$jar" -print -quit)" ]; then
    matrix_say "building the core jar"
    (cd "$root" && mvn -q -B -ntp -DskipTests package) >"$work/mvn.log" 2>&1 ||
      { cat "$work/mvn.log" >&2; return 1; }
    jar=$(matrix_core_jar)
  fi
  cp "$jar" "$work/taskiter-core.jar"
  "$JAVA_HOME/bin/javac" -nowarn -d "$work/checker" -cp "$work/taskiter-core.jar" \
    "$root"/kernels/checker/io/taskiter/matrix/*.java
  gcc -O1 -Wall -Werror -pthread -o "$work/workload" "$root/core/src/test/c/workload.c"
}

# The shared libraries of the given binaries, the dynamic loader included, one path a line.
matrix_libs() {
  ldd "$@" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\/.*ld-linux/ {print $1}' | sort -u
}

# The guest's base archive, cached: busybox, a jlinked java.base (all the core jar needs: jdeps) with
# its CDS archive, and glibc. Keyed by the JDK, busybox, glibc and this recipe; prints its path.
matrix_runtime_cpio() {
  local cache=$1 key out tmp lib
  key=$(cat "$JAVA_HOME/release" /bin/busybox "$(matrix_libs "$JAVA_HOME/bin/java" | grep libc.so)" \
        "${BASH_SOURCE[0]}" | sha256sum | cut -c1-16)
  out="$cache/runtime-$key.cpio"
  if [ ! -f "$out" ]; then
    matrix_say "building the guest runtime (jlink, once per JDK)"
    tmp=$(mktemp -d "$cache/runtime.XXXXXX")
    mkdir -p "$tmp/root/bin" "$tmp/root/proc" "$tmp/root/sys" "$tmp/root/dev" "$tmp/root/tmp" "$tmp/root/opt"
    cp /bin/busybox "$tmp/root/bin/"
    # the CDS archive checks lib/modules' mtime: cpio keeps jlink's
    "$JAVA_HOME/bin/jlink" --add-modules java.base --strip-debug --no-header-files --no-man-pages \
      --generate-cds-archive --output "$tmp/root/opt/java" >/dev/null 2>&1
    rm -f "$tmp/root/opt/java/lib/server/classes_nocoops.jsa"   # compressed oops always fit in -m 1G
    # the system's libraries only: the runtime's own are in place already
    for lib in $(matrix_libs "$tmp/root/opt/java/bin/java" "$tmp/root/opt/java/lib/"*.so \
                   "$tmp/root/opt/java/lib/server/libjvm.so" | grep -v "^$tmp/"); do
      mkdir -p "$tmp/root$(dirname "$lib")"
      cp -L "$lib" "$tmp/root$lib"
    done
    (cd "$tmp/root" && find . | cpio -o -H newc -R 0:0 --quiet) >"$tmp/runtime.cpio"
    mv "$tmp/runtime.cpio" "$out"
    rm -rf "$tmp"
    # older runtimes (another JDK, another recipe) are not needed any more
    find "$cache" -maxdepth 1 -name 'runtime-*.cpio' ! -path "$out" -delete
  fi
  echo "$out"
}

# The per-run archive: /init, the jar, the checker, the workload (its libraries are glibc's, already
# in the base archive; checked).
matrix_app_cpio() {
  local work=$1 app=$work/app
  if matrix_libs "$work/workload" | grep -v -e '/libc\.so' -e 'ld-linux' | grep -q .; then
    matrix_say "the workload needs libraries the guest lacks: $(matrix_libs "$work/workload" | tr '\n' ' ')"
    return 1
  fi
  mkdir -p "$app/opt/taskiter"
  cp "$root/kernels/init" "$app/init"
  chmod 755 "$app/init"
  cp -r "$work/taskiter-core.jar" "$work/checker" "$work/workload" "$app/opt/taskiter/"
  (cd "$app" && find . -mindepth 1 | cpio -o -H newc -R 0:0 --quiet)
}

# Debian's cloud kernel packages of a series: 6.1 is numbered by ABI (6.1.0-56), 6.12 by version
# (6.12.117+deb12).
matrix_series_re() {
  echo "^linux-image-${1//./\\.}\\.[0-9]+(-[0-9]+|\\+deb[0-9]+)-cloud-amd64-unsigned\$"
}

# The newest package of a kernel series, e.g. 6.1 -> linux-image-6.1.0-56-cloud-amd64-unsigned.
# Without apt lists, the newest one in the cache.
matrix_kernel_package() {
  local s=$1 cache=$2 re pkg
  re=$(matrix_series_re "$s")
  pkg=$(apt-cache search --names-only "$re" 2>/dev/null | cut -d' ' -f1 | grep -E "$re" | sort -V | tail -n 1)
  if [ -z "$pkg" ]; then
    apt-get update -qq >/dev/null 2>&1 || true
    pkg=$(apt-cache search --names-only "$re" 2>/dev/null | cut -d' ' -f1 | grep -E "$re" | sort -V | tail -n 1)
  fi
  if [ -z "$pkg" ]; then
    pkg=$(ls "$cache" 2>/dev/null | sed -n 's/\.vmlinuz$//p' | grep -E "$re" | sort -V | tail -n 1)
  fi
  [ -n "$pkg" ] || { matrix_say "no Debian cloud kernel package for series $s"; return 1; }
  echo "$pkg"
}

# Older packages of a series are not needed once a newer one is cached.
matrix_prune_series() {
  local s=$1 keep=$2 cache=$3 re old
  re=$(matrix_series_re "$s")
  for old in $(ls "$cache" | sed -n 's/\.vmlinuz$//p' | grep -E "$re" | grep -vxF "$keep"); do
    rm -f "$cache/$old.vmlinuz" "$cache/$old.version"
  done
}

# Only the kernel image is kept (no modules are needed: BPF, BTF and the serial console are built in).
matrix_fetch_kernel() {
  local pkg=$1 cache=$2 tmp deb
  [ -f "$cache/$pkg.vmlinuz" ] && [ -f "$cache/$pkg.version" ] && return 0
  matrix_say "fetching $pkg"
  tmp=$(mktemp -d "$cache/fetch.XXXXXX")
  chmod 755 "$tmp"   # apt's download user writes there
  (cd "$tmp" && apt-get download "$pkg" >"$tmp/apt.log" 2>&1) || { cat "$tmp/apt.log" >&2; rm -rf "$tmp"; return 1; }
  deb=$(ls "$tmp"/*.deb)
  dpkg-deb --fsys-tarfile "$deb" | tar -xO --wildcards './boot/vmlinuz-*' >"$tmp/vmlinuz"
  dpkg-deb -f "$deb" Version >"$tmp/version"
  mv "$tmp/vmlinuz" "$cache/$pkg.vmlinuz"
  mv "$tmp/version" "$cache/$pkg.version"
  rm -rf "$tmp"
}

# One guest, to completion or the timeout; the console goes to the log, the end time next to it.
# qemu writes its pid file so that kernels/run can end exactly this process if interrupted.
matrix_boot() {
  local kernel=$1 initrd=$2 log=$3 limit=$4 rc=0
  timeout --kill-after=5 "$limit" qemu-system-x86_64 -accel tcg -m 1G -smp 1 -nodefaults -display none \
    -no-reboot -serial "file:$log" -pidfile "$log.pid" -kernel "$kernel" -initrd "$initrd" \
    -append "console=ttyS0 quiet panic=-1 oops=panic" </dev/null >"$log.qemu" 2>&1 || rc=$?
  date +%s.%N >"$log.end"
  if ! grep -q '^taskiter-matrix: [0-9]* passed' "$log" 2>/dev/null; then
    echo "taskiter-matrix: no result (qemu exit $rc$([ $rc = 124 ] && echo ", timed out after ${limit}s"))" >>"$log"
    cat "$log.qemu" >>"$log"
  fi
}

matrix_host() {
  local work=$1
  echo "taskiter-matrix: begin"
  "$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto \
    --enable-native-access=ALL-UNNAMED -cp "$work/taskiter-core.jar:$work/checker" \
    io.taskiter.matrix.Check "$work/workload"
}

# One table row from a log; fails when a check failed or there was no result.
matrix_row() {
  local name=$1 log=$2 start=$3 end summary passed failed
  end=$(cat "$log.end" 2>/dev/null || date +%s.%N)
  summary=$(tr -d '\r' <"$log" | grep -a '^taskiter-matrix: [0-9]* passed, [0-9]* failed' | tail -n 1)
  if [ -n "$summary" ]; then
    passed=$(echo "$summary" | awk '{print $2}')
    failed=$(echo "$summary" | awk '{print $4}')
  else
    passed=$(tr -d '\r' <"$log" | grep -ac '^PASS ' || true)
    failed="$(( $(tr -d '\r' <"$log" | grep -ac '^FAIL ' || true) + 1 ))"
    name="$name, no result"
  fi
  printf '%-50s %7s %7s %8s\n' "$name" "$passed" "$failed" "$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.0f", b - a}')"
  [ "$failed" = 0 ]
}

# The checker's output but its PASS lines (what failed and why), or the log's end when it has none.
matrix_failures() {
  local log=$1
  if ! tr -d '\r' <"$log" | grep -aq '^FAIL \|no result'; then return 0; fi
  echo "--- $(basename "$log" .log) ---"
  if tr -d '\r' <"$log" | grep -aq '^taskiter-matrix: begin'; then
    tr -d '\r' <"$log" | sed -n '/^taskiter-matrix: begin/,$p' | grep -av '^PASS ' | head -n 400 || true
  else
    tr -d '\r' <"$log" | tail -n 40 || true
  fi
  return 0
}
