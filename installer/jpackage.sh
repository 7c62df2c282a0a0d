#!/usr/bin/env bash
# Builds a native installer with the JDK's jpackage: .deb on Debian/Ubuntu (needs fakeroot + dpkg-deb),
# .msi on Windows (WiX), .dmg on macOS, each on its own platform (the Maven profile picks that platform's natives).
# The package carries its Java runtime (jlink), the backbone, the demo recipe and libtorch already unpacked, so the
# installed launcher starts with no network and writes nothing outside the user's data and cache folders.
#   installer/jpackage.sh [deb|rpm|msi|dmg|app-image] [--no-build]
#   --no-build   use target/kensa.jar and target/lib as they are (the installer test runs after `mvn package`)
# The .deb is xz-compressed by dpkg-deb (its default); DPKG_DEB_COMPRESSOR_TYPE / _LEVEL change that (the test uses
# none: four times faster to build, about twice the size).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
type=${1:-deb}
build=true
[ "${2:-}" = --no-build ] && build=false
cd "$root"
$build && mvn -q -B package -DskipTests
[ -f target/kensa.jar ] && [ -d target/lib ] || { echo "jpackage.sh: target/kensa.jar missing: run mvn -B package -DskipTests" >&2; exit 1; }

stage=target/jpackage-input
rm -rf "$stage" target/installer target/jpackage-tmp && mkdir -p "$stage/lib"
cp target/kensa.jar "$stage/"
# JDK 17's jpackage has no --app-content: resources ride in the input folder and land beside the jar ($APPDIR)
cp -r resources "$stage/resources"

# libtorch unpacked once here, laid out as DJL's engine cache (ENGINE_CACHE_DIR=$APPDIR/djl): DJL finds
# <version>-<flavor>-<classifier>/libtorch.so and <djl version>-libdjl_torch.so there and extracts nothing at start.
# The native jar keeps only native/lib/pytorch.properties, which names that folder; its 450 MB of .so files would
# otherwise be shipped twice.
native_jar=$(ls target/lib/pytorch-native-*.jar)
jni_jar=$(ls target/lib/pytorch-jni-*.jar)
for jar in target/lib/*.jar; do
  [ "$jar" = "$native_jar" ] || cp "$jar" "$stage/lib/"
done
unpack=target/jpackage-tmp && mkdir -p "$unpack/props"
(cd "$unpack/props" && jar xf "$root/$native_jar" native/lib/pytorch.properties)
prop() { sed -n "s/^$1=//p" "$unpack/props/native/lib/pytorch.properties" | tr -d '\r'; }
flavor=$(prop flavor)
classifier=$(prop classifier)
engine_dir="$stage/djl/pytorch/$(prop version)-$flavor-$classifier"
mkdir -p "$engine_dir"
(cd "$unpack" && jar xf "$root/$native_jar" "pytorch/$flavor/$classifier")
mv "$unpack/pytorch/$flavor/$classifier"/* "$engine_dir/"
djl_version=$(basename "$jni_jar" .jar | sed 's/.*-//')
(cd "$unpack" && jar xf "$root/$jni_jar" "jnilib/$classifier/$flavor")
for lib in "$unpack/jnilib/$classifier/$flavor"/*; do mv "$lib" "$engine_dir/$djl_version-$(basename "$lib")"; done
(cd "$unpack/props" && jar cf "$root/$stage/lib/$(basename "$native_jar")" native)
# JNA's own helper library, unpacked too: otherwise JNA extracts it on every start into ~/.cache/JNA, a folder the
# package would leave behind
case "$classifier" in
  linux-x86_64) jna_platform=linux-x86-64 ;; linux-aarch64) jna_platform=linux-aarch64 ;;
  win-x86_64) jna_platform=win32-x86-64 ;; osx-aarch64) jna_platform=darwin-aarch64 ;;
  *) echo "jpackage.sh: no JNA platform known for $classifier" >&2; exit 1 ;;
esac
jna_jar=$(ls target/lib/jna-[0-9]*.jar)
(cd "$unpack" && jar xf "$root/$jna_jar" "com/sun/jna/$jna_platform")
mv "$unpack/com/sun/jna/$jna_platform" "$stage/jna"
rm -rf "$unpack"

version=$(sed -n 's:.*<version>\([0-9.]*\).*SNAPSHOT</version>.*:\1:p' pom.xml | head -1)
jpackage --type "$type" --name kensa --app-version "${version:-0.1.0}" \
  --vendor "Kensa" --description "Inspection workstation: live PatchCore anomaly maps, LLM explanations, Accept/Override log" \
  --input "$stage" --main-jar kensa.jar --main-class io.kensa.Main \
  --java-options "-Xmx4g -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -Dkensa.resources=\$APPDIR/resources -DENGINE_CACHE_DIR=\$APPDIR/djl -Djna.boot.library.path=\$APPDIR/jna -Djna.nounpack=true" \
  --dest target/installer
echo "installer written to target/installer/"
