using System.CommandLine;

var root = new RootCommand("CarbonScope: measure the energy and CO2e of ML work.");
return root.Parse(args).Invoke();
