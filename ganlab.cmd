@echo off
rem Launcher for the GanLab command line on Windows: builds src\GanLab.Cli (Release) and runs it.
rem Extra build properties (e.g. -p:TorchBackend=cuda-windows) can be given in GANLAB_BUILD_ARGS.
setlocal
set "ROOT=%~dp0"
dotnet build "%ROOT%src\GanLab.Cli\GanLab.Cli.csproj" -c Release --nologo -v quiet %GANLAB_BUILD_ARGS% 1>&2 || exit /b 1
dotnet "%ROOT%src\GanLab.Cli\bin\Release\net10.0\GanLab.Cli.dll" %*
