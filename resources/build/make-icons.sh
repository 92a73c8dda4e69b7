#!/bin/sh
# Regenerates the app icons in this folder (needs ImageMagick 6 and the Noto Sans CJK SC font).
# The glyph is 财 in Noto Sans CJK SC Bold (SIL OFL) on a red rounded square with a gold rule.
set -eu
cd "$(dirname "$0")"
C=${CONVERT:-convert}
$C -size 1024x1024 xc:none \
  -fill '#b3261e' -draw "roundrectangle 64,64 960,960 200,200" \
  -fill none -stroke '#f3c969' -strokewidth 18 -draw "roundrectangle 112,112 912,912 160,160" \
  -stroke none -fill white -font Noto-Sans-CJK-SC-Bold -pointsize 600 -gravity center -annotate +0+10 '财' \
  -depth 8 /tmp/xiangcai-icon-1024.png
mkdir -p icons
for s in 16 24 32 48 64 128 256 512; do
  $C /tmp/xiangcai-icon-1024.png -resize ${s}x${s} -depth 8 -define png:color-type=6 icons/${s}x${s}.png
done
$C /tmp/xiangcai-icon-1024.png -resize 512x512 -depth 8 -define png:color-type=6 icon.png
$C /tmp/xiangcai-icon-1024.png -depth 8 -define icon:auto-resize=256,128,64,48,32,24,16 icon.ico
rm -f /tmp/xiangcai-icon-1024.png
