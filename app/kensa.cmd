@echo off
rem Kensa launcher for Windows: builds on first use (and again when the sources changed), then runs with DJL
rem offline and a user cache folder. Arguments go to the command line; none opens the window.
setlocal
set "ROOT=%~dp0.."
set "JAR=%ROOT%\target\kensa.jar"
set "STALE="
if not exist "%JAR%" set "STALE=1"
if exist "%JAR%" for /f %%i in ('powershell -NoProfile -Command "$j=(Get-Item '%JAR%').LastWriteTime; if (Get-ChildItem -Recurse -File '%ROOT%\src\main','%ROOT%\pom.xml' | Where-Object { $_.LastWriteTime -gt $j } | Select-Object -First 1) { 'stale' }"') do set "STALE=1"
if defined STALE (
  echo kensa: building ^(first run downloads dependencies from Maven Central^)... 1>&2
  pushd "%ROOT%" && call mvn -q -B package -DskipTests && popd || exit /b 1
)
set OPT_OUT_TRACKING=true
if "%DJL_CACHE_DIR%"=="" set "DJL_CACHE_DIR=%LOCALAPPDATA%\Kensa\cache\djl"
if "%KENSA_JAVA_OPTS%"=="" set "KENSA_JAVA_OPTS=-Xmx4g"
java %KENSA_JAVA_OPTS% -Dai.djl.offline=true "-Dkensa.resources=%ROOT%\resources" -jar "%JAR%" %*
