#!/bin/sh
# Installs Coalition as a system service. See README.md, "Running it as a service".
#
#   install/install.sh --server                          job server (and its web UI)
#   install/install.sh --worker http://farm:19211 -w 4   render node: worker only
#   install/install.sh --uninstall                       removes what was installed
#                                                        (keeps data and configuration)
# Options: --binary FILE (default: a release build made here), --prefix DIR (default
# /usr/local), --data-dir DIR (default /var/lib/coalition). DESTDIR=/some/root installs
# into a staging tree for packagers: no user is created, nothing is chowned or started.
#
# Running it again with the same options changes nothing; it then says so and exits 2.
# Exit codes: 0 installed or removed, 1 error (nothing left half-done), 2 nothing to do.
set -eu

ME=install.sh
REPO=$(cd "$(dirname "$0")/.." && pwd)
PREFIX=/usr/local
DATADIR=/var/lib/coalition
BINARY=
MODE=
WORKER_URL=
WORKER_SLOTS=1
DESTDIR=${DESTDIR:-}

die() { echo "$ME: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
    case "$1" in
        --server) MODE=${MODE:+$MODE+}server ;;
        --worker) [ $# -ge 2 ] || die "--worker needs the server URL"; MODE=${MODE:+$MODE+}worker; WORKER_URL=$2; shift ;;
        -w|--workers) [ $# -ge 2 ] || die "$1 needs a number"; WORKER_SLOTS=$2; shift ;;
        --binary) [ $# -ge 2 ] || die "--binary needs a file"; BINARY=$2; shift ;;
        --prefix) [ $# -ge 2 ] || die "--prefix needs a directory"; PREFIX=$2; shift ;;
        --data-dir) [ $# -ge 2 ] || die "--data-dir needs a directory"; DATADIR=$2; shift ;;
        --uninstall) MODE=uninstall ;;
        -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option $1 (see --help)" ;;
    esac
    shift
done
[ -n "$MODE" ] || die "say what to install: --server, --worker URL, or --uninstall (see --help)"
case "$WORKER_SLOTS" in ''|*[!0-9]*|0) die "-w takes a positive number, not '$WORKER_SLOTS'" ;; esac
case "$WORKER_URL" in ''|http://*|https://*) ;; *) die "the worker's server URL must start with http:// or https://" ;; esac

BINDIR=$PREFIX/bin
SHAREDIR=$PREFIX/share/coalition
WEBROOT=$SHAREDIR/public_html
DOCDIR=$SHAREDIR/doc
SYSCONFDIR=/etc/coalition
LOGDIR=/var/log/coalition
UNITDIR=/etc/systemd/system
MANIFEST=$SHAREDIR/installed-files

# Root is needed to write system directories and create the user, unless staging.
if [ -z "$DESTDIR" ] && [ "$(id -u)" != 0 ]; then
    die "must run as root (or set DESTDIR=/staging/tree to stage an installation)"
fi

# ---- uninstall: remove exactly what the manifest lists; data and configuration stay.
if [ "$MODE" = uninstall ]; then
    [ -f "$DESTDIR$MANIFEST" ] || { echo "$ME: nothing to uninstall (no $DESTDIR$MANIFEST)"; exit 2; }
    if [ -z "$DESTDIR" ] && command -v systemctl >/dev/null 2>&1; then
        systemctl disable --now coalition-server.service coalition-worker.service >/dev/null 2>&1 || true
    fi
    while IFS= read -r f; do
        [ -n "$f" ] && rm -f "$DESTDIR$f"
    done < "$DESTDIR$MANIFEST"
    rm -f "$DESTDIR$MANIFEST"
    # Directories the installation made, when empty (never the data or configuration).
    for d in "$WEBROOT" "$DOCDIR" "$SHAREDIR"; do
        [ -d "$DESTDIR$d" ] && find "$DESTDIR$d" -depth -type d -empty -delete 2>/dev/null || true
    done
    [ -z "$DESTDIR" ] && command -v systemctl >/dev/null 2>&1 && systemctl daemon-reload || true
    echo "$ME: removed; kept $DATADIR, $SYSCONFDIR and $LOGDIR"
    exit 0
fi

# ---- preflight: everything that can fail is checked before anything is written.
case "$MODE" in *server*) SERVER=1 ;; *) SERVER=0 ;; esac
case "$MODE" in *worker*) WORKER=1 ;; *) WORKER=0 ;; esac
if [ -z "$BINARY" ]; then
    command -v swift >/dev/null 2>&1 || die "no --binary given and no swift to build one"
    echo "$ME: building a release binary (swift build -c release --product coalition)" >&2
    (cd "$REPO" && swift build -c release --product coalition >&2) || die "the release build failed"
    BINARY=$REPO/.build/release/coalition
fi
[ -x "$BINARY" ] || die "binary $BINARY is missing or not executable"
[ -f "$REPO/coalition.ini.example" ] || die "coalition.ini.example is missing from $REPO"
[ "$SERVER" = 0 ] || [ -f "$REPO/public_html/index.html" ] || die "the web UI ($REPO/public_html) is missing"
for d in "$BINDIR" "$SHAREDIR" "$SYSCONFDIR" "$UNITDIR" /etc/logrotate.d "$DATADIR" "$LOGDIR"; do
    p=$DESTDIR$d
    while [ ! -e "$p" ]; do p=$(dirname "$p"); done
    [ -d "$p" ] && [ -w "$p" ] || die "cannot write $DESTDIR$d ($p is not a writable directory)"
