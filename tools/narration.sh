#!/usr/bin/env bash
# Generates a built-in pack's narration: one Ogg Vorbis clip per pupil
# statement, section (its lead and every statement), rule heading ("S is for
# Safe") and UI prompt, as pack.toml names them. Run by hand from anywhere
# in the repository; commit what it writes. Builds and tests never run it.
#
#   tools/narration.sh [PACK]
#
# PACK is the id of a pack under assets/packs/ (default: example); the clips
# go to assets/packs/PACK/narration/en-GB/.
#
# Needs: go, RHVoice with its English voices, sox, oggenc. On Debian (voices
# are in non-free: add "contrib non-free" to Components in
# /etc/apt/sources.list.d/debian.sources, then apt-get update):
#   apt-get install rhvoice rhvoice-english sox vorbis-tools
#
# Voice: RHVoice "Alan" (British English, male), the clearest British voice
# Debian has. Measured with an intelligibility check: 24 pupil sentences
# synthesised and transcribed by the pocketsphinx en-US recogniser (Debian
# pocketsphinx-en-us), word error rate at each voice's default speed: Alan
# 7 %, BDL (American) 9 %, SLT and CLB (American) 13 %, pico2wave en-GB 36 %;
# slowed to about 145 wpm with the engines' own rate control: Alan 9 %, pico
# 42 %. pico's output is also muffled and dated; BDL and SLT are American.
# espeak-ng was not considered (too robotic for pupils).
#
# Each sentence (or list item) is synthesised alone, trimmed of silence, and
# the sentences are joined with PAUSE seconds of silence (at least 0.7),
# with LEAD and TAIL seconds before and after, peak-normalised and encoded
# with oggenc -q 2 at 22050 Hz mono. RATE is RHVoice's speech rate (100 =
# its default, about 190–200 words a minute); clips that come out outside
# MIN_WPM–MAX_WPM are spoken again at a rate that brings them inside.
#
# The speaking rate each clip ends up with is printed, by the formula the
# assets test checks (110–170 wpm; this script aims at 130–160):
#   wpm = 60 × words ÷ (duration − 0.7 s × (sentences − 1) − 0.3 s)
# that is, the inter-sentence pauses (0.7 s each, the minimum) and the lead
# and tail silence (0.3 s at most) do not count as speaking time. Words are
# those of the text as written, split at spaces and "/".
#
# What each clip says goes to narration/<lang>/script.tsv in the pack: it is
# also the script for a school that wants to record its own voice (drop a
# file at <data folder>/recordings/<pack id>/<same path> to replace a clip).
set -euo pipefail

RATE=${RATE:-70}
MIN_WPM=135
MAX_WPM=155
PAUSE=0.75
LEAD=0.1
TAIL=0.2
VOICE=alan
LANG_TAG=en-GB

root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
cd "$root"
pack=assets/packs/${1:-example}
[ -f "$pack/pack.toml" ] || { echo "narration.sh: no pack ${1:-example} ($pack/pack.toml)" >&2; exit 1; }
out=$pack/narration/$LANG_TAG

