#!/usr/bin/env bash
# Builds a native installer with the JDK's jpackage: .deb on Debian/Ubuntu (needs fakeroot + dpkg-deb),
# .msi on Windows (WiX), .dmg on macOS. The installed launcher carries the same JVM flags as app/kensa.
#   installer/jpackage.sh [deb|rpm|msi|dmg|app-image]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
type=${1:-deb}
cd "$root"
mvn -q -B package -DskipTests
stage=target/jpackage-input
rm -rf "$stage" target/installer && mkdir -p "$stage"
cp target/kensa.jar "$stage/" && cp -r target/lib "$stage/lib"
# JDK 17's jpackage has no --app-content: resources ride in the input folder and land beside the jar ($APPDIR)
cp -r resources "$stage/resources"
version=$(sed -n 's:.*<version>\([0-9.]*\).*SNAPSHOT</version>.*:\1:p' pom.xml | head -1)
jpackage --type "$type" --name kensa --app-version "${version:-0.1.0}" \
  --vendor "Kensa" --description "Inspection workstation: live PatchCore anomaly maps, LLM explanations, Accept/Override log" \
  --input "$stage" --main-jar kensa.jar --main-class io.kensa.Main \
  --java-options "-Xmx4g -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -Dkensa.resources=\$APPDIR/resources" \
  --dest target/installer
echo "installer written to target/installer/"
