# Sourced by the launcher and the test runner: sets JAVA_HOME to a JDK >= 22 (FFM is final there).
# Order: $JAVA_HOME when new enough, else the newest JDK under /usr/lib/jvm, else a clear error.
taskiter_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
taskiter_find_jdk() {
  local candidate major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(taskiter_java_major "$JAVA_HOME")
    if [ "${major:-0}" -ge 22 ]; then return 0; fi
  fi
  for candidate in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidate=${candidate%/}
    [ -x "$candidate/bin/javac" ] || continue
    major=$(taskiter_java_major "$candidate")
    if [ "${major:-0}" -ge 22 ]; then export JAVA_HOME=$candidate; return 0; fi
  done
  echo "taskiter: no JDK >= 22 found (set JAVA_HOME, or install one under /usr/lib/jvm)" >&2
  return 1
}