for tool in go RHVoice-test sox soxi oggenc; do
  command -v "$tool" >/dev/null || { echo "narration.sh needs $tool (see the top of this script)" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/packtool" ./tools/packtool
"$work/packtool" narration-script -pack "$pack" -lang "$LANG_TAG" >"$work/script.tsv"

# spoken rewrites the written text where the voice would misread it.
# Initialisms are spelled out letter by letter; "a/ b" is read "a or b".
spoken() {
  sed -e 's#parents/carers#parents or carers#g' \
    -e 's#\bAUP\b#A U P#g' \
    -e 's#\bICT\b#I C T#g' \
    -e 's#\bAI\b#A I#g' \
    -e 's#\bDSL\b#D S L#g' \
    -e 's#\bIT\b#I T#g' \
    -e 's#/ # or #g' \
    -e 's#\boffsite\b#off site#g' <<<"$1"
}

# synth speaks sentence $1 at rate $3 into $2, trimmed of leading and
# trailing silence (RHVoice's "silence" is noise at about -47 dB).
synth() {
  spoken "$1" | RHVoice-test -p "$VOICE" -r "$3" -o "$work/raw.wav"
  sox -R "$work/raw.wav" -r 22050 -c 1 -b 16 "$2" \
    silence 1 0.02 -40d reverse silence 1 0.02 -40d reverse
}

words() { tr '/' ' ' <<<"$1" | wc -w; }

find "$out" -name '*.ogg' -delete 2>/dev/null || true
mkdir -p "$out"
sox -R -n -r 22050 -c 1 -b 16 "$work/pause.wav" trim 0 "$PAUSE"

# wpm prints the speaking rate of a clip by the formula above: words,
# sentences, duration in seconds.
wpm() { echo "60 * $1 / ($3 - 0.7 * ($2 - 1) - 0.3)" | bc -l; }

# build speaks the sentences of one clip at rate $1 into $work/clip.wav.
build() {
  local rate=$1 n=0 s parts=()
  for s in "${sentences[@]}"; do
    [ $n -gt 0 ] && parts+=("$work/pause.wav")
    synth "$s" "$work/s$n.wav" "$rate"
    parts+=("$work/s$n.wav")
    n=$((n + 1))
  done
  sox -R "${parts[@]}" "$work/clip.wav" pad "$LEAD" "$TAIL" norm -1
}

# Clip paths in the order they first appear; each clip's lines are adjacent.
mapfile -t clips < <(cut -f1 "$work/script.tsv" | awk '!seen[$0]++')
printf '%-44s %5s %5s %5s %7s %6s\n' clip words sents rate seconds wpm
for clip in "${clips[@]}"; do
  mapfile -t sentences < <(awk -F'\t' -v c="$clip" '$1 == c { print $2 }' "$work/script.tsv")
  n=${#sentences[@]}
  w=0
  for s in "${sentences[@]}"; do w=$((w + $(words "$s"))); done
  # RHVoice's rate is proportional to speed: a clip that comes out faster
  # than MAX_WPM or slower than MIN_WPM is spoken again at the rate that
  # brings it to that bound (within 0.7–1.6 times RATE).
  rate=$RATE
  build "$rate"
  got=$(wpm "$w" "$n" "$(soxi -D "$work/clip.wav")")
  target=$(echo "if ($got > $MAX_WPM) $MAX_WPM else if ($got < $MIN_WPM) $MIN_WPM else 0" | bc -l)
  if [ "$(echo "$target > 0" | bc)" = 1 ]; then
    rate=$(echo "r = $RATE * $target / $got; if (r < $RATE * 0.7) r = $RATE * 0.7; if (r > $RATE * 1.6) r = $RATE * 1.6; scale = 0; r / 1" | bc -l)
    build "$rate"
  fi
  mkdir -p "$(dirname "$pack/$clip")"
  # A fixed stream serial number keeps the output the same from run to run.
  serial=$(cksum <<<"$clip" | cut -d' ' -f1)
  oggenc -Q -q 2 -s "$((serial % 2147483647))" -o "$pack/$clip" "$work/clip.wav"
  d=$(soxi -D "$pack/$clip")
  printf '%-44s %5d %5d %5d %7.2f %6.1f\n' "$clip" "$w" "$n" "$rate" "$d" "$(wpm "$w" "$n" "$d")"
done

{
  echo "# What each narration clip of this pack says, one line per sentence (or list item),"
  echo "# with at least 700 ms of silence between a clip's lines. Written by tools/narration.sh."
  echo "# To record a familiar voice instead, save <data folder>/recordings/<pack id>/<clip path>."
  echo "# clip path<TAB>text"
  cat "$work/script.tsv"
} >"$out/script.tsv"
echo "Wrote $(ls "$out"/*.ogg "$out"/*/*.ogg | wc -l) clips ($(du -sh "$out" | cut -f1)) and $out/script.tsv"
