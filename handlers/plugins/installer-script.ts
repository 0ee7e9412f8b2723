/**
 * The plugin-installer init-container's program: a fixed POSIX sh script. It is never built from
 * user data — plugin names, URLs and digests arrive as positional arguments (groups of four:
 * NAME URL SHA256 PROTOCOLS) and are only ever used quoted, so no value can become shell code.
 * It runs under busybox sh (the curl image) and dash alike.
 *
 * For each plugin: refuse unsafe names, skip it when PLUGINS_DIR/NAME already has the digest,
 * otherwise download (curl URL globbing off: `{}` and `[]` stay literal) to a temporary file in the same directory, verify SHA-256 and rename it into
 * place (atomic: a failed or mismatched download never appears under the final name).
 */
export const PLUGIN_INSTALLER_SCRIPT = `set -eu

fail() {
  printf 'plugin-installer: %s\\n' "$*" >&2
  exit 1
}

tmp=''
cleanup() {
  if [ -n "$tmp" ]; then rm -f -- "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

dir=\${PLUGINS_DIR:-}
[ -n "$dir" ] || fail 'PLUGINS_DIR is not set'
[ -d "$dir" ] || fail "plugin directory $dir does not exist: is the plugins volume mounted?"
[ $(( $# % 4 )) -eq 0 ] || fail 'arguments come in groups of four: NAME URL SHA256 PROTOCOLS'

digest_of() {
  sha256sum "$1" | cut -d ' ' -f 1
}

while [ "$#" -gt 0 ]; do
  name=$1
  url=$2
  want=$3
  protocols=$4
  shift 4

  case "$name" in
    '' | .* | -* | *[!A-Za-z0-9._-]*)
      fail "plugin name '$name' is not a plain file name: use letters, digits, '.', '_' and '-', not starting with '.' or '-'" ;;
  esac
  case "$want" in
    *[!0-9a-fA-F]*) fail "plugin $name: sha256 must be 64 hexadecimal digits" ;;
  esac
  [ "\${#want}" -eq 64 ] || fail "plugin $name: sha256 must be 64 hexadecimal digits"
  want=$(printf '%s' "$want" | tr 'ABCDEF' 'abcdef')
  case "$protocols" in
    https | http,https) ;;
    *) fail "plugin $name: allowed protocols must be 'https' or 'http,https'" ;;
  esac
  case "$url" in
    https://*) ;;
    http://*)
      [ "$protocols" = 'http,https' ] ||
        fail "plugin $name: the url is plain http; set allowInsecureHttp: true on this plugin to allow it" ;;
    *) fail "plugin $name: the url must start with https://" ;;
  esac

  target="$dir/$name"
  [ ! -d "$target" ] || fail "plugin $name: $target is a directory; remove it"
  if [ -f "$target" ] && [ "$(digest_of "$target")" = "$want" ]; then
    printf 'plugin-installer: %s is already installed with the expected sha256, skipping\\n' "$name"
    continue
  fi

  tmp=$(mktemp "$dir/.plugin-installer.XXXXXX") || fail "plugin $name: cannot create a file in $dir: is the volume writable by this user?"
  printf 'plugin-installer: downloading %s\\n' "$name"
  if ! curl -fsSL --retry 3 --retry-delay 2 --connect-timeout 10 --max-time 300 \\
      --globoff --proto "=$protocols" --proto-redir "=$protocols" --output "$tmp" --url "$url"; then
    fail "plugin $name: download failed; nothing installed"
  fi
  got=$(digest_of "$tmp")
  [ "$got" = "$want" ] ||
    fail "plugin $name: sha256 mismatch: expected $want, downloaded $got; nothing installed"
  chmod 0644 "$tmp" && mv -f "$tmp" "$target" || fail "plugin $name: cannot move the verified download to $target"
  tmp=''
  printf 'plugin-installer: installed %s\\n' "$name"
done
`;
