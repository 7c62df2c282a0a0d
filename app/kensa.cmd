@echo off
rem Kensa launcher for Windows: builds on first use, then runs with DJL offline and a user cache folder.
setlocal
set "ROOT=%~dp0.."
set "JAR=%ROOT%\target\kensa.jar"
if not exist "%JAR%" (
  echo kensa: building ^(first run downloads dependencies from Maven Central^)... 1>&2
  pushd "%ROOT%" && call mvn -q -B package -DskipTests && popd || exit /b 1
)
set OPT_OUT_TRACKING=true
if "%DJL_CACHE_DIR%"=="" set "DJL_CACHE_DIR=%LOCALAPPDATA%\Kensa\cache\djl"
if "%KENSA_JAVA_OPTS%"=="" set "KENSA_JAVA_OPTS=-Xmx4g"
java %KENSA_JAVA_OPTS% -Dai.djl.offline=true "-Dkensa.resources=%ROOT%\resources" -jar "%JAR%" %*
