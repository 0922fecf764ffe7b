#!/usr/bin/env bash
# Makes the spoken digits that captcha embeds for its audio challenges:
# vi/VOICE/0.ulaw … vi/VOICE/9.ulaw (Vietnamese, northern) and
# en/VOICE/0.ulaw … en/VOICE/9.ulaw (English) for each of the voices
# below, each one word spoken by espeak-ng, trimmed of
# leading and trailing silence, brought to a common loudness, faded in and
# out over a few milliseconds, and stored as raw 8 kHz mono G.711 µ-law
# (one byte a sample, no header). See README.md beside this file.
#
# Needs espeak-ng and sox (Debian: apt-get install espeak-ng sox). The
# tests and the library do not: they read the committed files.
#
# sox runs with -R so that its dither is repeatable: the same espeak-ng
# gives byte-identical files on every run.
#
# Usage: bash captcha/audio/generate.sh   (from anywhere; writes beside itself)
set -euo pipefail
cd "$(dirname "$0")"

for tool in espeak-ng sox; do
  command -v "$tool" >/dev/null || { echo "generate.sh: $tool is not installed" >&2; exit 1; }
done

vi=(không một hai ba bốn năm sáu bảy tám chín)
en=(zero one two three four five six seven eight nine)

# target RMS level of every digit, in dBFS; peaks are kept at or under -1 dBFS.
target_rms=-17

# The voices, as espeak-ng variants (espeak-ng --voices=variant): the
# language's own voice, and two that move its pitch and formants down and
# up. Each voice's folder is named after its variant.
#   default  espeak-ng's own voice for the language
#   m8       pitch 65-102 Hz, formants at 96-97%, treble cut: a deep, dark voice
#   f3       pitch 140-240 Hz, F1 120%, F2 135%, F3 125%: a woman's voice
variants=(default m8 f3)
speed=120 # words a minute: slower than espeak-ng's 175, for clarity

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

make_digit() { # voice word out
  local voice="$1" word="$2" out="$3"
  espeak-ng -v "$voice" -s "$speed" -w "$tmp/raw.wav" "$word"
  # Trim: drop what is quieter than 0.5% of full scale at both ends.
  sox -R "$tmp/raw.wav" "$tmp/trim.wav" \
    gain -6 highpass 80 \
    silence 1 0.005 0.5% reverse silence 1 0.005 0.5% reverse \
    rate -h 8000
  # Level: the gain that brings the RMS to the target, unless the peak
  # would then pass -1 dBFS.
  local rms pk gain
  read -r rms pk < <(sox "$tmp/trim.wav" -n stats 2>&1 |
    awk '/^RMS lev dB/ {r=$4} /^Pk lev dB/ {p=$4} END {print r, p}')
  gain="$(awk -v r="$rms" -v p="$pk" -v t="$target_rms" \
    'BEGIN { g = t - r; if (p + g > -1) g = -1 - p; printf "%.2f", g }')"
  sox -R "$tmp/trim.wav" -t raw -e mu-law -b 8 -c 1 -r 8000 "$out" \
    gain "$gain" fade t 0.008 -0 0.015
}

rm -rf vi en
for variant in "${variants[@]}"; do
  suffix="+$variant"
  [ "$variant" = default ] && suffix=
  mkdir -p "vi/$variant" "en/$variant"
  for d in 0 1 2 3 4 5 6 7 8 9; do
    make_digit "vi$suffix" "${vi[$d]}" "vi/$variant/$d.ulaw"
    make_digit "en-us$suffix" "${en[$d]}" "en/$variant/$d.ulaw"
  done
done

# A summary to check by eye: duration and levels of every file.
for f in vi/*/*.ulaw en/*/*.ulaw; do
  printf '%s ' "$f"
  sox -t raw -e mu-law -b 8 -c 1 -r 8000 "$f" -n stats 2>&1 |
    awk '/^Length s/ {l=$3} /^RMS lev dB/ {r=$4} /^Pk lev dB/ {p=$4} END {printf "%.3f s, RMS %s dB, peak %s dB\n", l, r, p}'
done
