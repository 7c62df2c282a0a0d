#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Kensa needs, only those missing. Needs root or sudo.
#   setup-debian.sh gui     GTK/OpenGL libraries for the JavaFX window
#   setup-debian.sh gige    Aravis (GigE Vision / USB3 Vision cameras)
#   setup-debian.sh screenshot   Xvfb for headless screenshots
set -euo pipefail
case "${1:-}" in
  gui) packages=(libgtk-3-0 libgl1 libxtst6 libxxf86vm1) ;;
  gige) packages=(libaravis-0.8-0 aravis-tools) ;;
  screenshot) packages=(xvfb xauth) ;;
  *) echo "usage: $0 gui|gige|screenshot" >&2; exit 2 ;;
esac
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing ${missing[*]} ..." >&2
$sudo apt-get install -y "${missing[@]}" || { $sudo apt-get update && $sudo apt-get install -y "${missing[@]}"; }
