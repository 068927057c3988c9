package io.sugarbridge.sandbox.app.filter;

import io.sugarbridge.sandbox.api.SugarApiException;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;

/**
 * The {@code $dateRange} keywords of Sugar's filter language as inclusive day ranges relative to
 * today (UTC): {@code yesterday}, {@code today}, {@code tomorrow}, {@code last_7_days}, {@code
 * next_7_days}, {@code last_30_days}, {@code next_30_days}, {@code last_month}, {@code this_month},
 * {@code next_month}, {@code last_quarter}, {@code this_quarter}, {@code next_quarter}, {@code
 * last_year}, {@code this_year}, {@code next_year}.
 */
public final class DateRanges {
  private DateRanges() {}

  /** An inclusive range of days. */
  public record Days(LocalDate from, LocalDate to) {}

  public static Days of(String keyword, LocalDate today) {
    switch (keyword) {
      case "yesterday":
        return new Days(today.minusDays(1), today.minusDays(1));
      case "today":
        return new Days(today, today);
      case "tomorrow":
        return new Days(today.plusDays(1), today.plusDays(1));
      case "last_7_days":
        return new Days(today.minusDays(6), today);
      case "next_7_days":
        return new Days(today, today.plusDays(6));
      case "last_30_days":
        return new Days(today.minusDays(29), today);
      case "next_30_days":
        return new Days(today, today.plusDays(29));
      case "last_month":
        return month(today.minusMonths(1));
      case "this_month":
        return month(today);
      case "next_month":
        return month(today.plusMonths(1));
      case "last_quarter":
        return quarter(today.minusMonths(3));
      case "this_quarter":
        return quarter(today);
      case "next_quarter":
        return quarter(today.plusMonths(3));
      case "last_year":
        return year(today.minusYears(1));
      case "this_year":
        return year(today);
      case "next_year":
        return year(today.plusYears(1));
      default:
        throw SugarApiException.invalidParameter("Did not recognize the operand: " + keyword);
    }
  }

  private static Days month(LocalDate d) {
    return new Days(d.withDayOfMonth(1), d.with(TemporalAdjusters.lastDayOfMonth()));
  }

  private static Days quarter(LocalDate d) {
    LocalDate first = d.with(IsoFields.DAY_OF_QUARTER, 1);
    return new Days(first, first.plusMonths(3).minusDays(1));
  }

  private static Days year(LocalDate d) {
    return new Days(d.withDayOfYear(1), d.with(TemporalAdjusters.lastDayOfYear()));
  }
}
