#!/usr/bin/env bash
# Makes the bundled satisfaction-survey prompts in resources/survey/ with
# espeak-ng's Mandarin voice (8 kHz mono 16-bit WAV, the caller is on a phone
# line). Run it again after changing a text; commit the WAVs it writes.
#
#   bash build/make-survey-prompts.sh
#
# Needs espeak-ng (Debian `espeak-ng`, 1.51) and sox. The voice is
# `cmn-latn-pinyin`, the Mandarin voice that reads its pinyin with Mandarin
# rules: plain `-v cmn` in espeak-ng 1.51 turns every 汉字 into pinyin and then
# speaks that pinyin with English letter rules ("ni three hao three").
# A centre replaces these files with its own recordings in the settings
# (调查提示音); any WAV/MP3/OGG Chromium can decode works there.
set -euo pipefail
cd "$(dirname "$0")/.."
out=resources/survey
mkdir -p "$out"

say() { # say NAME TEXT
  local tmp
  tmp=$(mktemp --suffix=.wav)
  espeak-ng -v cmn-latn-pinyin -s 150 -p 50 -a 150 -w "$tmp" "$2"
  # 8 kHz mono 16-bit, peaks at -3 dBFS, 150 ms of silence at both ends.
  sox "$tmp" -r 8000 -c 1 -b 16 "$out/$1.wav" norm -3 pad 0.15 0.15
  rm -f "$tmp"
  printf '%s: %s\n' "$out/$1.wav" "$(soxi -D "$out/$1.wav") s"
}

say invite  '您好，请对本次服务进行评价。非常满意请按1，满意请按2，一般请按3，不满意请按4。'
say invalid '您的按键无效，请重新输入。'
say thanks  '感谢您的评价，再见。'
