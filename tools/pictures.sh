#!/usr/bin/env bash
# Builds a built-in pack's pictures from OpenMoji, their reference images
# for the render test, and the credits. Run by hand from anywhere in the
# repository; commit what it writes. Builds and tests never run it.
#
#   tools/pictures.sh [PACK]          build from the sources kept in tools/openmoji/
#   tools/pictures.sh --fetch [PACK]  first (re)fetch the sources with npm
#
# PACK is the id of a pack under assets/packs/ (default: example). Of the
# pictures tools/pictures.tsv lists, the pack gets those its pack.toml names:
# assets/packs/PACK/pictures/<name>.svg, with the references in
# assets/picturetest/testdata/PACK/. A picture is the same file in every
# pack that uses it. The credits list every picture of the manifest.
#
# Needs: go, inkscape (1.2: strokes to outlines), rsvg-convert (librsvg2-bin);
# npm only to fetch. On Debian: apt-get install inkscape librsvg2-bin npm
#
# Why the pictures are not OpenMoji's files as they are: Fyne's SVG renderer
# (oksvg, Fyne 2.8) draws every stroke at its width in screen pixels, not
# scaled with the viewBox, so OpenMoji's 2-unit black outlines come out as
# hairlines; it draws each implicit repeat of an arc command ("a 1,1 0 0
# 0 -1,1 1,1 0 0 0 1,1") with the first arc's numbers; and it reads a
# one-factor scale(s) transform as scale(s, 0). So each picture is:
#   1. composed from its OpenMoji layers (packtool compose, tools/pictures.tsv;
#      placed layers get a two-factor scale),
#   2. outlined: Inkscape turns every stroke into a filled shape,
#   3. cleaned: packtool svgpaths writes every path command letter out,
# and rsvg-convert renders the result as the reference that
# assets/picturetest compares Fyne's drawing with. The script also prints how
# far step 2–3 moved the picture from the composed original (as rsvg draws
# both): "mean" should stay under about 1.
set -euo pipefail

OPENMOJI_VERSION=17.0.0
root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
cd "$root"
fetch=false
[ "${1:-}" = "--fetch" ] && { fetch=true; shift; }
pack=${1:-example}
[ -f "assets/packs/$pack/pack.toml" ] || { echo "pictures.sh: no pack $pack (assets/packs/$pack/pack.toml)" >&2; exit 1; }
manifest=tools/pictures.tsv
src=tools/openmoji
pictures=assets/packs/$pack/pictures
refs=assets/picturetest/testdata/$pack
size=256
background='#FFF8E7' # the kiosk's cream; the render test draws on the same

for tool in go inkscape rsvg-convert; do
  command -v "$tool" >/dev/null || { echo "pictures.sh needs $tool (see the top of this script)" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/packtool" ./tools/packtool
packtool="$work/packtool"

# Every OpenMoji hexcode the manifest uses.
mapfile -t hexes < <(grep -v '^#' "$manifest" | cut -f2 | tr ' ' '\n' | sed 's/[@!].*//' | sed '/^$/d' | sort -u)

for h in "${hexes[@]}"; do
  [ -f "$src/$h.svg" ] && grep -q "^$h	" "$src/index.tsv" 2>/dev/null || fetch=true
done
if $fetch; then
  command -v npm >/dev/null || { echo "pictures.sh needs npm to fetch OpenMoji" >&2; exit 1; }
  echo "Fetching openmoji@$OPENMOJI_VERSION with npm"
  (cd "$work" && npm pack --silent "openmoji@$OPENMOJI_VERSION" >/dev/null &&
    tar xzf "openmoji-$OPENMOJI_VERSION.tgz" package/color/svg package/data/openmoji.csv package/LICENSE.txt)
  mkdir -p "$src"
  rm -f "$src"/*.svg
  for h in "${hexes[@]}"; do cp "$work/package/color/svg/$h.svg" "$src/"; done
  {
    echo "# OpenMoji $OPENMOJI_VERSION (npm package openmoji): hexcode<TAB>annotation<TAB>designer"
    "$packtool" openmoji-index -csv "$work/package/data/openmoji.csv" "${hexes[@]}"
  } >"$src/index.tsv"
  cp "$work/package/LICENSE.txt" assets/LICENSES/OpenMoji-CC-BY-SA-4.0.txt
fi

# The pictures the pack names (pictures/<name>.svg in its pack.toml).
used=$(grep -o 'pictures/[a-z0-9-]*\.svg' "assets/packs/$pack/pack.toml" | sort -u)
for f in $used; do
  name=$(basename "$f" .svg)
  grep -q "^$name	" "$manifest" || { echo "pictures.sh: $pack names $f, which $manifest does not list" >&2; exit 1; }
done

mkdir -p "$pictures" "$refs"
rm -f "$pictures"/*.svg "$pictures"/*.png "$refs"/*.png
grep -v '^#' "$manifest" | while IFS=$'\t' read -r name layers _; do
  grep -qx "pictures/$name.svg" <<<"$used" || continue
  # shellcheck disable=SC2086 # layers is a space-separated list
  "$packtool" compose -src "$src" -o "$work/$name.svg" $layers
  inkscape --actions="select-all:all;object-stroke-to-path;export-filename:$work/$name.outlined.svg;export-plain-svg;export-do" \
    "$work/$name.svg" 2>/dev/null
  "$packtool" svgpaths "$work/$name.outlined.svg" "$pictures/$name.svg"
  rsvg-convert -w $size -h $size -b "$background" "$pictures/$name.svg" -o "$refs/$name.png"
  rsvg-convert -w $size -h $size -b "$background" "$work/$name.svg" -o "$work/$name.before.png"
  printf '%-16s %s\n' "$name" "$("$packtool" imgdiff "$work/$name.before.png" "$refs/$name.png")"
done

"$packtool" credits -manifest "$manifest" -index "$src/index.tsv" \
  -md assets/LICENSES/CREDITS.md -txt assets/LICENSES/credits.txt
echo "Wrote $pictures, $refs and assets/LICENSES/{CREDITS.md,credits.txt}"
