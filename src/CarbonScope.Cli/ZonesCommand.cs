using System.CommandLine;
using System.Globalization;
using CarbonScope.Grid;
using Spectre.Console;

namespace CarbonScope.Cli;

/// <summary><c>carbonscope zones [--search TEXT]</c>: the zones CarbonScope knows, and from which sources.</summary>
internal static class ZonesCommand
{
    private static readonly string[] s_columns = ["zone", "also", "name", "sources"];

    /// <summary>Zone forms the live providers take, beside the countries (docs/providers/).</summary>
    private static readonly (string Zone, string Name, string Sources)[] s_providerZones =
    [
        ("GB", "Great Britain, national", "ukgrid (measured and forecast, half-hourly)"),
        ("GB-REGION-1 .. GB-REGION-17", "Great Britain, a DNO region by id", "ukgrid (forecast)"),
        ("GB-POSTCODE-<outward code>", "Great Britain, the region of a postcode, e.g. GB-POSTCODE-RG10", "ukgrid (forecast)"),
        ("DK1, DK2", "Denmark, west and east price areas", "energidataservice (measured 5-minute, forecast)"),
        ("<Electricity Maps zone key>", "e.g. DE, FR, US-CAL-CISO, SE-SE3, DK-DK1", "electricitymaps (needs Grid:ElectricityMaps:ApiKey)"),
        ("<WattTime region>", "e.g. CAISO_NORTH; or a position LAT,LON", "watttime (marginal signal; needs Grid:WattTime:Username/Password)"),
        ("LAT,LON", "a position, e.g. 48.85,2.35", "electricitymaps, watttime"),
    ];

    public static Command Create(CliContext context)
    {
        var search = new Option<string>("--search") { Description = "Only zones whose code, name or source contains TEXT (any case).", HelpName = "TEXT" };
        var command = new Command("zones", "List the zones CarbonScope knows (countries, continents, sub-national and cloud zones, provider zone forms) and their sources.");
        command.Options.Add(search);
        command.SetAction(parse =>
        {
            var text = parse.GetValue(search)?.Trim();
            bool Matches(params string?[] fields) => text is null || fields.Any(f => f?.Contains(text, StringComparison.OrdinalIgnoreCase) == true);

            var table = new Table().Border(TableBorder.Simple);
            foreach (var column in s_columns)
            {
                table.AddColumn(column);
            }

            var embedded = EmbeddedIntensity.Default;
            var count = 0;
            foreach (var row in embedded.Rows.Concat(embedded.ZoneRows))
            {
                var source = string.Create(CultureInfo.InvariantCulture, $"embedded ({row.Source}, {row.Year}, {row.Value})");
                if (Matches(row.Zone, row.Alpha3, row.Name, source))
                {
                    table.AddRow(Markup.Escape(row.Zone), Markup.Escape(row.Alpha3 ?? string.Empty), Markup.Escape(row.Name), Markup.Escape(source));
                    count++;
                }
            }

            foreach (var country in Countries.All.Where(c => embedded.Find(c.Alpha2) is null))
            {
                const string Source = "embedded: no figure, the world average is used";
                if (Matches(country.Alpha2, country.Alpha3, country.Name, Source))
                {
                    table.AddRow(Markup.Escape(country.Alpha2), Markup.Escape(country.Alpha3), Markup.Escape(country.Name), Source);
                    count++;
                }
            }

            foreach (var (zone, name, sources) in s_providerZones)
            {
                if (Matches(zone, name, sources))
                {
                    table.AddRow(Markup.Escape(zone), string.Empty, Markup.Escape(name), Markup.Escape(sources));
                    count++;
                }
            }

            if (count == 0)
            {
                context.Out.WriteLine($"No zone matches '{text}'.");
                return ExitCodes.NotFound;
            }

            Output.Console(context.Out, context.OutIsTerminal).Write(table);
            context.Out.WriteLine($"{count} zone(s). Countries also answer to their alpha-3 code, in any case.");
            return ExitCodes.Success;
        });
        return command;
    }
}
