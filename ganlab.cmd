@echo off
rem Launcher for the GanLab command line on Windows: builds src\GanLab.Cli (Release) and runs it.
rem Extra build properties (e.g. -p:TorchBackend=cuda-windows) can be given in GANLAB_BUILD_ARGS.
rem `ganlab.cmd test [dotnet test options]` restores the notebook tools and runs the test suite (install Chromium
rem yourself: the notebook render tests look for it in /usr/bin, so on Windows they fail without WSL).
setlocal
set "ROOT=%~dp0"
if /i "%~1"=="test" (
  pushd "%ROOT%"
  dotnet tool restore || exit /b 1
  for /f "tokens=1,* delims= " %%a in ("%*") do dotnet test GanLab.sln -c Release %%b
  popd
  exit /b %ERRORLEVEL%
)
dotnet build "%ROOT%src\GanLab.Cli\GanLab.Cli.csproj" -c Release --nologo -v quiet %GANLAB_BUILD_ARGS% 1>&2 || exit /b 1
dotnet "%ROOT%src\GanLab.Cli\bin\Release\net10.0\GanLab.Cli.dll" %*
