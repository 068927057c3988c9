package io.sugarbridge.client.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy =
      new RetryPolicy(5, Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(8), 2);

  @Test
  void fullJitterStaysUnderTheGrowingCap() {
    SplittableRandom random = new SplittableRandom(42);
    for (int attempt = 1; attempt <= 6; attempt++) {
      long capMs = Math.min(8000, 1000L << (attempt - 1));
      for (int i = 0; i < 200; i++) {
        Duration d = policy.delayAfter(attempt, null, random);
        assertThat(d).isBetween(Duration.ZERO, Duration.ofMillis(capMs));
      }
    }
  }

  @Test
  void jitterSpreadsWaits() {
    SplittableRandom random = new SplittableRandom(7);
    long distinct =
        java.util.stream.IntStream.range(0, 50)
            .mapToObj(i -> policy.delayAfter(3, null, random))
            .distinct()
            .count();
    assertThat(distinct).isGreaterThan(40);
  }

  @Test
  void retryAfterIsHonouredEvenAboveTheCap() {
    assertThat(policy.delayAfter(1, Duration.ofSeconds(20), new SplittableRandom(1)))
        .isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void boundedByAttemptsAndTotalTime() {
    assertThat(policy.allowsAnother(4, Duration.ZERO, Duration.ofSeconds(1))).isTrue();
    assertThat(policy.allowsAnother(5, Duration.ZERO, Duration.ofSeconds(1))).isFalse();
    assertThat(policy.allowsAnother(1, Duration.ofSeconds(59), Duration.ofSeconds(2))).isFalse();
    assertThat(RetryPolicy.none().allowsAnother(1, Duration.ZERO, Duration.ZERO)).isFalse();
  }

  @Test
  void everyRequestIsRetriedOnlyOnStatusesThatSayNothingWasDone() {
    assertThat(RetryPolicy.isRetryableStatus(429)).isTrue();
    assertThat(RetryPolicy.isRetryableStatus(503)).isTrue();
    for (int s : new int[] {400, 401, 403, 404, 409, 422, 500, 502, 504}) {
      assertThat(RetryPolicy.isRetryableStatus(s)).as("status %d", s).isFalse();
      assertThat(RetryPolicy.isRetryableStatus(s, false)).as("status %d", s).isFalse();
    }
    // 500, 502 and 504 may follow work done: only a request that may be repeated is sent again.
    for (int s : new int[] {429, 500, 502, 503, 504}) {
      assertThat(RetryPolicy.isRetryableStatus(s, true)).as("status %d", s).isTrue();
    }
  }

  @Test
  void retryAfterInSecondsOrHttpDate() {
    Clock clock = Clock.fixed(Instant.parse("2015-10-21T07:27:30Z"), ZoneOffset.UTC);
    assertThat(RetryAfter.parse("120", clock)).isEqualTo(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT", clock))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:00:00 GMT", clock)).isEqualTo(Duration.ZERO);
    assertThat(RetryAfter.parse("soon", clock)).isNull();
    assertThat(RetryAfter.parse(null, clock)).isNull();
  }

  @Test
  void aHostileRetryAfterEndsRetryingInsteadOfOverflowingOrStalling() {
    Clock clock = Clock.fixed(Instant.parse("2015-10-21T07:27:30Z"), ZoneOffset.UTC);
    Duration huge = RetryAfter.parse(Long.toString(Long.MAX_VALUE), clock);
    assertThat(huge).isNotNull();
    Duration d = policy.delayAfter(1, huge, new SplittableRandom(1));
    assertThat(policy.allowsAnother(2, Duration.ofSeconds(3), d)).isFalse();
    // Digits beyond a long still mean "a very long time", not "no header".
    Duration beyondLong = RetryAfter.parse("99999999999999999999999", clock);
    assertThat(beyondLong).isNotNull();
    assertThat(policy.allowsAnother(1, Duration.ofMillis(5), beyondLong)).isFalse();
    assertThat(
            policy.allowsAnother(
                1, Duration.ofMillis(5), RetryAfter.parse("Fri, 31 Dec 9999 23:59:59 GMT", clock)))
        .isFalse();
  }
}
