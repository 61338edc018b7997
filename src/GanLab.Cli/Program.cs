using System.CommandLine;
using GanLab.Cli;

return Commands.Build().Parse(args).Invoke();
