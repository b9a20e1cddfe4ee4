using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using ScottPlot;

namespace BlueGreen.Bench.Plot
{
    /// <summary>
    /// bench/Plot RESULTS.json OUT.png: the deployment's wall time against the number of machines, seed and BlueGreen
    /// (medians with min-max bars), on log-log axes, from what bench/Invoke-Bench.ps1 measured.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length != 2)
            {
                Console.Error.WriteLine("usage: BenchPlot <benchmarks.json> <out.png>");
                return 2;
            }

            using JsonDocument results = JsonDocument.Parse(File.ReadAllText(args[0]));
            var seed = new List<Point3>();
            var blueGreen = new List<Point3>();
            if (results.RootElement.TryGetProperty("deploy", out JsonElement deploy) && deploy.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement row in deploy.EnumerateArray())
                {
                    double n = row.GetProperty("machines").GetDouble();
                    Add(seed, n, row.GetProperty("seed"));
                    Add(blueGreen, n, row.GetProperty("bluegreen").GetProperty("total"));
                }
            }

            double delay = results.RootElement.GetProperty("parameters").GetProperty("launchDelay").GetDouble();
            var plot = new ScottPlot.Plot();
            Series(plot, seed, "seed (deploy-blue-green.sh)", Colors.OrangeRed);
            Series(plot, blueGreen, "BlueGreen (Start-BgDeployment)", Colors.SteelBlue);
            // Log axes: the values are drawn as log10, the ticks at the measured N and at 1-2-5 steps of seconds.
            var xTicks = new ScottPlot.TickGenerators.NumericManual();
            foreach (double n in seed.Concat(blueGreen).Select(p => p.N).Distinct().OrderBy(n => n))
            {
                xTicks.AddMajor(Math.Log10(n), n.ToString("0", System.Globalization.CultureInfo.InvariantCulture));
            }

            var yTicks = new ScottPlot.TickGenerators.NumericManual();
            double[] all = seed.Concat(blueGreen).SelectMany(p => new[] { p.Min, p.Max }).DefaultIfEmpty(1).ToArray();
            for (double decade = Math.Pow(10, Math.Floor(Math.Log10(all.Min()))); decade <= all.Max() * 10; decade *= 10)
            {
                foreach (double step in new[] { 1.0, 2.0, 5.0 })
                {
                    double value = decade * step;
                    if (value >= all.Min() / 2 && value <= all.Max() * 2)
                    {
                        yTicks.AddMajor(Math.Log10(value), value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture));
                    }
                }
            }

            plot.Axes.Bottom.TickGenerator = xTicks;
            plot.Axes.Left.TickGenerator = yTicks;
            plot.Axes.Margins(0.08, 0.1);
            plot.Title($"Deployment wall time against machines (launch delay {delay:0.##} s)");
            plot.XLabel("machines N (log)");
            plot.YLabel("wall time, s (log)");
            plot.ShowLegend(Alignment.UpperLeft);
            plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.12);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(args[1]))!);
            plot.SavePng(args[1], 900, 560);
            Console.WriteLine($"Wrote {args[1]}");
            return 0;
        }

        private readonly record struct Point3(double N, double Median, double Min, double Max);

        private static void Add(List<Point3> series, double n, JsonElement stat)
        {
            if (stat.TryGetProperty("median", out JsonElement median) && median.ValueKind == JsonValueKind.Number)
            {
                series.Add(new Point3(n, median.GetDouble() / 1000, stat.GetProperty("min").GetDouble() / 1000, stat.GetProperty("max").GetDouble() / 1000));
            }
        }

        private static void Series(ScottPlot.Plot plot, List<Point3> points, string label, Color color)
        {
            if (points.Count == 0)
            {
                return;
            }

            double[] xs = points.Select(p => Math.Log10(p.N)).ToArray();
            double[] ys = points.Select(p => Math.Log10(p.Median)).ToArray();
            var line = plot.Add.Scatter(xs, ys, color);
            line.LegendText = label;
            line.LineWidth = 2;
            line.MarkerSize = 8;
            var bars = plot.Add.ErrorBar(xs, ys, points.Select(p => Math.Log10(p.Max) - Math.Log10(p.Median)).ToArray());
            bars.YErrorPositive = points.Select(p => Math.Log10(p.Max) - Math.Log10(p.Median)).ToArray();
            bars.YErrorNegative = points.Select(p => Math.Log10(p.Median) - Math.Log10(p.Min)).ToArray();
            bars.Color = color;
            // Each point's value, so the figure can be read without the table.
            foreach (Point3 p in points)
            {
                var text = plot.Add.Text($"{p.Median:0.0} s", Math.Log10(p.N), Math.Log10(p.Median));
                text.LabelFontColor = color;
                text.LabelFontSize = 11;
                text.OffsetY = -6;
                text.LabelAlignment = Alignment.LowerCenter;
            }
        }
    }
}
