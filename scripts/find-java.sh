# shellcheck shell=bash
# Finds a JDK 21 or newer for Tongbao. Meant to be sourced, not executed:
#
#   source scripts/find-java.sh
#   tongbao_find_java || exit 1      # sets and exports JAVA_HOME
#
# Candidates, in this order:
#   1. the current $JAVA_HOME: used as it is when it is a JDK 21 or newer
#      (the user chose it); otherwise the search below runs and the highest
#      major version found wins
#   2. /usr/lib/jvm/*, /usr/java/*, /opt/java/*, /opt/jdk*,
#      ~/.sdkman/candidates/java/*, ~/.jdks/*,
#      /Library/Java/JavaVirtualMachines/*/Contents/Home
#   3. the home of `java` on PATH (symlinks resolved)
# A candidate counts only if it has bin/java and bin/javac (a JDK, not a JRE)
# and `bin/java -version` reports major version 21 or newer.
#
# Environment variables:
#   TONGBAO_JAVA_HOME         use exactly this JDK; no search. It must still
#                             be a JDK 21 or newer, otherwise the call fails.
#   TONGBAO_JDK_SEARCH_PATHS  colon-separated list of folders or glob patterns
#                             that replaces the install folders of step 2
#                             (used by tests; an empty value searches none).
#
# On failure it prints one line to stderr, leaves JAVA_HOME as it was and
# returns 1. Safe to use under `set -euo pipefail`.

# Prints the major Java version of the JDK in folder $1 (8 for "1.8.0_x",
# 17 for "17.0.15", 21 for "21", 25 for "25.0.1" or "25-ea"); prints nothing
# and returns 1 when it cannot tell.
_tongbao_java_major() {
  local out version major
  out=$("$1/bin/java" -version 2>&1 </dev/null) || true
  version=$(printf '%s\n' "$out" | sed -n '/ version "/{s/.* version "\([^"]*\)".*/\1/p;q;}') || true
  case "$version" in
    1.*) version=${version#1.} ;;
  esac
  major=${version%%[!0-9]*}
  [ -n "$major" ] || return 1
  printf '%s\n' "$major"
}

# Prints the folder a java command or JDK folder really lives in.
_tongbao_realpath() {
  local p
  p=$(readlink -f -- "$1" 2>/dev/null) || p=""
  if [ -z "$p" ] && [ -d "$1" ]; then
    p=$(cd -P -- "$1" 2>/dev/null && pwd) || p=""
  fi
  printf '%s\n' "${p:-$1}"
}

tongbao_find_java() {
  local min=21
  local -a candidates=()
  local pattern dir real major java_cmd java_bin
  local best_dir="" best_major=0 too_old="" seen=":"

  if [ -n "${TONGBAO_JAVA_HOME:-}" ]; then
    candidates=("$TONGBAO_JAVA_HOME")
  else
    if [ -n "${JAVA_HOME:-}" ]; then
      candidates+=("$JAVA_HOME")
    fi

    local -a patterns=()
    if [ -n "${TONGBAO_JDK_SEARCH_PATHS+set}" ]; then
      IFS=':' read -r -a patterns <<<"$TONGBAO_JDK_SEARCH_PATHS" || true
    else
      patterns=(
        '/usr/lib/jvm/*' '/usr/java/*' '/opt/java/*' '/opt/jdk*'
        "${HOME:-/nonexistent}/.sdkman/candidates/java/*"
        "${HOME:-/nonexistent}/.jdks/*"
        '/Library/Java/JavaVirtualMachines/*/Contents/Home'
      )
    fi
    for pattern in ${patterns[@]+"${patterns[@]}"}; do
      [ -n "$pattern" ] || continue
      # compgen -G expands the glob whatever the caller's glob options are
      # and copes with spaces; a pattern matching nothing prints nothing.
      while IFS= read -r dir; do
        if [ -d "$dir" ]; then
          candidates+=("$dir")
        fi
      done < <(compgen -G "$pattern" || true)
    done

    java_cmd=$(command -v java 2>/dev/null) || java_cmd=""
    if [ -n "$java_cmd" ]; then
      java_bin=$(_tongbao_realpath "$java_cmd")
      dir=${java_bin%/bin/java}
      # A JDK 8 runs from <jdk>/jre/bin/java; its javac is in <jdk>/bin.
      case "$dir" in
        */jre) if [ -x "${dir%/jre}/bin/javac" ]; then dir=${dir%/jre}; fi ;;
      esac
      if [ "$dir" != "$java_bin" ]; then
        candidates+=("$dir")
      fi
    fi
  fi

  for dir in ${candidates[@]+"${candidates[@]}"}; do
    real=$(_tongbao_realpath "$dir")
    case "$seen" in *":$real:"*) continue ;; esac
    seen="$seen$real:"
    if [ ! -x "$real/bin/java" ] || [ ! -x "$real/bin/javac" ]; then
      continue
    fi
    major=$(_tongbao_java_major "$real") || continue
    if [ "$major" -lt "$min" ]; then
      too_old="${too_old:+$too_old, }$major at $real"
      continue
    fi
    if [ "$major" -gt "$best_major" ]; then
      best_major=$major
      best_dir=$real
    fi
    if [ -n "${JAVA_HOME:-}" ] && [ "$dir" = "$JAVA_HOME" ]; then
      best_dir=$real
      break
    fi
  done

  if [ -z "$best_dir" ]; then
    local looked
    if [ -n "${TONGBAO_JAVA_HOME:-}" ]; then
      looked="TONGBAO_JAVA_HOME=$TONGBAO_JAVA_HOME"
    elif [ -n "${TONGBAO_JDK_SEARCH_PATHS+set}" ]; then
      looked="JAVA_HOME, ${TONGBAO_JDK_SEARCH_PATHS:-(no folders)}, PATH"
    else
      looked="JAVA_HOME, /usr/lib/jvm, /usr/java, /opt/java, /opt/jdk*, ~/.sdkman/candidates/java, ~/.jdks, /Library/Java/JavaVirtualMachines, PATH"
    fi
    printf '%s\n' "tongbao: needs a JDK 21 or newer (found ${too_old:+only JDK }${too_old:-none}; looked in $looked). Install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 21, or set JAVA_HOME." >&2
    return 1
  fi

  JAVA_HOME=$best_dir
  export JAVA_HOME
  return 0
}
