package io.exportjobs.worker.report;

import io.exportjobs.shared.export.TimeRange;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * The bars of the events-per-day chart: every UTC day of the range and of the data, empty days
 * included, so gaps show. Up to 400 days get a bar each; longer spans are grouped into weeks
 * (Monday to Sunday), and beyond about eight years into months, so a bar never gets thinner than a
 * couple of pixels for any range the policy allows.
 */
final class Timeline {

  enum Granularity {
    DAY("Day (UTC)", "per day"),
    WEEK("Week (UTC, Monday to Sunday)", "per week"),
    MONTH("Month (UTC)", "per month");

    final String axisTitle;
    final String per;

    Granularity(String axisTitle, String per) {
      this.axisTitle = axisTitle;
      this.per = per;
    }
  }

  /** One bar: its first day, its counts, and its axis label (null for none). */
  record Bucket(LocalDate start, long[] counts, String label) {
    long total() {
      return counts[0] + counts[1] + counts[2];
    }
  }

  private static final int MAX_DAILY = 400;
  private static final int MAX_WEEKLY = 400;
  private static final long MAX_SPAN_DAYS = 36_600;
  private static final int MAX_LABELS = 13;

  final Granularity granularity;
  final List<Bucket> buckets;

  private Timeline(Granularity granularity, List<Bucket> buckets) {
    this.granularity = granularity;
    this.buckets = buckets;
  }

  static Timeline of(List<DayCount> days, TimeRange range) {
    LocalDate rangeStart = range.from() == null ? null : utcDay(range.from());
    LocalDate rangeEnd = range.to() == null ? null : utcDay(range.to().minusNanos(1));
    LocalDate dataStart = days.isEmpty() ? null : days.get(0).day();
    LocalDate dataEnd = days.isEmpty() ? null : days.get(days.size() - 1).day();
    LocalDate start = min(min(rangeStart, dataStart), rangeEnd);
    LocalDate end = max(max(rangeEnd, dataEnd), rangeStart);
    if (start == null) {
      return new Timeline(Granularity.DAY, List.of());
    }
    if (ChronoUnit.DAYS.between(start, end) > MAX_SPAN_DAYS) {
      // an absurdly wide range: chart where the entries are
      start = dataStart == null ? end : dataStart;
      end = dataEnd == null ? end : dataEnd;
    }
    long span = ChronoUnit.DAYS.between(start, end) + 1;
    Granularity g =
        span <= MAX_DAILY
            ? Granularity.DAY
            : ChronoUnit.WEEKS.between(monday(start), monday(end)) + 1 <= MAX_WEEKLY
                ? Granularity.WEEK
                : Granularity.MONTH;
    LocalDate first = bucketStart(g, start);
    int n = (int) index(g, first, end) + 1;
    List<LocalDate> starts = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      starts.add(
          switch (g) {
            case DAY -> first.plusDays(i);
            case WEEK -> first.plusWeeks(i);
            case MONTH -> first.plusMonths(i);
          });
    }
    long[][] counts = new long[n][3];
    for (DayCount d : days) {
      long i = index(g, first, d.day());
      if (i >= 0 && i < n) {
        counts[(int) i][0] += d.counts().success();
        counts[(int) i][1] += d.counts().failure();
        counts[(int) i][2] += d.counts().denied();
      }
    }
    String[] labels = labels(g, starts);
    List<Bucket> buckets = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      buckets.add(new Bucket(starts.get(i), counts[i], labels[i]));
    }
    return new Timeline(g, buckets);
  }

  private static String[] labels(Granularity g, List<LocalDate> starts) {
    int n = starts.size();
    String[] labels = new String[n];
    if (g == Granularity.DAY && n <= 16) {
      for (int i = 0; i < n; i++) {
        labels[i] = Text.dayMonth(starts.get(i));
      }
    } else if (g == Granularity.DAY && n <= 62) {
      for (int i = 0; i < n; i += 7) {
        labels[i] = Text.dayMonth(starts.get(i));
      }
    } else if (g == Granularity.MONTH) {
      int years = starts.get(n - 1).getYear() - starts.get(0).getYear() + 1;
      int step = Math.max(1, (years + MAX_LABELS - 1) / MAX_LABELS);
      for (int i = 0; i < n; i++) {
        LocalDate d = starts.get(i);
        if (d.getMonthValue() == 1 && d.getYear() % step == 0) {
          labels[i] = Integer.toString(d.getYear());
        }
      }
    } else {
      // days or weeks over months: label the bar holding the first of each month (or quarter...)
      LocalDate from = starts.get(0);
      LocalDate to = starts.get(n - 1);
      long months = ChronoUnit.MONTHS.between(from.withDayOfMonth(1), to.withDayOfMonth(1)) + 1;
      int step = months <= MAX_LABELS ? 1 : months <= 2 * MAX_LABELS ? 3 : 12;
      boolean firstLabel = true;
      for (int i = 0; i < n; i++) {
        LocalDate bucketStart = starts.get(i);
        LocalDate bucketEnd = g == Granularity.DAY ? bucketStart : bucketStart.plusDays(6);
        LocalDate monthStart = bucketEnd.withDayOfMonth(1);
        boolean holdsFirst = !monthStart.isBefore(bucketStart);
        if (g == Granularity.DAY && n <= 200 && bucketStart.getDayOfMonth() == 15) {
          labels[i] = Text.dayMonth(bucketStart);
        }
        if (holdsFirst && (monthStart.getMonthValue() - 1) % step == 0) {
          labels[i] =
              firstLabel || monthStart.getMonthValue() == 1
                  ? Text.month(monthStart) + " " + monthStart.getYear()
                  : Text.month(monthStart);
          firstLabel = false;
        }
      }
    }
    return labels;
  }

  private static LocalDate bucketStart(Granularity g, LocalDate d) {
    return switch (g) {
      case DAY -> d;
      case WEEK -> monday(d);
      case MONTH -> d.withDayOfMonth(1);
    };
  }

  private static long index(Granularity g, LocalDate first, LocalDate d) {
    return switch (g) {
      case DAY -> ChronoUnit.DAYS.between(first, d);
      case WEEK -> Math.floorDiv(ChronoUnit.DAYS.between(first, d), 7);
      case MONTH -> ChronoUnit.MONTHS.between(first, d.withDayOfMonth(1));
    };
  }

  private static LocalDate monday(LocalDate d) {
    return d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
  }

  static LocalDate utcDay(java.time.Instant t) {
    return LocalDate.ofInstant(t, ZoneOffset.UTC);
  }

  private static LocalDate min(LocalDate a, LocalDate b) {
    return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
  }

  private static LocalDate max(LocalDate a, LocalDate b) {
    return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
  }
}