done

# ---- install. Every file goes through put(): compared first, written only when it
# differs, through a temporary file and a rename. A failure removes what this run created.
CHANGED=0
CREATED=
TMP=$(mktemp -d)
cleanup() {
    status=$?
    rm -rf "$TMP"
    if [ $status -ne 0 ] && [ $status -ne 2 ]; then
        for f in $CREATED; do rm -f "$f"; done
        echo "$ME: failed; the files this run created were removed" >&2
    fi
}
trap cleanup EXIT

subst() {  # template → $TMP/out with the installation's paths
    sed -e "s|@BINDIR@|$BINDIR|g" -e "s|@DATADIR@|$DATADIR|g" -e "s|@SYSCONFDIR@|$SYSCONFDIR|g" \
        -e "s|@WEBROOT@|$WEBROOT|g" -e "s|@LOGDIR@|$LOGDIR|g" -e "s|@DOCDIR@|$DOCDIR|g" "$1" > "$TMP/out"
    echo "$TMP/out"
}

MANIFEST_LINES=
put() {  # put SOURCE DEST MODE [keep|config]: configuration is never listed for removal;
         # keep = never overwrite an existing file, config = rewrite it when it differs
    src=$1; dest=$2; mode=$3; kind=${4:-}
    [ -n "$kind" ] || MANIFEST_LINES="$MANIFEST_LINES$dest
"
    target=$DESTDIR$dest
    if [ -e "$target" ]; then
        [ "$kind" = keep ] && return 0
        if cmp -s "$src" "$target" && [ "$(stat -c %a "$target")" = "$mode" ]; then return 0; fi
    else
        CREATED="$CREATED $target"
    fi
    mkdir -p "$(dirname "$target")"
    cp "$src" "$target.part.$$"
    chmod "$mode" "$target.part.$$"
    mv -f "$target.part.$$" "$target"
    CHANGED=$((CHANGED + 1))
}

ensure_dir() {  # ensure_dir DIR MODE [owned]: owned = belongs to the coalition user
    target=$DESTDIR$1
    if [ ! -d "$target" ]; then
        mkdir -p "$target"
        chmod "$2" "$target"
        CHANGED=$((CHANGED + 1))
    fi
    if [ -n "${3:-}" ] && [ -z "$DESTDIR" ] && [ "$(stat -c %U "$target")" != coalition ]; then
        chown coalition:coalition "$target"
        CHANGED=$((CHANGED + 1))
    fi
}

if [ -z "$DESTDIR" ] && ! id coalition >/dev/null 2>&1; then
    useradd --system --home-dir "$DATADIR" --no-create-home --shell /usr/sbin/nologin coalition \
        || die "cannot create the coalition user"
    CHANGED=$((CHANGED + 1))
fi

put "$BINARY" "$BINDIR/coalition" 755
put "$REPO/README.md" "$DOCDIR/README.md" 644
ensure_dir "$SYSCONFDIR" 755
put "$REPO/coalition.ini.example" "$SYSCONFDIR/coalition.ini" 644 keep
ensure_dir "$DATADIR" 750 owned
put "$(subst "$REPO/install/logrotate")" /etc/logrotate.d/coalition 644
if [ "$SERVER" = 1 ]; then
    ensure_dir "$LOGDIR" 750 owned
    (cd "$REPO/public_html" && find . -type f) | sort | while IFS= read -r f; do
        echo "${f#./}"
    done > "$TMP/webfiles"
    while IFS= read -r f; do
        put "$REPO/public_html/$f" "$WEBROOT/$f" 644
    done < "$TMP/webfiles"
    put "$(subst "$REPO/install/systemd/coalition-server.service")" "$UNITDIR/coalition-server.service" 644
fi
if [ "$WORKER" = 1 ]; then
    printf 'COALITION_SERVER_URL=%s\nCOALITION_WORKERS=%s\n' "$WORKER_URL" "$WORKER_SLOTS" > "$TMP/worker.env"
    put "$TMP/worker.env" "$SYSCONFDIR/worker.env" 644 config
    put "$(subst "$REPO/install/systemd/coalition-worker.service")" "$UNITDIR/coalition-worker.service" 644
fi

# The manifest (what --uninstall removes): the union with a previous installation's.
{ [ -f "$DESTDIR$MANIFEST" ] && cat "$DESTDIR$MANIFEST"; printf '%s' "$MANIFEST_LINES"; echo "$MANIFEST"; } \
    | sed '/^$/d' | sort -u > "$TMP/manifest"
put "$TMP/manifest" "$MANIFEST" 644

if [ "$CHANGED" = 0 ]; then
    echo "$ME: already installed, nothing changed"
    exit 2
fi
if [ -z "$DESTDIR" ] && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    systemctl daemon-reload
    [ "$SERVER" = 1 ] && systemctl enable --now coalition-server.service
    [ "$WORKER" = 1 ] && systemctl enable --now coalition-worker.service
fi
echo "$ME: installed ($CHANGED changes) under ${DESTDIR:-/}: $BINDIR/coalition, $SYSCONFDIR, $DATADIR"
