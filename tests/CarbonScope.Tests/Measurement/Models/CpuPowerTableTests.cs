using CarbonScope.Measurement.Models;

namespace CarbonScope.Tests.Measurement.Models;

public class CpuPowerTableTests
{
    [Fact]
    public void The_embedded_table_loads_with_its_provenance()
    {
        var table = CpuPowerTable.Default;

        Assert.Equal(4891, table.Count);
        Assert.Contains("codecarbon/data/hardware/cpu_power.csv", table.Provenance, StringComparison.Ordinal);
        Assert.Contains("811df7ff", table.Provenance, StringComparison.Ordinal);
        Assert.Contains("MIT", table.Provenance, StringComparison.Ordinal);
        Assert.Contains("Copyright (c) 2023 Code Carbon NGO", table.Provenance, StringComparison.Ordinal);
    }

    [Fact]
    public void An_exact_name_matches_its_entry()
    {
        var match = CpuPowerTable.Default.Match("Intel Xeon Gold 6248", 80);

        Assert.Equal(CpuMatchKind.Exact, match.Kind);
        Assert.Equal("Intel Xeon Gold 6248", match.TableEntry);
        Assert.Equal(150, match.TdpPerPackage.Watts);
        Assert.Contains("exact match", match.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void An_exact_match_ignores_case_and_runs_of_whitespace()
    {
        var match = CpuPowerTable.Default.Match("  intel   XEON gold 6248 ", 80);

        Assert.Equal(CpuMatchKind.Exact, match.Kind);
        Assert.Equal("Intel Xeon Gold 6248", match.TableEntry);
    }

    [Theory]
    [InlineData("Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz", "Intel Xeon Gold 6248", 150)]
    [InlineData("AMD EPYC 7763 64-Core Processor", "AMD EPYC 7763", 280)]
    [InlineData("Intel(R) Core(TM) i7-10700K CPU @ 3.80GHz", "Intel Core i7-10700K", 125)]
    [InlineData("AMD Ryzen 9 5950X 16-Core Processor", "AMD Ryzen 9 5950X", 105)]
    [InlineData("Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz", "Intel Xeon Gold 6248R", 205)]
    [InlineData("Intel(R) Xeon(R) Platinum 8592+", "Intel Xeon Platinum 8592+", 350)]
    [InlineData("Intel(R) Xeon(R) CPU E5-2690 v4 @ 2.60GHz", "Intel Xeon E5-2690 v4", 135)]
    [InlineData("11th Gen Intel(R) Core(TM) i7-1165G7 @ 2.80GHz", "Intel Core i7-1165G7", 28)]
    [InlineData("AMD Ryzen 7 7840U w/ Radeon 780M Graphics", "AMD Ryzen 7 7840U", 28)]
    [InlineData("AMD Ryzen 7 PRO 4750U with Radeon Graphics", "AMD Ryzen 7 PRO 4750U", 15)]
    [InlineData("AMD FX(tm)-8350 Eight-Core Processor", "AMD FX-8350", 125)]
    [InlineData("Intel(R) Core(TM)2 Duo CPU     E8400  @ 3.00GHz", "Intel Core 2 Duo E8400", 65)]
    [InlineData("AMD Opteron(tm) Processor 6276", "AMD Opteron 6276", 115)]
    public void Real_cpuinfo_model_names_fuzzy_match_their_entry(string cpuinfo, string entry, double watts)
    {
        var match = CpuPowerTable.Default.Match(cpuinfo, 64);

        Assert.Equal(CpuMatchKind.Fuzzy, match.Kind);
        Assert.Equal(entry, match.TableEntry);
        Assert.Equal(watts, match.TdpPerPackage.Watts);
        Assert.Equal($"CPU table entry '{entry}' (fuzzy match of '{string.Join(' ', cpuinfo.Split(' ', StringSplitOptions.RemoveEmptyEntries))}')", match.Description);
    }

    [Fact]
    public void A_name_with_extra_words_matches_on_its_model_number()
    {
        // First-generation E5 Xeons print a stray "0" where later ones print "v2", "v3", ...
        var match = CpuPowerTable.Default.Match("Intel(R) Xeon(R) CPU E5-2690 0 @ 2.90GHz", 32);

        Assert.Equal(CpuMatchKind.Fuzzy, match.Kind);
        Assert.Equal("Intel Xeon E5-2690", match.TableEntry);
        Assert.Equal(135, match.TdpPerPackage.Watts);
        Assert.Contains("model number 'e5-2690', 2 of 3 words in common", match.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Intel(R) Xeon(R) Platinum 8480C", "8480c")]     // a cloud SKU: the table has 8480+, not 8480C
    [InlineData("AMD EPYC 7B13", "7b13")]                        // a cloud SKU close to the 7713
    [InlineData("Intel(R) Core(TM) i7-10700KX CPU @ 3.80GHz", "i7-10700kx")]
    public void A_model_must_not_fuzzy_match_a_different_sku(string cpuinfo, string modelNumber)
    {
        var match = CpuPowerTable.Default.Match(cpuinfo, 16);

        Assert.Equal(CpuMatchKind.UnknownModelDefault, match.Kind);
        Assert.Null(match.TableEntry);
        Assert.Contains($"no entry has its model number '{modelNumber}'", match.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_model_gets_4_watts_per_logical_cpu_and_says_so()
    {
        var match = CpuPowerTable.Default.Match("Imaginary Turbo X9000 Processor", 16);

        Assert.Equal(CpuMatchKind.UnknownModelDefault, match.Kind);
        Assert.Equal(64, match.TdpPerPackage.Watts);
        Assert.Equal(
            "'Imaginary Turbo X9000 Processor' is not in the CPU table (no entry has its model number 'x9000'): codecarbon's default for an unknown CPU, 4 W x 16 logical CPUs = 64 W",
            match.Description);
    }

    [Fact]
    public void A_model_name_without_a_model_number_is_unknown()
    {
        var match = CpuPowerTable.Default.Match("Intel(R) Xeon(R) CPU @ 2.20GHz", 8);

        Assert.Equal(CpuMatchKind.UnknownModelDefault, match.Kind);
        Assert.Equal(32, match.TdpPerPackage.Watts);
        Assert.Contains("it has no model number to look up", match.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void No_model_name_gets_85_watts_and_says_so(string? model)
    {
        var match = CpuPowerTable.Default.Match(model, 16);

        Assert.Equal(CpuMatchKind.UndetectedDefault, match.Kind);
        Assert.Equal(85, match.TdpPerPackage.Watts);
        Assert.Equal("CPU model not detected: codecarbon's default of 85 W for the whole CPU", match.Description);
    }

    [Fact]
    public void A_generation_suffix_must_be_in_the_entry()
    {
        var table = Load("Intel Xeon E5-2690,135", "Intel Xeon E5-2690 v3,135");

        Assert.Equal(CpuMatchKind.UnknownModelDefault, table.Match("Intel(R) Xeon(R) CPU E5-2690 v4 @ 2.60GHz", 56).Kind);
        Assert.Equal("Intel Xeon E5-2690 v3", table.Match("Intel(R) Xeon(R) CPU E5-2690 v3 @ 2.60GHz", 56).TableEntry);
    }

    [Fact]
    public void A_vendor_that_differs_prevents_a_match()
    {
        var table = Load("AMD Opteron 6238,115");

        Assert.Equal(CpuMatchKind.UnknownModelDefault, table.Match("Intel(R) Xeon(R) Gold 6238 CPU @ 2.10GHz", 8).Kind);
        Assert.Equal(CpuMatchKind.Fuzzy, table.Match("AMD Opteron(TM) Processor 6238", 8).Kind);
    }

    [Fact]
    public void Word_overlap_ties_go_to_the_entry_with_fewer_words_then_the_shorter_name()
    {
        var table = Load("Intel Xeon Gold 6248 Fast,170", "Intel Xeon Gold 6248 Server Edition,160", "Intel Xeon Gold 6248,150", "Intel Xeon Gold 6248 Z,140");

        // "intel xeon gold 6248 special": 3 words in common with every entry; the 3-word entry wins.
        var match = table.Match("Intel(R) Xeon(R) Gold 6248 Special", 8);

        Assert.Equal("Intel Xeon Gold 6248", match.TableEntry);
        Assert.Equal(150, match.TdpPerPackage.Watts);
        Assert.Equal("Intel Xeon Gold 6248 Z", Load("Intel Xeon Gold 6248 Fast,170", "Intel Xeon Gold 6248 Z,140").Match("Intel Xeon Gold 6248 Special", 8).TableEntry);
    }

    [Fact]
    public void The_entry_sharing_the_most_words_wins()
    {
        var table = Load("Intel Xeon 6248,100", "Intel Xeon Gold 6248,150");

        Assert.Equal("Intel Xeon Gold 6248", table.Match("Intel(R) Xeon(R) Gold 6248 Special", 8).TableEntry);
    }

    [Fact]
    public void Quoted_names_with_commas_are_read()
    {
        var match = CpuPowerTable.Default.Match("Intel EP80579 Integrated, 1066 MHz", 1);

        Assert.Equal(CpuMatchKind.Exact, match.Kind);
        Assert.Equal(18, match.TdpPerPackage.Watts);
    }

    [Fact]
    public void Unknown_model_with_no_thread_count_uses_this_machines()
    {
        var match = Load("Intel Xeon Gold 6248,150").Match("Imaginary 1234", 0);

        Assert.Equal(4.0 * Environment.ProcessorCount, match.TdpPerPackage.Watts);
    }

    [Theory]
    [InlineData("model,tdp\nA,1\n")]
    [InlineData("model,tdp_watts\nA\n")]
    [InlineData("model,tdp_watts\nA,zero\n")]
    [InlineData("model,tdp_watts\nA,-5\n")]
    [InlineData("model,tdp_watts\n\"A,1\n")]
    [InlineData("# only a comment\n")]
    public void A_malformed_table_is_rejected_with_the_line(string text)
    {
        Assert.Throws<FormatException>(() => CpuPowerTable.Load(new StringReader(text)));
    }

    [Fact]
    public void Total_tdp_multiplies_table_figures_by_packages_but_not_defaults()
    {
        var table = Load("Intel Xeon Gold 6248,150");

        Assert.Equal(300, table.Match("Intel Xeon Gold 6248", 80).TotalTdp(2).Watts);
        Assert.Equal(320, table.Match("Imaginary 1234", 80).TotalTdp(2).Watts);
        Assert.Equal(85, table.Match(null, 80).TotalTdp(2).Watts);
    }

    [Fact]
    public void A_name_without_a_model_number_matches_the_same_part_only_and_a_name_of_noise_matches_nothing()
    {
        var table = Load("Intel Xeon Processor (Skylake),95", "Intel Xeon Gold 6248,150", "AMD EPYC,180", "Intel(R) Xeon(TM) Phi,215");

        var xeon = table.Match("Intel(R) Xeon(R) Processor (Skylake)", 2);
        var epyc = table.Match("AMD EPYC Processor", 2);
        var phi = table.Match("Intel Xeon Phi CPU", 2);
        var noise = table.Match("Intel(R) Processor", 2);

        Assert.Equal(("Intel Xeon Processor (Skylake)", 95.0), (xeon.TableEntry, xeon.TdpPerPackage.Watts));
        Assert.Equal(("AMD EPYC", 180.0), (epyc.TableEntry, epyc.TdpPerPackage.Watts));
        Assert.Equal(("Intel(R) Xeon(TM) Phi", 215.0), (phi.TableEntry, phi.TdpPerPackage.Watts)); // found through its marks
        Assert.Equal((CpuMatchKind.UnknownModelDefault, 8.0), (noise.Kind, noise.TdpPerPackage.Watts));
    }

    private static CpuPowerTable Load(params string[] rows) =>
        CpuPowerTable.Load(new StringReader("# test table\nmodel,tdp_watts\n" + string.Join('\n', rows) + "\n"));
}
