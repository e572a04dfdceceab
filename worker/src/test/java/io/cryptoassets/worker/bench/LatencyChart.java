package io.cryptoassets.worker.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

/**
 * Latency by percentile, one line per run, request-to-result beside request-to-txupdate: the
 * usual HdrHistogram plot, where the x axis spreads the tail (0%, 90%, 99%, 99.9% are equally
 * far apart) and the y axis is logarithmic so saturated runs (seconds) and the paced run
 * (milliseconds) fit on one picture.
 */
final class LatencyChart {

    /** The tail is drawn up to 99.999% (x = 5): past the last samples there is nothing to show. */
    private static final double MAX_NINES = 5;

    private LatencyChart() {
    }

    static void write(List<RunFigures> runs, Path png) throws IOException {
        List<XYChart> charts = List.of(
                chart("request to result", runs, run -> run.phase().toResult),
                chart("request to txupdate (accepted withdrawals)", runs, run -> run.phase().toTxUpdate));
        BitmapEncoder.saveBitmap(charts, 1, 2, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static XYChart chart(String title, List<RunFigures> runs, Function<RunFigures, Histogram> latencies) {
        XYChart chart = new XYChartBuilder().width(700).height(480).title(title)
                .xAxisTitle("percentile").yAxisTitle("latency, ms (log scale)").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setYAxisLogarithmic(true)
                .setLegendPosition(Styler.LegendPosition.InsideNW)
                .setMarkerSize(0);
        // x counts the nines, -log10(1 - p): 0 is 0%, 1 is 90%, 2 is 99%, 3 is 99.9%. XChart's
        // logarithmic axis cannot take a custom label formatter, so the scale is computed here;
        // wide tick spacing keeps the ticks on whole numbers of nines.
        chart.getStyler().setXAxisTickMarkSpacingHint(110);
        chart.setCustomXAxisTickLabelsFormatter(LatencyChart::percentileLabel);
        for (RunFigures run : runs) {
            Histogram histogram = latencies.apply(run);
            if (histogram.getTotalCount() == 0) {
                continue;
            }
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (HistogramIterationValue value : histogram.percentiles(5)) {
                double nines = -Math.log10(1 - value.getPercentileLevelIteratedTo() / 100);
                if (!Double.isFinite(nines) || nines > MAX_NINES) {
                    break;
                }
                x.add(nines);
                y.add(Math.max(0.1, value.getValueIteratedTo() / 1e3));
            }
            chart.addSeries(label(run), x, y);
        }
        return chart;
    }

    private static String label(RunFigures run) {
        Scenario scenario = run.scenario();
        return scenario.paced()
                ? String.format(Locale.ROOT, "%s, %,d/s", scenario.name(), scenario.rate())
                : String.format(Locale.ROOT, "%s, %,.0f/s sustained", scenario.name(), run.phase().throughput());
    }

    /**
     * The percentile {@code nines} stands for: 0 is "0%", 2 is "99%", 3.5 is "99.97%". Each tick
     * gets a distinct label, which XChart needs to place them.
     */
    private static String percentileLabel(double nines) {
        double percentile = 100 * (1 - Math.pow(10, -nines));
        int decimals = Math.max(0, (int) Math.ceil(nines) - 2);
        return String.format(Locale.ROOT, "%." + decimals + "f%%", percentile);
    }
}
