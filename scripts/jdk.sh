# Sourced by the launcher and the test runner: sets JAVA_HOME to a JDK >= 22 (FFM is final there).
# Order: $JAVA_HOME when new enough, else the newest JDK under /usr/lib/jvm, else a clear error.
# Bash builtins only where it runs on every launch: each fork is start-up time.
taskiter_java_major() {
  local line
  if [ -f "$1/release" ]; then
    while IFS= read -r line; do
      case $line in
        JAVA_VERSION=*) line=${line#JAVA_VERSION=\"}; echo "${line%%[!0-9]*}"; return 0 ;;
      esac
    done < "$1/release"
  fi
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
taskiter_find_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(taskiter_java_major "$JAVA_HOME")
    if [ "${major:-0}" -ge 22 ]; then return 0; fi
  fi
  for candidate in /usr/lib/jvm/*/; do
    candidate=${candidate%/}
    [ -x "$candidate/bin/javac" ] && [ ! -L "$candidate" ] || continue
    major=$(taskiter_java_major "$candidate")
    if [ "${major:-0}" -gt "$best_major" ]; then best=$candidate; best_major=$major; fi
  done
  if [ "$best_major" -ge 22 ]; then export JAVA_HOME=$best; return 0; fi
  echo "taskiter: no JDK >= 22 found (set JAVA_HOME, or install one under /usr/lib/jvm)" >&2
  return 1
}
